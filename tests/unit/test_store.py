"""The result store: keys, checksummed atomic records, reuse, corruption, failures."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest

from sim.config import SwsimConfig
from sim.loading import load_config
from sim.store import (
    MAGIC,
    STORE_ENV,
    ResultStore,
    decode,
    default_root,
    encode,
    model_key,
    remove_stale_temps,
)

SMALL = ["scenario=mmc", "scenario.horizon_days=30", "scenario.warmup_days=5", "run.seed=3"]


@pytest.fixture(scope="module")
def cfg() -> SwsimConfig:
    """A small M/M/c configuration."""
    return load_config(SMALL)


def _row(rep: int, error: str | None = None) -> dict[str, object]:
    return {"scenario": "mmc", "replication": rep, "seed": 3, "x": rep * 1.5, "error": error}


def test_model_key_ignores_run_only_keys(cfg: SwsimConfig) -> None:
    other_run = dataclasses.replace(cfg, run=dataclasses.replace(
        cfg.run, n_jobs=1, progress=False, replications=99, store="/elsewhere", backend="dask",
        seed=11))
    assert model_key(other_run) == model_key(cfg)


def test_model_key_changes_with_the_model(cfg: SwsimConfig) -> None:
    longer = dataclasses.replace(cfg, scenario=dataclasses.replace(cfg.scenario,
                                                                   horizon_days=31.0))
    assert model_key(longer) != model_key(cfg)


def test_records_round_trip_and_detect_damage() -> None:
    data = encode({"a": [1, 2, 3]})
    assert data.startswith(MAGIC)
    assert decode(data) == {"a": [1, 2, 3]}
    flipped = data[:-1] + bytes([data[-1] ^ 0xFF])
    for bad in (data[:-3], flipped, b"", b"garbage" + data):
        with pytest.raises(ValueError):
            decode(bad)


def test_save_is_atomic_and_load_returns_the_row(tmp_path: Path, cfg: SwsimConfig) -> None:
    store = ResultStore(tmp_path)
    path = store.save(cfg, 3, {**_row(2), "_result": "tables"})
    assert path == store.path(cfg, 3, 2) and path.name == "rep-000002.pkl"
    assert store.load(cfg, 3, 2) == {**_row(2), "_result": "tables"}
    assert store.load(cfg, 3, 0) is None
    assert not list(tmp_path.rglob("*.tmp"))


def test_lookup_reuses_recomputes_corrupt_and_retries_failed_only_when_asked(
        tmp_path: Path, cfg: SwsimConfig) -> None:
    store = ResultStore(tmp_path)
    store.save(cfg, 3, _row(0))
    store.save(cfg, 3, _row(1, error="RuntimeError: boom"))
    store.save(cfg, 3, _row(2))
    damaged = store.path(cfg, 3, 2)
    damaged.write_bytes(damaged.read_bytes()[:-5])  # a partial file
    found = store.lookup(cfg, 3, range(4))
    assert sorted(found.found) == [0, 1]
    assert found.todo == [2, 3] and found.corrupt == [2] and found.failed_reused == [1]
    retried = store.lookup(cfg, 3, range(4), retry_failed=True)
    assert sorted(retried.found) == [0] and retried.todo == [1, 2, 3]
    assert store.lookup(cfg, 4, range(2)).todo == [0, 1]  # another seed: nothing stored


def test_prepare_notes_the_config_and_removes_stale_temps(tmp_path: Path,
                                                         cfg: SwsimConfig) -> None:
    store = ResultStore(tmp_path)
    folder = store.folder(cfg, 3)
    folder.mkdir(parents=True)
    stale, fresh = folder / ".rep-000001.pkl.abc.tmp", folder / ".rep-000002.pkl.def.tmp"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"y")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    assert store.prepare(cfg, 3, "scenario: mmc\n") == folder
    assert not stale.exists() and fresh.exists()  # a running run's temp file is kept
    assert (folder.parent / "config.yaml").read_text() == "scenario: mmc\n"
    assert remove_stale_temps(tmp_path / "missing") == 0


def test_default_root_follows_the_environment(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "s"))
    assert default_root() == tmp_path / "s"
    monkeypatch.delenv(STORE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert default_root() == tmp_path / "cache" / "swsim" / "store"
    assert ResultStore().root == default_root()
