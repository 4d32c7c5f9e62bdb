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


@dataclass(frozen=True)
class StaffingPolicy:
    """Target headcount per station.

    Parameters
    ----------
    name
        ``fixed``, ``ratio`` or ``needs_based``.
    basis, per
        ``ratio``: one worker per ``per`` units of ``basis``.
    case_hours_per_worker_year
        ``needs_based``: hours a worker gives to cases in a year.
    review_interval_days
        How often targets are reviewed.
    minimum
        Smallest target of a station that serves households.
    """

    name: str = "fixed"
    basis: str = "households"
    per: float = 5000.0
    case_hours_per_worker_year: float = 900.0
    review_interval_days: float = 365.0
    minimum: int = 0

    def target(self, load: StationLoad) -> int:
        """Target headcount of one station."""
        if self.name == "fixed":
            return load.fixed
        if self.name == "ratio":
            wanted = math.ceil(getattr(load, self.basis) / self.per - 1e-9)
        else:
            wanted = math.ceil(load.workload_hours_per_year / self.case_hours_per_worker_year
                               - 1e-9)
        return max(self.minimum, wanted)

    def targets(self, loads: Sequence[StationLoad]) -> list[int]:
        """Target headcount of every station."""
        return [self.target(load) for load in loads]
