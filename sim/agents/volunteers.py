"""The volunteer pool: hours a week that volunteer-eligible sessions can use, and the people
who give them.

A session that volunteers take costs the worker coordination time only (a share of the
session's hours). The pool refills at the start of every week (no event is needed for that)
with a fixed part plus ``hours_per_volunteer`` for each volunteer active then. Volunteers are
people: residents who took part in an activity may join (``join``), and each stays an
exponential time (drawn when joining) before leaving.
"""

from __future__ import annotations

import bisect

from sim.rng import Stream
from sim.units import DAYS_PER_YEAR


class VolunteerPool:
    """Volunteer hours available each week (weeks start at day 0, 7, 14, ...).

    Parameters
    ----------
    hours_per_week
        Fixed weekly hours (whoever gives them).
    coordination_share
        Worker hours per volunteer hour.
    window
        The measurement period (hours used are counted inside it).
    hours_per_volunteer
        Weekly hours each active volunteer adds.
    stay_years
        Mean years a volunteer stays (``inf``: for good).
    stream
        Draws how long each volunteer stays (``None``: everyone stays for good).
    """

    def __init__(self, hours_per_week: float, coordination_share: float,
                 window: tuple[float, float], hours_per_volunteer: float = 0.0,
                 stay_years: float = float("inf"), stream: Stream | None = None) -> None:
        self.hours_per_week = hours_per_week
        self.coordination_share = coordination_share
        self.window = window
        self.hours_per_volunteer = hours_per_volunteer
        self.stay_days = stay_years * DAYS_PER_YEAR
        self.stream = stream
        self.hours_used = 0.0
        self.joined = 0
        self._leaving: list[float] = []  # leaving instants of volunteers, sorted
        self._week = -1
        self._left = 0.0

    def join(self, now: float) -> None:
        """A resident becomes a volunteer at ``now``."""
        stay = (self.stream.exponential(self.stay_days)
                if self.stream is not None and self.stay_days != float("inf") else float("inf"))
        bisect.insort(self._leaving, now + stay)
        if self.window[0] <= now <= self.window[1]:
            self.joined += 1

    def active(self, now: float) -> int:
        """Volunteers active at ``now`` (joined before, not left yet)."""
        return len(self._leaving) - bisect.bisect_right(self._leaving, now)

    def take(self, hours: float, now: float) -> bool:
        """Use ``hours`` of this week's pool if that many are left."""
        week = int(now // 7)
        if week != self._week:
            self._week = week
            self._left = self.hours_per_week
            if self.hours_per_volunteer:
                self._left += self.hours_per_volunteer * self.active(now)
        if hours > self._left:
            return False
        self._left -= hours
        if self.window[0] <= now <= self.window[1]:
            self.hours_used += hours
        return True
