"""Run folders: refused if unwritable, claimed by one living run at a time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.config import ConfigError
from sim.rundir import LOCK_NAME, check_writable, claim, claimed, release


def test_a_folder_under_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError, match=r"hydra.run.dir = .* is a file, not a folder"):
        check_writable(tmp_path / "file" / "run")
    check_writable(tmp_path / "new" / "deeper")  # creatable: fine
    assert not (tmp_path / "new").exists()  # and nothing was created


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(ConfigError, match="is not writable"):
            check_writable(tmp_path / "run", "run.store")
    finally:
        tmp_path.chmod(0o700)


def test_claim_writes_the_pid_and_release_removes_it(tmp_path: Path) -> None:
    with claimed(tmp_path / "run") as lock:
        assert lock.read_text().strip() == str(os.getpid())
    assert not lock.exists()


def test_a_living_holder_refuses_a_second_run(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / LOCK_NAME).write_text(f"{holder.pid}\n")
        with pytest.raises(ConfigError, match=rf"another run \(pid {holder.pid}\)"):
            claim(tmp_path)
        release(tmp_path / LOCK_NAME)  # not ours: left alone
        assert (tmp_path / LOCK_NAME).exists()
    finally:
        holder.kill()
        holder.wait()
    assert claim(tmp_path).read_text().strip() == str(os.getpid())  # a dead holder's lock


def test_claim_removes_stale_temporary_files(tmp_path: Path) -> None:
    stale = tmp_path / ".report.md.x.tmp"
    stale.write_text("partial")
    os.utime(stale, (0, 0))
    claim(tmp_path)
    assert not stale.exists()
