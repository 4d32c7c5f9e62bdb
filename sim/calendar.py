"""Work calendar: which hours of which days a worker is on duty.

A day ``d`` (integer part of the clock) has weekday ``d % 7`` (0 = Monday). On a workday
that is not a holiday the worker is on duty from ``start_hour`` for ``hours_per_day`` hours.
The first ``admin_share`` of the duty hours is the fixed administration block; the rest is the
*productive window* in which tasks may start. A task that runs past the end of duty finishes
anyway and the excess is overtime.

Everything is closed-form (no per-day events), so cost grows with tasks, not with days.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

from sim.units import DAYS_PER_WEEK, HOURS_PER_DAY


@dataclass(frozen=True)
class WorkCalendar:
    """Duty hours of one worker.

    Parameters
    ----------
    workdays
        Weekday indices on duty (0 = Monday ... 6 = Sunday).
    start_hour
        Hour of the day at which duty starts.
    hours_per_day
        Duty hours on a workday (``start_hour + hours_per_day <= 24``).
    admin_share
        Share of duty hours taken by fixed administration at the start of the day.
    holidays
        Day numbers (clock days) that are not worked although their weekday is.
    """

    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    start_hour: float = 8.5
    hours_per_day: float = 8.0
    admin_share: float = 0.0
    holidays: tuple[int, ...] = ()
    _holidays_on_workdays: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _always_on: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        kept = tuple(sorted(h for h in set(self.holidays) if h % DAYS_PER_WEEK in self.workdays))
        object.__setattr__(self, "_holidays_on_workdays", kept)
        always = (self.hours_per_day >= HOURS_PER_DAY
                  and len(set(self.workdays)) == DAYS_PER_WEEK
                  and not self.holidays and self.admin_share == 0.0)
        object.__setattr__(self, "_always_on", always)

    @property
    def always_on(self) -> bool:
        """True when duty is continuous (24 h, 7 days, no holidays, no admin block)."""
        return self._always_on

    @property
    def _productive_lo(self) -> float:
        return self.start_hour + self.admin_share * self.hours_per_day

    @property
    def _duty_hi(self) -> float:
        return self.start_hour + self.hours_per_day

    def is_workday(self, day: int) -> bool:
        """Whether clock day ``day`` is worked."""
        if day % DAYS_PER_WEEK not in self.workdays:
            return False
        i = bisect.bisect_left(self._holidays_on_workdays, day)
        return not (i < len(self._holidays_on_workdays) and self._holidays_on_workdays[i] == day)

    def workdays_before(self, day: int) -> int:
        """Number of worked days in ``[0, day)``."""
        weeks, rest = divmod(day, DAYS_PER_WEEK)
        count = weeks * len(set(self.workdays)) + sum(1 for w in set(self.workdays) if w < rest)
        return count - bisect.bisect_left(self._holidays_on_workdays, day)

    def _window_hours(self, t: float, lo: float, hi: float) -> float:
        """Hours of the daily window [lo, hi) on workdays within [0, t]."""
        if t <= 0.0:
            return 0.0
        day = math.floor(t)
        full = self.workdays_before(day) * (hi - lo)
        if not self.is_workday(day):
            return full
        hour = (t - day) * HOURS_PER_DAY
        return full + min(max(hour - lo, 0.0), hi - lo)

    def duty_hours(self, t: float) -> float:
        """Cumulative duty hours in ``[0, t]``."""
        if self.always_on:
            return max(t, 0.0) * HOURS_PER_DAY
        return self._window_hours(t, self.start_hour, self._duty_hi)

    def productive_hours(self, t: float) -> float:
        """Cumulative hours of productive window (duty less fixed admin) in ``[0, t]``."""
        if self.always_on:
            return max(t, 0.0) * HOURS_PER_DAY
        return self._window_hours(t, self._productive_lo, self._duty_hi)

    def next_start(self, t: float) -> float:
        """Earliest time ``>= t`` at which a task may start (inside a productive window)."""
        if self.always_on:
            return t
        lo, hi = self._productive_lo / HOURS_PER_DAY, self._duty_hi / HOURS_PER_DAY
        day = math.floor(t)
        # Each holiday can cost a whole week when only one weekday is worked.
        weeks = len(self._holidays_on_workdays) + 1
        for d in range(day, day + DAYS_PER_WEEK * weeks + 1):
            if not self.is_workday(d):
                continue
            if t < d + hi:
                return max(t, d + lo)
        raise ValueError("calendar has no working time")

    def duty_end(self, t: float) -> float:
        """End of duty of the day containing ``t`` (infinite when duty is continuous)."""
        if self.always_on:
            return math.inf
        return math.floor(t) + self._duty_hi / HOURS_PER_DAY
