"""The ranked queue: the allocation queue that dispatch policies are made of.

FIFO queues per rank (urgent first, say). A new case goes to the worker that the policy's
``choose`` rule asks the staff registry for (by default the worker with room who has waited
longest since their last new case). A worker who frees up takes the first case of the lowest
rank that it may take (``eligible``) and does not leave to a better-placed colleague with
room (``declines``), a preferred case (``prefer``) before the rest of its rank. Dispatch
options in :mod:`sim.policies.dispatch` are ranked queues with their own rules.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from mypy_extensions import mypyc_attr

from sim.agents.cases import WAITING
from sim.policies.base import CaseView, StaffView, WorkerView

Eligible = Callable[[CaseView, WorkerView, float], bool]
#: Picks the worker a new case goes to, by asking the staff registry (never by a scan).
Choose = Callable[[CaseView, StaffView, float], WorkerView | None]
#: Whether a worker who frees up leaves a waiting case it may take to another worker.
Declines = Callable[[CaseView, WorkerView, StaffView, float], bool]


def always(case: CaseView, worker: WorkerView, now: float) -> bool:
    """Any worker may take any case."""
    return True


def longest_since_new_case(case: CaseView, staff: StaffView,
                           now: float) -> WorkerView | None:
    """The worker with room who has waited longest since their last new case (ties by id).

    A worker who never took a case counts as having waited forever, so new cases go round
    identical workers in turn instead of piling on the earliest hired.
    """
    return staff.best_with_room(case.weight, "longest_since_new_case")


@mypyc_attr(allow_interpreted_subclasses=True)  # dispatch options subclass it
class RankedQueue:
    """FIFO queues per rank; a worker takes the first eligible case of the lowest rank.

    Parameters
    ----------
    name
        Policy name.
    ranks, rank_of
        Number of ranks and the rank of a case (``0`` is served first).
    eligible
        Whether a worker who frees up may take a waiting case at time ``now``.
    choose
        Which worker with room a new case goes to (asked of the staff registry).
    prefer
        Among eligible cases of a rank, the first preferred one is taken before the rest.
    recheck
        Days after which a queued case is offered to every worker again (``None``: never).
    declines
        Whether a worker who frees up leaves an eligible case to another worker (asked of
        the staff registry, e.g. "a worker of the case's own station has room").
    """

    def __init__(
        self,
        name: str,
        ranks: int,
        rank_of: Callable[[CaseView], int],
        eligible: Eligible = always,
        choose: Choose = longest_since_new_case,
        prefer: Eligible | None = None,
        recheck: Callable[[CaseView], float | None] | None = None,
        declines: Declines | None = None,
    ) -> None:
        self.name = name
        self._queues: list[deque[Any]] = [deque() for _ in range(ranks)]
        self._rank_of = rank_of
        self._eligible = eligible
        self._choose = choose
        self._prefer = prefer
        self._recheck = recheck
        self._declines = declines
        self._head_only = eligible is always and prefer is None and declines is None

    def add(self, case: CaseView) -> None:
        """File a waiting case at the back of its rank."""
        if len(self._queues) == 1:
            self._queues[0].append(case)
        else:
            self._queues[self._rank_of(case)].append(case)

    def _find(self, queue: deque[Any], worker: WorkerView, staff: StaffView, now: float,
              rule: Eligible | None) -> int | None:
        declines = self._declines
        for i, case in enumerate(queue):
            if (case.status == WAITING and worker.has_room(case.weight)
                    and self._eligible(case, worker, now)
                    and (rule is None or rule(case, worker, now))
                    and (declines is None or not declines(case, worker, staff, now))):
                return i
        return None

    def take(self, worker: WorkerView, staff: StaffView, now: float) -> CaseView | None:
        """The case a worker who frees up takes: lowest rank first, preferred cases first.

        Within a rank, the first waiting case that fits, that the worker may take and does
        not decline; a preferred one of the rank before the others.
        """
        for queue in self._queues:
            while queue and queue[0].status != WAITING:
                queue.popleft()  # abandoned while waiting: drop lazily
            if not queue:
                continue
            if self._head_only and worker.has_room(queue[0].weight):
                first: CaseView = queue.popleft()  # the common case: the head fits
                return first
            i = self._find(queue, worker, staff, now, self._prefer) if self._prefer else None
            if i is None:
                i = self._find(queue, worker, staff, now, None)
            if i is not None:
                case: CaseView = queue[i]
                del queue[i]
                return case
        return None

    def choose_worker(self, case: CaseView, staff: StaffView, now: float) -> WorkerView | None:
        """The worker with room a new case goes to, or ``None``."""
        return self._choose(case, staff, now)

    def recheck_after(self, case: CaseView) -> float | None:
        """Days after which a queued case should be offered to every worker again."""
        return self._recheck(case) if self._recheck else None

    def allocated(self, case: CaseView, worker: WorkerView) -> None:
        """A worker took a case (a policy that remembers who served whom overrides this)."""
