"""Staffing policies: the target headcount of each station.

=================  ==========================================================================
``fixed``          the scenario's headcount per station
``ratio``          one worker per ``per`` units of a basis (households, residents aged 60+,
                   people with disabilities, low-income residents) in the station's area
``needs_based``    the expected workload hours of the station's area over the hours a worker
                   has for cases after admin, absence and a utilisation margin
=================  ==========================================================================

Targets are reviewed every ``review_interval_days``; a target below the current headcount is
reached by attrition, not by dismissal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sim.checks import check_choice, check_min
from sim.policies.registry import Family, Option, Parameters, itself

STAFFING_BASES = ("households", "elderly", "disabled", "low_income")


@dataclass(frozen=True)
class StationLoad:
    """What a staffing rule may know of one station's area."""

    fixed: int
    households: int
    elderly: int
    disabled: int
    low_income: int
    workload_hours_per_year: float


class StaffingPolicy(Protocol):
    """What the workforce asks of a staffing rule."""

    @property
    def review_interval_days(self) -> float:
        """How often targets are reviewed."""
        ...

    def targets(self, loads: Sequence[StationLoad]) -> list[int]:
        """Target headcount of every station."""
        ...


@dataclass
class Reviewed(Parameters):
    """A staffing rule whose targets are reviewed at a fixed interval.

    Parameters
    ----------
    review_interval_days
        How often targets are reviewed (vacancies are also re-advertised then).
    """

    name: str = ""
    review_interval_days: float = 365.0

    def target(self, load: StationLoad) -> int:
        """Target headcount of one station."""
        raise NotImplementedError

    def targets(self, loads: Sequence[StationLoad]) -> list[int]:
        """Target headcount of every station."""
        return [self.target(load) for load in loads]

    def check(self, key: str) -> None:
        """The review interval is ``> 0`` days."""
        check_min(f"{key}.review_interval_days", self.review_interval_days, 0.0, strict=True)


@dataclass
class FixedStaffing(Reviewed):
    """``fixed``: the scenario's headcount per station (``scenario.stations.<name>.workers``)."""

    name: str = "fixed"

    def target(self, load: StationLoad) -> int:
        """The station's fixed headcount."""
        return load.fixed


@dataclass
class RatioStaffing(Reviewed):
    """``ratio``: one worker per ``per`` units of ``basis`` in the station's area.

    Parameters
    ----------
    basis
        ``households``, ``elderly``, ``disabled`` or ``low_income`` (households with such a
        member stand for persons).
    per
        Units of the basis per worker.
    minimum
        Smallest target of a station.
    """

    name: str = "ratio"
    basis: str = "households"
    per: float = 5000.0
    minimum: int = 1

    def target(self, load: StationLoad) -> int:
        """One worker per ``per`` units of the basis, rounded up, at least ``minimum``."""
        return max(self.minimum, math.ceil(getattr(load, self.basis) / self.per - 1e-9))

    def check(self, key: str) -> None:
        """A known basis, ``per > 0``, ``minimum >= 0``."""
        super().check(key)
        check_choice(f"{key}.basis", self.basis, STAFFING_BASES)
        check_min(f"{key}.per", self.per, 0.0, strict=True)
        check_min(f"{key}.minimum", self.minimum, 0)


@dataclass
class NeedsBasedStaffing(Reviewed):
    """``needs_based``: expected workload hours over the case hours of a worker-year.

    Parameters
    ----------
    case_hours_per_worker_year
        Hours a worker gives to cases in a year.
    minimum
        Smallest target of a station.
    """

    name: str = "needs_based"
    case_hours_per_worker_year: float = 900.0
    minimum: int = 1

    def target(self, load: StationLoad) -> int:
        """Workload over case hours per worker, rounded up, at least ``minimum``."""
        wanted = math.ceil(load.workload_hours_per_year / self.case_hours_per_worker_year
                           - 1e-9)
        return max(self.minimum, wanted)

    def check(self, key: str) -> None:
        """``case_hours_per_worker_year > 0``, ``minimum >= 0``."""
        super().check(key)
        check_min(f"{key}.case_hours_per_worker_year", self.case_hours_per_worker_year, 0.0,
                  strict=True)
        check_min(f"{key}.minimum", self.minimum, 0)


STAFFING: Family[StaffingPolicy] = Family("staffing", [
    Option("fixed", FixedStaffing, itself),
    Option("ratio", RatioStaffing, itself),
    Option("needs_based", NeedsBasedStaffing, itself),
])
