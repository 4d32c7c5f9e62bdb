"""Faults survived: a run killed or stopped part-way resumes with nothing lost or doubled.

Each test starts ``swsim`` in a subprocess on a small M/M/c scenario (2 loky processes), lets a
few replications reach the store, then kills it (SIGKILL, SIGTERM or SIGINT) or one of its
worker processes, and checks: the exit code and resume message, no process of the run left
alive, and a re-run of the same command that reuses the stored replications and gives every
replication exactly once, with numbers identical to an uninterrupted run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from sim.analysis.kpis import KPI_DICTIONARY
from sim.loading import load_config
from sim.runner import run_replications

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

N = 8
# each replication takes about a second, so the run is still going when the test, having
# seen two stored replications, sends its signal (at 6000 days, a quarter of a second each
# since the hot path got faster, all 8 could finish first)
ARGS = ["scenario=mmc", "scenario.horizon_days=20000", "scenario.warmup_days=10",
        f"run.replications={N}", "run.n_jobs=2", "run.progress=false"]
KPIS = list(KPI_DICTIONARY)


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    """The KPI rows of an uninterrupted run (serial, no store)."""
    return run_replications(load_config(ARGS), n=N, n_jobs=1)[["replication", *KPIS]]


def _children(pid: int) -> list[int]:
    out = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(proc.name))
    return out


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (workers, trackers, ...)."""
    found = []
    for child in _children(pid):
        found += [child, *descendants(child)]
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (zombies count as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll ``check`` until it holds; fail with ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def stored(store: Path) -> int:
    """Replication records in ``store``."""
    return len(list(store.rglob("rep-*.pkl")))


def start(command: list[str], env: dict[str, str], args: list[str],
          cwd: Path) -> subprocess.Popen[str]:
    """Start ``swsim`` with ``args``."""
    return subprocess.Popen([*command, *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def rerun(command: list[str], env: dict[str, str], args: list[str],
          cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``swsim`` with ``args`` to the end."""
    return subprocess.run([*command, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def assert_complete(folder: Path, reference: pd.DataFrame) -> None:
    """Every replication exactly once, numbers identical to the uninterrupted run."""
    reps = pd.read_parquet(folder / "replications.parquet")
    assert reps["replication"].tolist() == list(range(N))
    assert reps["error"].isna().all()
    pd.testing.assert_frame_equal(reps[["replication", *KPIS]], reference, check_dtype=False)


@pytest.mark.parametrize(("sig", "code", "word", "backend"), [
    (signal.SIGKILL, -signal.SIGKILL, None, "loky"),
    (signal.SIGTERM, 143, "stopped", "loky"),
    (signal.SIGINT, 130, "interrupted", "loky"),
    (signal.SIGKILL, -signal.SIGKILL, None, "dask"),
])
def test_killed_part_way_then_resumed(sig: int, code: int, word: str | None, backend: str,
                                      tmp_path: Path, swsim_command: list[str],
                                      cli_env: dict[str, str],
                                      reference: pd.DataFrame) -> None:
    store, folder = tmp_path / "store", tmp_path / "run"
    args = [*ARGS, f"run.backend={backend}", f"run.store={store}", f"hydra.run.dir={folder}"]
    proc = start(swsim_command, cli_env, args, tmp_path)
    try:
        wait_until(lambda: stored(store) >= 2, 240, "two stored replications")
        family = descendants(proc.pid)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == code, err
    kept = stored(store)
    assert 2 <= kept < N
    if word is not None:
        assert f"swsim: {word}: {kept} of {N} replications are kept in the store" in err
        assert "run the same command again to resume" in err
        assert "Traceback" not in err
    assert family, "the run had no worker processes"
    wait_until(lambda: not any(alive(pid) for pid in family), 15,
               "the first run's processes to exit")
    assert not (folder / "report.md").exists()
    again = rerun(swsim_command, cli_env, args, tmp_path)  # same folder: a dead run's lock
    assert again.returncode == 0, again.stderr
    assert f"swsim: reused {kept} of {N} replications" in again.stderr
    assert_complete(folder, reference)


def test_a_killed_worker_loses_nothing(tmp_path: Path, swsim_command: list[str],
                                       cli_env: dict[str, str],
                                       reference: pd.DataFrame) -> None:
    """A worker killed mid-run: its replications run again, alone; none lost or doubled."""
    store, folder = tmp_path / "store", tmp_path / "run"
    proc = start(swsim_command, cli_env,
                 [*ARGS, f"run.store={store}", f"hydra.run.dir={folder}"], tmp_path)
    try:
        wait_until(lambda: stored(store) >= 1, 240, "a stored replication")
        workers = [pid for pid in descendants(proc.pid)
                   if b"LokyProcess" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert workers
        os.kill(workers[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=300)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert stored(store) == N
    assert_complete(folder, reference)


def test_a_corrupt_record_is_recomputed(tmp_path: Path, swsim_command: list[str],
                                        cli_env: dict[str, str]) -> None:
    store = tmp_path / "store"
    args = ["scenario=mmc", "scenario.horizon_days=60", "scenario.warmup_days=5",
            "run.replications=3", "run.n_jobs=1", f"run.store={store}"]
    first = rerun(swsim_command, cli_env, [*args, f"hydra.run.dir={tmp_path / 'a'}"], tmp_path)
    assert first.returncode == 0, first.stderr
    record = sorted(store.rglob("rep-*.pkl"))[1]
    record.write_bytes(record.read_bytes()[:-10])
    second = rerun(swsim_command, cli_env, [*args, f"hydra.run.dir={tmp_path / 'b'}"], tmp_path)
    assert second.returncode == 0, second.stderr
    assert "1 stored replication(s) were corrupt or partial and are computed again: 1" in \
        second.stderr
    assert "reused 2 of 3" in second.stderr
    a = pd.read_parquet(tmp_path / "a" / "replications.parquet")[KPIS]
    b = pd.read_parquet(tmp_path / "b" / "replications.parquet")[KPIS]
    pd.testing.assert_frame_equal(a, b)


def test_a_second_run_into_a_busy_folder_is_refused(tmp_path: Path, swsim_command: list[str],
                                                    cli_env: dict[str, str]) -> None:
    folder = tmp_path / "run"
    args = [*ARGS, f"run.store={tmp_path / 'store'}", f"hydra.run.dir={folder}"]
    first = start(swsim_command, cli_env, args, tmp_path)
    try:
        wait_until((folder / ".swsim.lock").exists, 120, "the first run's lock")
        second = rerun(swsim_command, cli_env, args, tmp_path)
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=60)
    assert second.returncode == 2
    assert second.stderr.count("\n") == 1, second.stderr
    assert second.stderr.startswith(
        f"swsim: error: hydra.run.dir = '{folder}' is not allowed: another run "
        f"(pid {first.pid}) is using it")


@pytest.mark.parametrize("key", ["hydra.run.dir", "run.store"])
def test_an_unwritable_folder_is_refused(key: str, tmp_path: Path, swsim_command: list[str],
                                         cli_env: dict[str, str]) -> None:
    (tmp_path / "file").write_text("not a folder")
    bad = tmp_path / "file" / "sub"
    other = "run.store" if key == "hydra.run.dir" else "hydra.run.dir"
    proc = rerun(swsim_command, cli_env,
                 ["scenario=mmc", f"{key}={bad}", f"{other}={tmp_path / 'ok'}"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (f"swsim: error: {key} = '{bad}' is not allowed: "
                           f"{tmp_path / 'file'} is a file, not a folder\n")
    assert not (tmp_path / "ok").exists()
