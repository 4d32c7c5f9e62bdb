"""Dispatch policies: the order in which waiting cases are allocated.

``fifo``: first referred, first allocated. ``priority``: urgent cases first, FIFO within a
priority (non-preemptive: a case already allocated is never taken back).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from sim.agents.cases import WAITING
from sim.policies.base import CaseView, DispatchPolicy, WorkerView


def nearest_with_room(case: CaseView, candidates: Sequence[WorkerView]) -> WorkerView | None:
    """A worker of the case's own station if one has room, else any; fewest cases first."""
    best: WorkerView | None = None
    best_key: tuple[bool, float, int] | None = None
    for worker in candidates:
        if not worker.has_room(case.weight):
            continue
        key = (worker.station != case.station, worker.caseload, worker.id)
        if best_key is None or key < best_key:
            best, best_key = worker, key
    return best


class RankedQueue:
    """FIFO queues per rank; ``take`` serves the lowest rank first.

    Parameters
    ----------
    ranks
        Number of ranks.
    rank_of
        Rank of a case (``0`` is served first).
    """

    def __init__(self, name: str, ranks: int, rank_of: Callable[[CaseView], int]) -> None:
        self.name = name
        self._queues: list[deque[Any]] = [deque() for _ in range(ranks)]
        self._rank_of = rank_of

    def add(self, case: CaseView) -> None:
        """File a waiting case at the back of its rank."""
        self._queues[self._rank_of(case)].append(case)

    def take(self, worker: WorkerView) -> CaseView | None:
        """The first waiting case of the lowest non-empty rank that fits the worker."""
        for queue in self._queues:
            while queue and queue[0].status != WAITING:
                queue.popleft()  # abandoned while waiting: drop lazily
            for i, case in enumerate(queue):
                if case.status == WAITING and worker.has_room(case.weight):
                    del queue[i]
                    return case  # type: ignore[no-any-return]
        return None

    def choose_worker(
        self, case: CaseView, candidates: Sequence[WorkerView]
    ) -> WorkerView | None:
        """Own-station worker with room and fewest cases, else any worker with room."""
        return nearest_with_room(case, candidates)


def fifo() -> DispatchPolicy:
    """First referred, first allocated."""
    return RankedQueue("fifo", 1, lambda case: 0)


def priority() -> DispatchPolicy:
    """Urgent first; first referred first within a priority."""
    return RankedQueue("priority", 2, lambda case: case.priority)


DISPATCH: dict[str, Callable[[], DispatchPolicy]] = {"fifo": fifo, "priority": priority}


def make_dispatch(name: str) -> DispatchPolicy:
    """Build the dispatch policy called ``name``."""
    try:
        return DISPATCH[name]()
    except KeyError:
        raise ValueError(
            f"policy.dispatch.name = {name!r} is not allowed: allowed values are "
            f"{', '.join(DISPATCH)}"
        ) from None
