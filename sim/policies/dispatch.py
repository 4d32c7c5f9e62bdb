"""Dispatch policies: who gets which case, and in which order waiting cases are allocated.

A policy is a queue discipline (FIFO within ranks) plus two small rules: which waiting cases
a worker may take (``eligible``), and which worker with room a new case goes to
(``choose``).

=================  ==========================================================================
``fifo``           first referred, first allocated; any worker with room
``priority``       urgent first, FIFO within a priority (non-preemptive)
``skill_match``    minority-language cases to a bilingual worker; after ``fallback_wait_days``
                   any worker, with an interpreter
``nearest``        urgent first; a worker of the case's own station first, else any
``micro_grid``     urgent first; only workers of the case's own station (grid)
``lowest_caseload`` urgent first; the worker with the fewest cases
=================  ==========================================================================
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sim.agents.cases import WAITING
from sim.checks import check_min
from sim.policies.base import CaseView, DispatchPolicy, StaffView, WorkerView
from sim.policies.registry import Family, Option, Parameters

Eligible = Callable[[CaseView, WorkerView, float], bool]
#: Picks the worker a new case goes to, by asking the staff registry (never by a scan).
Choose = Callable[[CaseView, StaffView, float], WorkerView | None]


def _always(case: CaseView, worker: WorkerView, now: float) -> bool:
    return True


def _lowest_id(case: CaseView, staff: StaffView, now: float) -> WorkerView | None:
    return staff.best_with_room(case.weight)


def _own_station_first(case: CaseView, staff: StaffView, now: float) -> WorkerView | None:
    """The least-loaded worker of the case's station, else the least-loaded of any."""
    return (staff.best_with_room(case.weight, "caseload", station=case.station)
            or staff.best_with_room(case.weight, "caseload"))


def _own_station_only(case: CaseView, staff: StaffView, now: float) -> WorkerView | None:
    return staff.best_with_room(case.weight, "caseload", station=case.station)


def _fewest_cases(case: CaseView, staff: StaffView, now: float) -> WorkerView | None:
    return staff.best_with_room(case.weight, "caseload")


def _own_station(case: CaseView, worker: WorkerView, now: float) -> bool:
    return worker.station == case.station


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
    """

    def __init__(
        self,
        name: str,
        ranks: int,
        rank_of: Callable[[CaseView], int],
        eligible: Eligible = _always,
        choose: Choose = _lowest_id,
        prefer: Eligible | None = None,
        recheck: Callable[[CaseView], float | None] | None = None,
    ) -> None:
        self.name = name
        self._queues: list[deque[Any]] = [deque() for _ in range(ranks)]
        self._rank_of = rank_of
        self._eligible = eligible
        self._choose = choose
        self._prefer = prefer
        self._recheck = recheck

    def add(self, case: CaseView) -> None:
        """File a waiting case at the back of its rank."""
        if len(self._queues) == 1:
            self._queues[0].append(case)
        else:
            self._queues[self._rank_of(case)].append(case)

    def _find(self, queue: deque[Any], worker: WorkerView, now: float,
              rule: Eligible | None) -> int | None:
        for i, case in enumerate(queue):
            if (case.status == WAITING and worker.has_room(case.weight)
                    and self._eligible(case, worker, now)
                    and (rule is None or rule(case, worker, now))):
                return i
        return None

    def take(self, worker: WorkerView, now: float) -> CaseView | None:
        """The first case the worker may take, lowest rank first (preferred cases first)."""
        for queue in self._queues:
            while queue and queue[0].status != WAITING:
                queue.popleft()  # abandoned while waiting: drop lazily
            if not queue:
                continue
            if self._eligible is _always and worker.has_room(queue[0].weight):
                first: CaseView = queue.popleft()  # the common case: the head fits
                return first
            i = self._find(queue, worker, now, self._prefer) if self._prefer else None
            if i is None:
                i = self._find(queue, worker, now, None)
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


class _Monolingual:
    """Stands for any worker who does not speak the minority language (eligibility test)."""

    id = -1
    station = -1
    caseload = 0.0
    bilingual = False

    def has_room(self, weight: float) -> bool:
        return True


_MONOLINGUAL = _Monolingual()


def _by_priority(case: CaseView) -> int:
    return case.priority


def fifo() -> DispatchPolicy:
    """First referred, first allocated."""
    return RankedQueue("fifo", 1, lambda case: 0)


def priority() -> DispatchPolicy:
    """Urgent first; first referred first within a priority."""
    return RankedQueue("priority", 2, _by_priority)


def nearest() -> DispatchPolicy:
    """Urgent first; own-station worker first, else any."""
    return RankedQueue("nearest", 2, _by_priority, choose=_own_station_first)


def micro_grid() -> DispatchPolicy:
    """Urgent first; only the workers of the case's own station (grid)."""
    return RankedQueue("micro_grid", 2, _by_priority, eligible=_own_station,
                       choose=_own_station_only)


def lowest_caseload() -> DispatchPolicy:
    """Urgent first; the worker with the fewest cases."""
    return RankedQueue("lowest_caseload", 2, _by_priority, choose=_fewest_cases)


def skill_match(fallback_wait_days: float = 7.0) -> DispatchPolicy:
    """Minority-language cases to bilingual workers; any worker after the fallback wait."""

    def eligible(case: CaseView, worker: WorkerView, now: float) -> bool:
        return (not case.minority or worker.bilingual
                or now - case.referred_at >= fallback_wait_days - 1e-9)

    def prefer(case: CaseView, worker: WorkerView, now: float) -> bool:
        return case.minority == worker.bilingual

    def choose(case: CaseView, staff: StaffView, now: float) -> WorkerView | None:
        # Bilingual workers first for minority cases, last for the others (keep them free);
        # a minority case goes to a monolingual worker only after the fallback wait.
        w = case.weight
        matched = staff.best_with_room(w, "caseload", bilingual=case.minority)
        if matched is not None or (case.minority and not eligible(case, _MONOLINGUAL, now)):
            return matched
        return staff.best_with_room(w, "caseload", bilingual=not case.minority)

    def recheck(case: CaseView) -> float | None:
        return fallback_wait_days if case.minority else None

    return RankedQueue("skill_match", 2, _by_priority, eligible=eligible, choose=choose,
                       prefer=prefer, recheck=recheck)


# --------------------------------------------------------------------------- registry


@dataclass
class Fifo(Parameters):
    """``fifo``: first referred, first allocated (no parameters)."""

    name: str = "fifo"


@dataclass
class Priority(Parameters):
    """``priority``: urgent first, FIFO within a priority (no parameters)."""

    name: str = "priority"


@dataclass
class SkillMatch(Parameters):
    """``skill_match``: minority-language cases to bilingual workers.

    Parameters
    ----------
    fallback_wait_days
        Days a minority-language case waits for a bilingual worker before any worker may take
        it, with an interpreter.
    """

    name: str = "skill_match"
    fallback_wait_days: float = 7.0

    def check(self, key: str) -> None:
        """The fallback wait is a number of days ``>= 0``."""
        check_min(f"{key}.fallback_wait_days", self.fallback_wait_days, 0.0)


@dataclass
class Nearest(Parameters):
    """``nearest``: urgent first; own-station worker first (no parameters)."""

    name: str = "nearest"


@dataclass
class MicroGrid(Parameters):
    """``micro_grid``: urgent first; only own-station workers (no parameters)."""

    name: str = "micro_grid"


@dataclass
class LowestCaseload(Parameters):
    """``lowest_caseload``: urgent first; the worker with the fewest cases (no parameters)."""

    name: str = "lowest_caseload"


def _make_skill_match(params: SkillMatch) -> DispatchPolicy:
    return skill_match(params.fallback_wait_days)


DISPATCH: Family[DispatchPolicy] = Family("dispatch", [
    Option("fifo", Fifo, lambda _: fifo()),
    Option("priority", Priority, lambda _: priority()),
    Option("skill_match", SkillMatch, _make_skill_match),
    Option("nearest", Nearest, lambda _: nearest()),
    Option("micro_grid", MicroGrid, lambda _: micro_grid()),
    Option("lowest_caseload", LowestCaseload, lambda _: lowest_caseload()),
])


def make_dispatch(name: str, **values: Any) -> DispatchPolicy:
    """The dispatch option called ``name`` with parameter ``values`` (others at defaults).

    Raises
    ------
    ConfigError
        For an unknown name or a key the option does not have.
    """
    return DISPATCH.create(name, **values)
