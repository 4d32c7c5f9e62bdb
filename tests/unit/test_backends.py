"""Backends: every item once, as it finishes; a dead worker is that item's failure only."""

from __future__ import annotations

import os
import signal
import sys
import time
from concurrent.futures import BrokenExecutor, Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path

import cloudpickle
import pytest

from sim import backends
from sim.backends import run_tasks

# the workers cannot import this test module: send its functions by value
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def _times_ten(item: int) -> int:
    return item * 10


def _die_on_two(flag: Path, item: int) -> int:
    """Kill the worker process running item 2 while ``flag`` exists."""
    if item == 2 and flag.exists():
        os.kill(os.getpid(), signal.SIGKILL)
    return item * 10


def _crashed(item: int, exc: BaseException) -> int:
    return -item


@pytest.mark.parametrize("backend", ["serial", "loky"])
def test_every_item_once(backend: str) -> None:
    out = list(run_tasks(_times_ten, range(7), _crashed, backend=backend, n_jobs=2))
    assert sorted(out) == [i * 10 for i in range(7)]


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="serial, loky, dask"):
        run_tasks(_times_ten, [1], _crashed, backend="threads")


@pytest.mark.parametrize("backend", ["loky", "dask"])
def test_a_dead_worker_fails_its_item_only(tmp_path: Path, backend: str) -> None:
    flag = tmp_path / "die"
    flag.touch()
    fn = partial(_die_on_two, flag)
    out = list(run_tasks(fn, range(6), _crashed, backend=backend, n_jobs=2))
    assert sorted(out) == [-2, 0, 10, 30, 40, 50]  # item 2 failed, none lost, none twice
    flag.unlink()
    assert list(run_tasks(fn, [2], _crashed, backend=backend, n_jobs=2)) == [20]


def _loky_workers() -> list[int]:
    """The loky worker processes that are children of this process."""
    pids = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == os.getpid() and stat[0] != "Z" and b"LokyProcess" in cmdline:
            pids.append(int(proc.name))
    return pids


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_stopping_early_ends_the_workers() -> None:
    results = run_tasks(_times_ten, range(50), _crashed, backend="loky", n_jobs=2)
    assert next(iter(results)) % 10 == 0
    assert _loky_workers()
    results.close()  # type: ignore[attr-defined]
    deadline = time.monotonic() + 10
    while _loky_workers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _loky_workers() == []


def test_dask_address_uses_a_running_scheduler_and_leaves_it_running() -> None:
    from distributed import Client, LocalCluster  # noqa: PLC0415

    with LocalCluster(n_workers=1, processes=False, protocol="tcp://", host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        out = list(run_tasks(_times_ten, range(4), _crashed, backend="dask", n_jobs=2,
                             address=address))
        assert sorted(out) == [0, 10, 20, 30]
        with Client(address) as client:  # still there
            assert client.submit(_times_ten, 5).result() == 50


class _BreaksOnSubmit:
    """An executor whose pool breaks (as loky's does when a worker is killed) just before
    the ``at``-th submission: that submission raises, as do later ones on this executor."""

    def __init__(self, at: int) -> None:
        self.inner, self.at, self.submitted = ThreadPoolExecutor(1), at, 0

    def submit(self, fn: object, item: int) -> object:
        self.submitted += 1
        if self.submitted >= self.at:
            raise BrokenExecutor("a worker died")
        return self.inner.submit(fn, item)  # type: ignore[arg-type]

    def shutdown(self, wait: bool = True, kill_workers: bool = False) -> None:
        self.inner.shutdown(wait=wait)


def test_a_pool_that_breaks_at_submission_loses_and_doubles_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool can break between two waits: the next submission itself raises. That item
    never ran: it goes to the next pool; the ones in flight run again alone."""
    pools = iter([_BreaksOnSubmit(at=4), _BreaksOnSubmit(at=1000)])
    alone: list[int] = []

    def executor(n_jobs: int) -> object:
        if n_jobs == 1:  # _alone: a fresh single worker per lost item
            class One:
                def submit(self, fn: object, item: int) -> object:
                    alone.append(item)
                    future: Future[int] = Future()
                    future.set_result(fn(item))  # type: ignore[operator]
                    return future
            return One()
        return next(pools)

    monkeypatch.setattr(backends, "_loky_executor", executor)
    out = list(run_tasks(_times_ten, range(8), _crashed, backend="loky", n_jobs=2))
    assert sorted(out) == [i * 10 for i in range(8)]  # every item once, none failed
    assert len(alone) <= 2  # at most the two in flight when the pool broke
