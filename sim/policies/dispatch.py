"""Dispatch policies: who gets which case, and in which order waiting cases are allocated.

A policy is a :class:`~sim.policies.ranked_queue.RankedQueue` (FIFO within ranks) plus small
rules: which worker with room a new case goes to (``choose``, asked of the staff registry),
which waiting cases a worker who frees up may take (``eligible``), takes first (``prefer``) or
leaves to a better-placed colleague with room (``declines``). "Least loaded" is the fewest
cases (weighted); "longest waiting" is the longest since the worker's last new case, a worker
who never took one counting as having waited longest. Ties go to the lowest worker id.

===================  ====================================  ===================================
option               a new case goes to                    a worker who frees up takes
===================  ====================================  ===================================
``fifo``             the longest-waiting worker with room  the first referred case that fits
``priority``         as ``fifo``                           urgent first, then first referred
``skill_match``      minority case: the least-loaded       urgent first, a case of its own
                     bilingual worker, after               language first; a minority case
                     ``fallback_wait_days`` any (least     only if bilingual or after the
                     loaded, with an interpreter);         fallback wait
                     other: least-loaded monolingual,
                     else bilingual
``nearest``          the least-loaded worker of the        urgent first, its own station's
                     case's station, else of any           cases first; another station's case
                                                           only if no worker of that station
                                                           has room for it
``micro_grid``       the least-loaded worker of the        urgent first, its own station's
                     case's station; after                 cases first; another station's case
                     ``fallback_wait_days`` (a grid        only after the fallback wait and if
                     without a worker) any, least loaded   no worker of that station has room
``lowest_caseload``  the least-loaded worker with room     urgent first, then first referred
``continuity``       the worker who served the household   urgent first, a case of a household
                     before if they have room, else as     it served first
                     ``priority``
===================  ====================================  ===================================

``fifo`` and ``priority`` share the work: with the lowest id as the worker rule every new
case went to the earliest-hired worker with room, a hierarchy among identical workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.checks import check_min
from sim.policies.base import CaseView, DispatchPolicy, StaffView, WorkerView
from sim.policies.ranked_queue import RankedQueue, longest_since_new_case
from sim.policies.registry import Family, Option, Parameters

EPS = 1e-9


def _own_station_first(case: CaseView, staff: StaffView, now: float) -> WorkerView | None:
    """The least-loaded worker of the case's station, else the least-loaded of any."""
    return (staff.best_with_room(case.weight, "caseload", station=case.station)
            or staff.best_with_room(case.weight, "caseload"))


def _fewest_cases(case: CaseView, staff: StaffView, now: float) -> WorkerView | None:
    return staff.best_with_room(case.weight, "caseload")


def _own_station(case: CaseView, worker: WorkerView, now: float) -> bool:
    return worker.station == case.station


def _own_station_has_room(case: CaseView, worker: WorkerView, staff: StaffView,
                          now: float) -> bool:
    """A worker of another station leaves the case to a worker of its station with room."""
    return (worker.station != case.station
            and staff.best_with_room(case.weight, "caseload", station=case.station) is not None)


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
    """First referred, first allocated; new cases to the longest-waiting worker."""
    return RankedQueue("fifo", 1, lambda case: 0)


def priority() -> DispatchPolicy:
    """Urgent first; first referred first within a priority; as ``fifo`` for workers."""
    return RankedQueue("priority", 2, _by_priority)


def nearest() -> DispatchPolicy:
    """Urgent first; own-station worker first, else any; a freed worker keeps to its station."""
    return RankedQueue("nearest", 2, _by_priority, choose=_own_station_first,
                       prefer=_own_station, declines=_own_station_has_room)


def micro_grid(fallback_wait_days: float = 7.0) -> DispatchPolicy:
    """Urgent first; only the workers of the case's own station (grid) until the fallback
    wait, then any worker (the grid's own first)."""

    def waited(case: CaseView, now: float) -> bool:
        return now - case.referred_at >= fallback_wait_days - EPS

    def eligible(case: CaseView, worker: WorkerView, now: float) -> bool:
        return worker.station == case.station or waited(case, now)

    def choose(case: CaseView, staff: StaffView, now: float) -> WorkerView | None:
        own = staff.best_with_room(case.weight, "caseload", station=case.station)
        if own is not None or not waited(case, now):
            return own
        return staff.best_with_room(case.weight, "caseload")

    def recheck(case: CaseView) -> float | None:
        return fallback_wait_days

    return RankedQueue("micro_grid", 2, _by_priority, eligible=eligible, choose=choose,
                       prefer=_own_station, recheck=recheck, declines=_own_station_has_room)


def lowest_caseload() -> DispatchPolicy:
    """Urgent first; the worker with the fewest cases."""
    return RankedQueue("lowest_caseload", 2, _by_priority, choose=_fewest_cases)


class Continuity(RankedQueue):
    """Urgent first; a case of a household a worker served before goes back to that worker.

    The policy remembers, per household, the worker who last took one of its cases (it is
    told by :meth:`allocated`). A new case goes to that worker if they are still employed and
    have room, else as ``priority`` would (the longest-waiting worker with room); a worker who
    frees up takes a waiting case of a household they served before ahead of the others of
    the same rank.
    """

    def __init__(self) -> None:
        self._served: dict[int, int] = {}  # household -> worker who last took its case
        super().__init__("continuity", 2, _by_priority, choose=self._previous_or_first,
                         prefer=self._served_before)

    def allocated(self, case: CaseView, worker: WorkerView) -> None:
        """Remember who took this household's case."""
        self._served[case.household] = worker.id

    def _previous_or_first(self, case: CaseView, staff: StaffView,
                           now: float) -> WorkerView | None:
        previous = self._served.get(case.household)
        if previous is not None:
            worker = staff.get(previous)
            if worker.has_room(case.weight):  # False once the worker has left
                return worker
        return longest_since_new_case(case, staff, now)

    def _served_before(self, case: CaseView, worker: WorkerView, now: float) -> bool:
        return self._served.get(case.household) == worker.id


def skill_match(fallback_wait_days: float = 7.0) -> DispatchPolicy:
    """Minority-language cases to bilingual workers; any worker after the fallback wait."""

    def eligible(case: CaseView, worker: WorkerView, now: float) -> bool:
        return (not case.minority or worker.bilingual
                or now - case.referred_at >= fallback_wait_days - EPS)

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
class ContinuityOption(Parameters):
    """``continuity``: the household's previous worker first, else as ``priority``."""

    name: str = "continuity"


@dataclass
class Fifo(Parameters):
    """``fifo``: first referred, first allocated; the longest-waiting worker (no parameters)."""

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
    """``nearest``: urgent first; own-station worker and cases first (no parameters)."""

    name: str = "nearest"


@dataclass
class MicroGrid(Parameters):
    """``micro_grid``: urgent first; only own-station workers until the fallback wait.

    Parameters
    ----------
    fallback_wait_days
        Days a case waits for a worker of its own station (grid) before any worker may take
        it; a grid whose station has no worker (or none with room) is served this late.
    """

    name: str = "micro_grid"
    fallback_wait_days: float = 7.0

    def check(self, key: str) -> None:
        """The fallback wait is a number of days ``>= 0``."""
        check_min(f"{key}.fallback_wait_days", self.fallback_wait_days, 0.0)


@dataclass
class LowestCaseload(Parameters):
    """``lowest_caseload``: urgent first; the worker with the fewest cases (no parameters)."""

    name: str = "lowest_caseload"


def _make_skill_match(params: SkillMatch) -> DispatchPolicy:
    return skill_match(params.fallback_wait_days)


def _make_micro_grid(params: MicroGrid) -> DispatchPolicy:
    return micro_grid(params.fallback_wait_days)


DISPATCH: Family[DispatchPolicy] = Family("dispatch", [
    Option("fifo", Fifo, lambda _: fifo()),
    Option("priority", Priority, lambda _: priority()),
    Option("skill_match", SkillMatch, _make_skill_match),
    Option("nearest", Nearest, lambda _: nearest()),
    Option("micro_grid", MicroGrid, _make_micro_grid),
    Option("lowest_caseload", LowestCaseload, lambda _: lowest_caseload()),
    Option("continuity", ContinuityOption, lambda _: Continuity()),
])


def make_dispatch(name: str, **values: Any) -> DispatchPolicy:
    """The dispatch option called ``name`` with parameter ``values`` (others at defaults).

    Raises
    ------
    ConfigError
        For an unknown name or a key the option does not have.
    """
    return DISPATCH.create(name, **values)
