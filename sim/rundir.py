"""Run folders: checked writable before anything runs, claimed by one run at a time.

A run claims its folder with a lock file ``.swsim.lock`` created exclusively and holding the
run's process id; a second run into the same folder is refused while that process lives. A
lock whose process is gone (a killed run) is taken over. Stale temporary files (``.*.tmp``)
of killed runs are removed when a folder is claimed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sim.config import ConfigError
from sim.store import remove_stale_temps

LOCK_NAME = ".swsim.lock"


def check_writable(folder: str | Path, key: str = "hydra.run.dir") -> None:
    """Refuse a folder that cannot be created or written, before anything runs.

    Raises
    ------
    ConfigError
        Naming ``key``, the folder and why it cannot be written.
    """
    path = Path(folder).expanduser().absolute()
    probe = path
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise ConfigError(f"{key} = '{folder}' is not allowed: {probe} is a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise ConfigError(f"{key} = '{folder}' is not allowed: {probe} is not writable")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(lock: Path) -> int | None:
    try:
        return int(lock.read_text(encoding="ascii").strip() or 0)
    except (OSError, ValueError):
        return None


def _create(lock: Path) -> bool:
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(f"{os.getpid()}\n")
    return True


def check_free(folder: str | Path) -> None:
    """Refuse a folder that a living run holds (checked again, race-free, by :func:`claim`).

    Raises
    ------
    ConfigError
        If a living process other than this one holds ``folder``.
    """
    pid = _holder(Path(folder) / LOCK_NAME)
    if pid is not None and pid != os.getpid() and _alive(pid):
        raise ConfigError(f"hydra.run.dir = '{folder}' is not allowed: another run "
                          f"(pid {pid}) is using it; choose a new folder")


def claim(folder: Path) -> Path:
    """Claim ``folder`` for this process; return the lock file.

    Raises
    ------
    ConfigError
        If a living process holds the folder.
    """
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_NAME
    for _ in range(3):
        if _create(lock):
            remove_stale_temps(folder)
            return lock
        check_free(folder)
        lock.unlink(missing_ok=True)  # a killed run's lock
    raise ConfigError(f"hydra.run.dir = '{folder}' is not allowed: cannot claim its lock file")


def release(lock: Path) -> None:
    """Give the folder up (only if this process holds it)."""
    if _holder(lock) == os.getpid():
        lock.unlink(missing_ok=True)


@contextlib.contextmanager
def claimed(folder: Path) -> Iterator[Path]:
    """``with claimed(folder):`` the folder is this run's until the block ends."""
    lock = claim(folder)
    try:
        yield lock
    finally:
        release(lock)
