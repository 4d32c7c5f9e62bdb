"""The volunteer pool: hours a week that volunteer-eligible sessions can use.

A session that volunteers take costs the worker coordination time only (a share of the
session's hours). The pool refills at the start of every week; no event is needed for that.
"""

from __future__ import annotations


class VolunteerPool:
    """Volunteer hours available each week (weeks start at day 0, 7, 14, ...)."""

    def __init__(self, hours_per_week: float, coordination_share: float,
                 window: tuple[float, float]) -> None:
        self.hours_per_week = hours_per_week
        self.coordination_share = coordination_share
        self.window = window
        self.hours_used = 0.0
        self._week = -1
        self._left = 0.0

    def take(self, hours: float, now: float) -> bool:
        """Use ``hours`` of this week's pool if that many are left."""
        week = int(now // 7)
        if week != self._week:
            self._week, self._left = week, self.hours_per_week
        if hours > self._left:
            return False
        self._left -= hours
        if self.window[0] <= now <= self.window[1]:
            self.hours_used += hours
        return True
