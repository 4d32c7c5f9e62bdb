"""Reach: whom the service reached in the measurement period, year by year.

People served in a year are the people of the households whose case had its first contact
that year plus the distinct residents who took part in that year's activities (one person per
attending household, counted once). Home visits and participants are counted as they happen.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from sim.units import DAYS_PER_YEAR


class Reach:
    """Year-by-year sets of served and participating households.

    Parameters
    ----------
    start, end
        The measurement period (clock days); it is cut into ``years`` equal parts (whole
        years, at least one), each standing for one year.
    household_size
        People in each household.
    """

    def __init__(self, start: float, end: float, household_size: np.ndarray) -> None:
        self.start, self.end = start, end
        self.years = max(1, round((end - start) / DAYS_PER_YEAR))
        self._span = (end - start) / self.years
        self._size = household_size
        self.served: list[set[int]] = [set() for _ in range(self.years)]
        self.attending: list[set[int]] = [set() for _ in range(self.years)]
        self.home_visits = 0
        self.participants = 0

    def _year(self, t: float) -> int | None:
        if not self.start <= t <= self.end or self._span <= 0:
            return None
        return min(math.floor((t - self.start) / self._span), self.years - 1)

    def contact_ended(self, t: float, household: int, first: bool, home: bool) -> None:
        """A contact of a case of ``household`` ended at ``t``: a home visit (``home``) is
        counted, and the case's first contact (``first``) serves the household that year."""
        if not (first or home):
            return
        year = self._year(t)
        if year is None:
            return
        if home:
            self.home_visits += 1
        if first:
            self.served[year].add(household)

    def attended(self, t: float, households: Iterable[int]) -> None:
        """These households each sent one person to an activity at ``t``."""
        year = self._year(t)
        if year is not None:
            added = list(households)
            self.attending[year].update(added)
            self.participants += len(added)

    def people_served(self, year: int) -> int:
        """People in served households plus distinct participants from other households
        (a participant from a served household is already one of its people), in one year."""
        served = self.served[year]
        people = int(self._size[list(served)].sum()) if served else 0
        return people + len(self.attending[year] - served)

    def results(self) -> dict[str, float]:
        """Per-year means over the measurement years."""
        years = self.years
        return {
            "measured_years": (self.end - self.start) / DAYS_PER_YEAR,
            "home_visits": float(self.home_visits),
            "activity_participants": float(self.participants),
            "people_reached_activities_per_year":
                sum(len(a) for a in self.attending) / years,
            "people_served_per_year":
                sum(self.people_served(y) for y in range(years)) / years,
        }
