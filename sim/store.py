"""The result store: one checksummed file per finished (or failed) replication.

Every replication is written as soon as it finishes, atomically (temporary file, fsync,
rename), under a key made of a hash of the resolved *model* configuration (everything but the
run-only keys of ``run``: replications, processes, backend, progress, store, ...), the master
seed and the replication number::

    <root>/<model hash>/config.yaml                the model configuration that was hashed
    <root>/<model hash>/seed-<seed>/rep-<i>.pkl    one replication: its row and its tables

Running the same configuration again reuses what is there. A record starts with a magic line
and the SHA-256 of its payload; a file that is truncated, corrupted or of another format is
never read as a result: it is reported as corrupt and recomputed. A failed replication is
stored with its error and computed again only when asked (``retry_failed``).

The root is ``run.store``; if unset, ``$SWSIM_STORE``, else ``$XDG_CACHE_HOME/swsim/store``,
else ``~/.cache/swsim/store``. Records are pickles: read only stores you wrote yourself.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.config import SwsimConfig

STORE_ENV = "SWSIM_STORE"
MAGIC = b"SWSIM-RECORD-1\n"
RESULT_KEY = "_result"
#: Temporary files older than this (seconds) are left over from a killed run and removed.
STALE_SECONDS = 60.0
_DIGEST_LEN = 64


def default_root() -> Path:
    """The per-user store: ``$SWSIM_STORE``, else the user's cache folder."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV]).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "swsim" / "store"


def model_dict(cfg: SwsimConfig) -> dict[str, Any]:
    """The model configuration: ``cfg`` as plain data without the run-only section."""
    data = dataclasses.asdict(cfg)
    data.pop("run", None)
    return data


def _plain(value: Any) -> Any:
    """JSON for what json does not know: sets in sorted order (stable across processes)."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    return repr(value)


def model_key(cfg: SwsimConfig) -> str:
    """A stable hash of the model configuration (run-only keys excluded)."""
    text = json.dumps(model_dict(cfg), sort_keys=True, default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


# --------------------------------------------------------------------------- files


def fsync_write(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return path


def encode(payload: Any) -> bytes:
    """A record: the magic line, the payload's SHA-256, the pickled payload."""
    body = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body


def decode(data: bytes) -> Any:
    """The payload of a record.

    Raises
    ------
    ValueError
        If the record is not complete and intact (wrong magic, checksum or truncated).
    """
    if not data.startswith(MAGIC):
        raise ValueError("not a swsim record")
    head = len(MAGIC)
    digest, body = data[head:head + _DIGEST_LEN], data[head + _DIGEST_LEN + 1:]
    if hashlib.sha256(body).hexdigest().encode("ascii") != digest:
        raise ValueError("checksum mismatch")
    return pickle.loads(body)  # the user's own store, checksummed


def remove_stale_temps(folder: Path, older_than: float = STALE_SECONDS) -> int:
    """Remove temporary files (``.*.tmp``) left by killed runs; return how many."""
    if not folder.is_dir():
        return 0
    now, removed = time.time(), 0
    for tmp in folder.rglob(".*.tmp"):
        try:
            if now - tmp.stat().st_mtime > older_than:
                tmp.unlink()
                removed += 1
        except OSError:
            continue
    return removed


# --------------------------------------------------------------------------- the store


@dataclass
class Lookup:
    """What the store already holds for replications ``0 .. n-1``."""

    found: dict[int, dict[str, Any]] = field(default_factory=dict)
    todo: list[int] = field(default_factory=list)
    corrupt: list[int] = field(default_factory=list)
    failed_reused: list[int] = field(default_factory=list)


class ResultStore:
    """Replication records under ``root``, keyed by model hash, seed and replication."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root).expanduser() if root else default_root()

    def __repr__(self) -> str:
        return f"ResultStore({str(self.root)!r})"

    def folder(self, cfg: SwsimConfig, seed: int) -> Path:
        """The folder of one model configuration and master seed."""
        return self.root / model_key(cfg) / f"seed-{seed}"

    def path(self, cfg: SwsimConfig, seed: int, replication: int) -> Path:
        """The record file of one replication."""
        return self.folder(cfg, seed) / f"rep-{replication:06d}.pkl"

    def prepare(self, cfg: SwsimConfig, seed: int, config_yaml: str = "") -> Path:
        """Create the folder (checking it is writable), note the model config, clean temps.

        Raises
        ------
        OSError
            If the store cannot be created or written.
        """
        folder = self.folder(cfg, seed)
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(folder)
        note = folder.parent / "config.yaml"
        if config_yaml and not note.exists():
            fsync_write(note, config_yaml.encode("utf-8"))
        return folder

    def save(self, cfg: SwsimConfig, seed: int, row: Mapping[str, Any]) -> Path:
        """Store one replication row (with its ``RunResult`` under ``"_result"`` if any)."""
        payload = {"row": {k: v for k, v in row.items() if k != RESULT_KEY},
                   "result": row.get(RESULT_KEY)}
        return fsync_write(self.path(cfg, seed, int(row["replication"])), encode(payload))

    def load(self, cfg: SwsimConfig, seed: int, replication: int) -> dict[str, Any] | None:
        """The stored row (tables under ``"_result"``), ``None`` if absent.

        Raises
        ------
        ValueError
            If the file is there but corrupt or partial.
        """
        try:
            data = self.path(cfg, seed, replication).read_bytes()
        except FileNotFoundError:
            return None
        payload = decode(data)
        return {**payload["row"], RESULT_KEY: payload["result"]}

    def lookup(self, cfg: SwsimConfig, seed: int, replications: Iterable[int],
               retry_failed: bool = False) -> Lookup:
        """Split replications into those found (reusable) and those to compute."""
        out = Lookup()
        for rep in replications:
            try:
                row = self.load(cfg, seed, rep)
            except (ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError):
                out.corrupt.append(rep)
                row = None
            failed = row is not None and row.get("error") is not None
            if row is None or (failed and retry_failed):
                out.todo.append(rep)
                continue
            out.found[rep] = row
            if failed:
                out.failed_reused.append(rep)
        return out


def as_store(store: ResultStore | str | Path | None) -> ResultStore | None:
    """A :class:`ResultStore` from a store, a root folder or ``None`` (no store)."""
    if store is None or isinstance(store, ResultStore):
        return store
    return ResultStore(store)
