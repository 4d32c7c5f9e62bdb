"""Work calendar: which hours of which days a worker is on duty.

Clock day ``d`` (integer part of the clock) has weekday ``(d + first_weekday) % 7``
(0 = Monday). A day is worked when its weekday is in the weekly pattern and it is not a
holiday, or when it is a make-up workday (a rest day worked instead, as China's adjusted
weekends). On a worked day the worker is on duty from ``start_hour`` for ``hours_per_day``
hours. The first ``admin_share`` of the duty hours is the fixed administration block; the
rest is the *productive window* in which tasks may start. A task that runs past the end of
duty finishes anyway and the excess is overtime.

Everything is closed-form (no per-day events or loops): worked days before a day are weekly
arithmetic less the holidays plus the make-up days before it, each found by bisection, so
cost grows with tasks, not with days.
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
        Weekday indices on duty in an ordinary week (0 = Monday ... 6 = Sunday).
    start_hour
        Hour of the day at which duty starts.
    hours_per_day
        Duty hours on a workday (``start_hour + hours_per_day <= 24``).
    admin_share
        Share of duty hours taken by fixed administration at the start of the day.
    holidays
        Clock days not worked although their weekday is (others are ignored).
    makeup_days
        Clock days worked although their weekday is a rest day (others are ignored).
    first_weekday
        Weekday of clock day 0 (0 = Monday).

    Days before day 0 in ``holidays`` or ``makeup_days`` are ignored.
    """

    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    start_hour: float = 8.5
    hours_per_day: float = 8.0
    admin_share: float = 0.0
    holidays: tuple[int, ...] = ()
    makeup_days: tuple[int, ...] = ()
    first_weekday: int = 0
    _pattern: frozenset[int] = field(init=False, repr=False, compare=False)
    _before: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _off: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _on: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _always_on: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.first_weekday not in range(DAYS_PER_WEEK):
            raise ValueError(f"first_weekday must be 0 (Monday) .. 6, got {self.first_weekday}")
        pattern = frozenset(self.workdays)
        fw = self.first_weekday
        off = sorted(d for d in set(self.holidays) if d >= 0 and (d + fw) % 7 in pattern)
        on = sorted(d for d in set(self.makeup_days) if d >= 0 and (d + fw) % 7 not in pattern)
        set_ = object.__setattr__
        set_(self, "_pattern", pattern)
        # _before[r]: pattern weekdays among 0 .. r - 1
        set_(self, "_before", tuple(sum(1 for w in pattern if w < r) for r in range(8)))
        set_(self, "_off", tuple(off))
        set_(self, "_on", tuple(on))
        always = (self.hours_per_day >= HOURS_PER_DAY and len(pattern) == DAYS_PER_WEEK
                  and not self.holidays and not self.makeup_days and self.admin_share == 0.0)
        set_(self, "_always_on", always)

    @property
    def always_on(self) -> bool:
        """True when duty is continuous (24 h, 7 days, no holidays or make-up days, no admin)."""
        return self._always_on

    @property
    def _productive_lo(self) -> float:
        return self.start_hour + self.admin_share * self.hours_per_day

    @property
    def _duty_hi(self) -> float:
        return self.start_hour + self.hours_per_day

    def weekday(self, day: int) -> int:
        """Weekday of clock day ``day`` (0 = Monday)."""
        return (day + self.first_weekday) % DAYS_PER_WEEK

    def is_workday(self, day: int) -> bool:
        """Whether clock day ``day`` is worked."""
        scheduled = (day + self.first_weekday) % DAYS_PER_WEEK in self._pattern
        exceptions = self._off if scheduled else self._on
        i = bisect.bisect_left(exceptions, day)
        listed = i < len(exceptions) and exceptions[i] == day
        return scheduled != listed  # a pattern day not off, or a rest day made up

    def _weekly(self, n: int) -> int:
        """Pattern weekdays among the weekday counts ``0 .. n - 1`` (counted from Monday)."""
        weeks, rest = divmod(n, DAYS_PER_WEEK)
        return weeks * len(self._pattern) + self._before[rest]

    def workdays_before(self, day: int) -> int:
        """Number of worked days in ``[0, day)``."""
        if day <= 0:
            return 0
        fw = self.first_weekday
        weekly = self._weekly(day + fw) - self._weekly(fw)
        return (weekly - bisect.bisect_left(self._off, day)
                + bisect.bisect_left(self._on, day))

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

    def first_workday_from(self, day: int) -> int:
        """The first worked day ``>= day`` (exponential search, then bisection).

        Raises
        ------
        ValueError
            When no day from ``day`` on is worked.
        """
        day = max(day, 0)
        if self.is_workday(day):
            return day
        if not self._pattern and bisect.bisect_left(self._on, day) == len(self._on):
            raise ValueError("calendar has no working time")
        n = self.workdays_before(day)
        lo, hi, step = day, day + 1, 2  # no worked day in [day, lo]
        while self.workdays_before(hi + 1) == n:
            lo, hi, step = hi, hi + step, step * 2
        while hi - lo > 1:  # worked days: none in [day, lo], some in [day, hi]
            mid = (lo + hi) // 2
            if self.workdays_before(mid + 1) > n:
                hi = mid
            else:
                lo = mid
        return hi

    def next_start(self, t: float) -> float:
        """Earliest time ``>= t`` at which a task may start (inside a productive window).

        Before day 0 (never on the clock), the first start from day 0 on.
        """
        if self.always_on:
            return t
        lo, hi = self._productive_lo / HOURS_PER_DAY, self._duty_hi / HOURS_PER_DAY
        day = math.floor(t)
        if t < day + hi and day >= 0 and self.is_workday(day):
            return max(t, day + lo)
        return self.first_workday_from(day + 1) + lo

    def duty_end(self, t: float) -> float:
        """End of duty of the day containing ``t`` (infinite when duty is continuous)."""
        if self.always_on:
            return math.inf
        return math.floor(t) + self._duty_hi / HOURS_PER_DAY
