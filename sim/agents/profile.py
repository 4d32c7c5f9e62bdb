"""When referrals arrive: a weekday-and-hour profile and an optional seasonal profile.

Most referrals come through the residents' committee in office hours; urgent ones come at any
hour (e.g. through the 12345 hotline, source 004). A need type of urgent share ``u`` arrives
with intensity ``rate * season(t) * (u + (1 - u) * week(t))``: its urgent part is flat over
the week, its standard part follows ``week``. Both profiles have mean one, so the mean rate is
the need's rate; the demand process realises the intensity by thinning (Lewis and Shedler,
"Simulation of nonhomogeneous Poisson processes by thinning", 1979).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sim.units import HOURS_PER_DAY

DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class ReferralProfile:
    """Weekly and seasonal multipliers of referral intensity.

    Parameters
    ----------
    office_share
        Share of standard referrals arriving in office hours (``None``: flat over the week).
    workdays, start_hour, hours_per_day
        Office hours: these weekdays (0 = Monday), from ``start_hour`` for ``hours_per_day``.
    first_weekday
        Weekday of clock day 0.
    seasonal
        Twelve monthly multipliers (January first; normalised to mean one), or empty.
    start_date
        Date of clock day 0 (for the month of an instant).
    """

    office_share: float | None = None
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    start_hour: float = 8.5
    hours_per_day: float = 8.0
    first_weekday: int = 0
    seasonal: tuple[float, ...] = ()
    start_date: str = "2023-01-01"

    @property
    def flat(self) -> bool:
        """Whether the intensity is constant (no thinning needed)."""
        return self.office_share is None and not self.seasonal

    @property
    def office_fraction(self) -> float:
        """Share of the week's hours that are office hours."""
        return len(set(self.workdays)) * self.hours_per_day / (DAYS_PER_WEEK * HOURS_PER_DAY)

    def _week_levels(self) -> tuple[float, float]:
        """Multiplier of standard referrals in and out of office hours (mean one)."""
        if self.office_share is None:
            return 1.0, 1.0
        f = self.office_fraction
        inside = self.office_share / f if f > 0 else 0.0
        outside = (1.0 - self.office_share) / (1.0 - f) if f < 1 else 0.0
        return inside, outside

    def _season_levels(self) -> tuple[float, ...]:
        if not self.seasonal:
            return (1.0,)
        mean = sum(self.seasonal) / len(self.seasonal)
        return tuple(s / mean for s in self.seasonal)

    def in_office(self, t: float) -> bool:
        """Whether instant ``t`` (clock days) falls in office hours."""
        day = math.floor(t)
        hour = (t - day) * HOURS_PER_DAY
        return ((self.first_weekday + day) % DAYS_PER_WEEK in self.workdays
                and self.start_hour <= hour < self.start_hour + self.hours_per_day)

    def week(self, t: float) -> float:
        """Weekly multiplier of standard referrals at ``t``."""
        inside, outside = self._week_levels()
        return inside if self.in_office(t) else outside

    def season(self, t: float) -> float:
        """Seasonal multiplier at ``t``."""
        if not self.seasonal:
            return 1.0
        month = date.fromordinal(date.fromisoformat(self.start_date).toordinal()
                                 + math.floor(t)).month
        return self._season_levels()[month - 1]

    def intensity(self, urgent_share: float, t: float) -> float:
        """Multiplier of a need type's rate at ``t``."""
        return self.season(t) * (urgent_share + (1.0 - urgent_share) * self.week(t))

    def peak(self, urgent_share: float) -> float:
        """Largest multiplier of a need type's rate (the thinning envelope)."""
        return max(self._season_levels()) * (
            urgent_share + (1.0 - urgent_share) * max(self._week_levels()))

    def urgent_probability(self, urgent_share: float, t: float) -> float:
        """Probability that a need arriving at ``t`` is urgent."""
        if self.office_share is None:
            return urgent_share
        level = urgent_share + (1.0 - urgent_share) * self.week(t)
        return urgent_share / level if level > 0 else 1.0
