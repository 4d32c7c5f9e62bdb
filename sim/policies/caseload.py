"""Caseload capacity policies: what a case weighs and how much a worker may carry.

A worker has room for a case while ``caseload + weight <= cap`` (:mod:`sim.staff`); the
options say what the weights and the cap are.

=============  ============================================================================
``hard_cap``   every case weighs its need type's ``case_weight`` (default 1); the cap is
               ``scenario.workforce.caseload_cap`` (CWLA's 17 families in j_community)
``weighted``   each need type weighs ``weights[name]`` points (``default_weight`` if not
               listed); the cap is ``cap_points``, as weighted-caseload schemes do
``workload``   a case weighs the hours booked for it over the next ``lookahead_days``; the
               cap is ``utilisation`` x the productive duty hours of ``lookahead_days``
=============  ============================================================================

Under ``workload`` a case's weight changes: after each contact it is booked again from
then on (:func:`booked_hours`), so the worker's caseload is the hours booked over the
look-ahead and admin share, holidays, travel and recording change what a worker can carry.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sim.calendar import WorkCalendar
from sim.checks import check_min, not_allowed
from sim.policies.registry import Family, Option, Parameters, itself

EPS = 1e-9


class BookedCase(Protocol):
    """What a caseload policy reads of a case (see :class:`sim.agents.cases.Case`)."""

    @property
    def need(self) -> int: ...

    @property
    def community(self) -> int: ...

    @property
    def contacts(self) -> Sequence[tuple[float, bool]]: ...

    @property
    def next_contact(self) -> int: ...

    @property
    def recording_hours(self) -> float: ...

    @property
    def weight(self) -> float: ...


#: A case's weight now, from its content and the region (``None``: weights never change).
Weigh = Callable[[BookedCase], float]


class CapacityPolicy(Protocol):
    """What the model asks of a caseload policy."""

    @property
    def booked(self) -> bool:
        """Whether a case's weight is its booked hours (set per case, updated per contact)."""
        ...

    def check_needs(self, key: str, needs: Collection[str]) -> None:
        """Refuse parameters that name a need type the scenario does not have."""
        ...

    def need_weight(self, name: str, configured: float) -> float:
        """The weight of every case of need type ``name`` (``configured``: its
        ``case_weight``); under ``workload`` a placeholder until the case is weighed."""
        ...

    def cap(self, configured: float, calendar: WorkCalendar, horizon_days: float) -> float:
        """A worker's cap (``configured``: ``scenario.workforce.caseload_cap``)."""
        ...

    def weight(self, case: BookedCase, interval_days: float, travel_hours: float) -> float:
        """The weight of ``case`` now: at referral, and after each of its contacts."""
        ...


@dataclass
class HardCap(Parameters):
    """``hard_cap``: a case weighs its need type's ``case_weight``; the cap is
    ``scenario.workforce.caseload_cap`` (no parameters of its own)."""

    name: str = "hard_cap"

    @property
    def booked(self) -> bool:
        """Weights are fixed per need type."""
        return False

    def check_needs(self, key: str, needs: Collection[str]) -> None:
        """Nothing names a need type."""

    def need_weight(self, name: str, configured: float) -> float:
        """The need type's ``case_weight``."""
        return configured

    def cap(self, configured: float, calendar: WorkCalendar, horizon_days: float) -> float:
        """``scenario.workforce.caseload_cap``."""
        return configured

    def weight(self, case: BookedCase, interval_days: float, travel_hours: float) -> float:
        """The weight the case was referred with."""
        return case.weight


@dataclass
class Weighted(HardCap):
    """``weighted``: points per need type against a cap in points.

    Parameters
    ----------
    weights
        Points of one case of each need type named (need type name -> points).
    default_weight
        Points of a case of a need type not named in ``weights``.
    cap_points
        Points a worker may carry.
    """

    name: str = "weighted"
    weights: dict[str, float] = field(default_factory=lambda: {
        "child_protection": 3.0, "social_assistance": 0.5, "policy_explanation": 0.25})
    default_weight: float = 1.0
    cap_points: float = 17.0

    def check(self, key: str) -> None:
        """Every weight is ``> 0`` and at most ``cap_points`` (a heavier case would never
        be taken); ``cap_points > 0``."""
        check_min(f"{key}.cap_points", self.cap_points, 0.0, strict=True)
        named = {f"weights.{n}": w for n, w in self.weights.items()}
        for name, points in {**named, "default_weight": self.default_weight}.items():
            check_min(f"{key}.{name}", points, 0.0, strict=True)
            if points > self.cap_points + EPS:
                raise not_allowed(f"{key}.{name}", points,
                                  f"must be <= cap_points = {self.cap_points:g}")

    def check_needs(self, key: str, needs: Collection[str]) -> None:
        """Every need type named in ``weights`` exists in the scenario."""
        for name in self.weights:
            if name not in needs:
                raise not_allowed(f"{key}.weights.{name}", self.weights[name],
                                  f"{name} is not a need type of the scenario: need types "
                                  f"are {', '.join(needs)}")

    def need_weight(self, name: str, configured: float) -> float:
        """``weights[name]``, else ``default_weight``."""
        return self.weights.get(name, self.default_weight)

    def cap(self, configured: float, calendar: WorkCalendar, horizon_days: float) -> float:
        """``cap_points``."""
        return self.cap_points


@dataclass
class Workload(HardCap):
    """``workload``: hours booked over a look-ahead against the hours available in it.

    Parameters
    ----------
    lookahead_days
        Days ahead over which contacts are booked and hours are available.
    utilisation
        Share of the available hours that may be booked.
    """

    name: str = "workload"
    lookahead_days: float = 28.0
    utilisation: float = 0.85

    @property
    def booked(self) -> bool:
        """A case weighs its booked hours."""
        return True

    def check(self, key: str) -> None:
        """``lookahead_days > 0``; ``0 < utilisation <= 1``."""
        check_min(f"{key}.lookahead_days", self.lookahead_days, 0.0, strict=True)
        check_min(f"{key}.utilisation", self.utilisation, 0.0, strict=True)
        if self.utilisation > 1.0:
            raise not_allowed(f"{key}.utilisation", self.utilisation, "must be <= 1")

    def cap(self, configured: float, calendar: WorkCalendar, horizon_days: float) -> float:
        """``utilisation`` x productive hours of ``lookahead_days``, at the calendar's
        average productive hours per day over the horizon (holidays included)."""
        per_day = calendar.productive_hours(horizon_days) / horizon_days
        return self.utilisation * per_day * self.lookahead_days

    def weight(self, case: BookedCase, interval_days: float, travel_hours: float) -> float:
        """Hours booked for the case's remaining contacts (see :func:`booked_hours`): the
        next is due now if it is the intake, else ``interval_days`` from now."""
        first_due = 0.0 if case.next_contact == 0 else interval_days
        return booked_hours(case.contacts, case.next_contact, first_due, interval_days,
                            self.lookahead_days, case.recording_hours, travel_hours)


def booked_hours(contacts: Sequence[tuple[float, bool]], start: int, first_due: float,
                 interval_days: float, lookahead_days: float, recording_hours: float,
                 travel_hours: float) -> float:
    """Hours of the contacts from ``start`` on that fall due within the look-ahead.

    Contact ``start`` is due ``first_due`` days from now and each later one
    ``interval_days`` after the one before; a contact costs its work hours, the recording
    hours and, if a home visit, the round-trip travel hours. The next contact is always
    booked (the worker holds the case), even if it falls due after the look-ahead.

    Parameters
    ----------
    contacts
        ``(work_hours, home_visit)`` of every contact of the case.
    start
        The first contact not yet started.
    first_due, interval_days, lookahead_days
        Days until contact ``start`` is due, between contacts, and of the look-ahead.
    recording_hours, travel_hours
        Per contact, and per home visit.
    """
    total, due = 0.0, first_due
    for k in range(start, len(contacts)):
        if k > start and due > lookahead_days + EPS:
            break
        work, home = contacts[k]
        total += work + recording_hours + (travel_hours if home else 0.0)
        due += interval_days
    return total


def weigher(policy: CapacityPolicy, intervals: Sequence[float],
            travel: Sequence[float]) -> Weigh | None:
    """A case's weight now under ``policy`` (``None`` when weights never change).

    Parameters
    ----------
    intervals
        Session interval (days) by need type index.
    travel
        Round-trip hours of a home visit by community index (from its own station: a case's
        worker is not known when it is weighed).
    """
    if not policy.booked:
        return None
    intervals, travel = list(intervals), list(travel)

    def weigh(case: BookedCase) -> float:
        return policy.weight(case, intervals[case.need], travel[case.community])

    return weigh


CASELOAD: Family[CapacityPolicy] = Family("caseload", [
    Option("hard_cap", HardCap, itself),
    Option("weighted", Weighted, itself),
    Option("workload", Workload, itself),
])
