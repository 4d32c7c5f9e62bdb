"""Where replications run: ``serial``, ``loky`` (joblib's process pool) or ``dask``.

:func:`run_tasks` yields ``fn(item)`` for every item *as each finishes* (so each can be stored
at once), whatever the backend. The numbers do not depend on the backend: each replication
draws only from its own named streams.

Faults:

* at most ``n_jobs`` tasks are in flight, so a dead worker process (OOM killer, segfault)
  can only take the tasks it and its peers were running; those are run again, each alone;
  one whose process dies again is yielded as ``on_crash(item, error)``, and the others go on
  (Dask does the same with ``distributed.scheduler.allowed-failures = 1``);
* worker processes ignore SIGINT (Ctrl-C reaches the main process, which stops them) and
  exit on their own within a second when the main process is gone (even after kill -9);
* when the consumer stops (an exception, a signal, ``close()``), the workers are ended.

With ``dask``, ``address`` connects to a running scheduler; otherwise a
``distributed.LocalCluster`` bound to 127.0.0.1 is started and stopped.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
BACKENDS = ("serial", "loky", "dask")
#: How often a worker checks that the main process is still there (seconds).
WATCH_SECONDS = 0.5


# --------------------------------------------------------------------------- worker side


def _watch_parent(parent_pid: int) -> None:
    # a dead parent may stay a zombie (not yet reaped) and still answer kill(pid, 0); but its
    # children are handed to another process at once, so the parent pid is what to watch
    while os.getppid() == parent_pid:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def worker_init(main_pid: int) -> None:
    """In a worker (a child of ``main_pid``): ignore Ctrl-C; exit when the main process is gone.
    """
    if os.getpid() == main_pid:  # a worker thread of the main process (Dask in-process)
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(main_pid,), daemon=True,
                     name="swsim-parent-watch").start()


# --------------------------------------------------------------------------- dispatch


def run_tasks(
    fn: Callable[[T], R],
    items: Iterable[T],
    on_crash: Callable[[T, BaseException], R],
    backend: str = "loky",
    n_jobs: int = 1,
    address: str | None = None,
) -> Iterator[R]:
    """``fn(item)`` for each item, yielded as each finishes.

    Parameters
    ----------
    fn
        A picklable function (module level or a ``functools.partial`` of one).
    items
        The inputs.
    on_crash
        The result of an item whose worker process died (twice: alone the second time).
    backend
        ``serial``, ``loky`` or ``dask``; ``n_jobs == 1`` runs ``loky`` serially.
    n_jobs
        Worker processes.
    address
        A Dask scheduler (``tcp://host:port``); ``None`` starts a LocalCluster.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend = {backend!r}: allowed values are {', '.join(BACKENDS)}")
    work = list(items)
    n_jobs = os.cpu_count() or 1 if n_jobs < 0 else n_jobs
    if backend == "dask":
        return _dask(fn, work, on_crash, n_jobs, address)
    if backend == "serial" or n_jobs == 1 or len(work) <= 1:
        return (fn(item) for item in work)
    return _loky(fn, work, on_crash, n_jobs)


def _loky_executor(n_jobs: int) -> Any:
    from joblib.externals.loky import get_reusable_executor  # noqa: PLC0415 - heavy

    return get_reusable_executor(max_workers=n_jobs, timeout=60, reuse=True,
                                 initializer=worker_init, initargs=(os.getpid(),))


def _loky(fn: Callable[[T], R], work: list[T], on_crash: Callable[[T, BaseException], R],
          n_jobs: int) -> Iterator[R]:
    pending: deque[T] = deque(work)
    inflight: dict[Future[R], T] = {}
    executor = _loky_executor(n_jobs)
    try:
        while pending or inflight:
            broken = False
            while pending and len(inflight) < n_jobs:
                item = pending.popleft()
                try:
                    inflight[executor.submit(fn, item)] = item
                except BrokenExecutor:  # the pool broke since the last wait: not this item's
                    pending.appendleft(item)
                    broken = True
                    break
            # (a broken pool: take what had finished, without waiting for more)
            done, _ = wait(inflight, timeout=0 if broken else None,
                           return_when=FIRST_COMPLETED)
            for future in done:
                if isinstance(future.exception(), BrokenExecutor):
                    broken = True
                    continue
                yield future.result()
                del inflight[future]
            if broken:  # every task in flight is lost with the pool: run each alone
                lost = list(inflight.values())
                inflight.clear()
                for item in lost:
                    yield _alone(fn, item, on_crash)
                executor = _loky_executor(n_jobs)
    finally:
        if pending or inflight:  # stopped early: end the workers now
            executor.shutdown(wait=False, kill_workers=True)


def _alone(fn: Callable[[T], R], item: T, on_crash: Callable[[T, BaseException], R]) -> R:
    """Run ``item`` alone on a fresh worker; its crash is its own."""
    executor = _loky_executor(1)
    try:
        return executor.submit(fn, item).result()
    except BrokenExecutor as exc:
        return on_crash(item, exc)


# --------------------------------------------------------------------------- dask


def _watch_plugin(main_pid: int) -> Any:
    """A Dask worker plugin that runs :func:`worker_init` in every worker of a LocalCluster
    (its worker processes are children of this process: their nannies run in it)."""
    from distributed.diagnostics.plugin import WorkerPlugin  # noqa: PLC0415 - heavy

    class WatchParent(WorkerPlugin):
        name = "swsim-watch-parent"

        def setup(self, worker: Any) -> None:
            worker_init(main_pid)

    return WatchParent()


def _dask(fn: Callable[[T], R], work: list[T], on_crash: Callable[[T, BaseException], R],
          n_jobs: int, address: str | None) -> Iterator[R]:
    import dask  # noqa: PLC0415 - heavy, only for this backend
    from distributed import Client, LocalCluster, as_completed  # noqa: PLC0415

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = None if address else LocalCluster(
            n_workers=max(n_jobs, 1), threads_per_worker=1, processes=True,
            host="127.0.0.1", dashboard_address="127.0.0.1:0", scheduler_port=0,
            silence_logs=logging.ERROR)
        client = Client(address or cluster)
        try:
            if cluster is not None:
                client.register_plugin(_watch_plugin(os.getpid()))
            slots = max(n_jobs, 1)
            pending: deque[T] = deque(work)
            futures = as_completed()
            owner: dict[Any, T] = {}
            for _ in range(min(slots, len(pending))):
                item = pending.popleft()
                fut = client.submit(fn, item, pure=False)
                owner[fut.key] = item
                futures.add(fut)
            for fut in futures:
                item = owner.pop(fut.key)
                if fut.status == "error":
                    yield on_crash(item, fut.exception())
                else:
                    yield fut.result()
                if pending:
                    nxt = pending.popleft()
                    new = client.submit(fn, nxt, pure=False)
                    owner[new.key] = nxt
                    futures.add(new)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
