"""A worker's time account: hours by category inside the worker's accounting window.

The account follows the worker's calendar in closed form: a task adds its hours (and any
overtime past the end of duty); time away (sickness, leave, training) is counted when it
begins. Administration is interleaved with casework: a quota of ``admin_share`` of every
duty hour on which the worker is not away accrues, and it is done in the duty time that
tasks leave free; what tasks crowd out is the admin backlog, worked off in later free time
or as an administration task when it grows too large (see ``Worker``). Free duty time left
after the backlog is idle. Every hour of the window falls in
exactly one :class:`~sim.timecategory.TimeCategory`, so the categories add up to duty +
overtime, and the identity is a real check of the scheduling.
"""

from __future__ import annotations

import math
from typing import Any, Final

from sim.agents.timeuse import Parts, TimeUse
from sim.calendar import WorkCalendar
from sim.timecategory import AWAY, TimeCategory
from sim.units import HOURS_PER_DAY

_ADMIN: Final = TimeCategory.ADMIN  # looked up once (an enum member costs a lookup each time)
_IDLE: Final = TimeCategory.IDLE


class TimeAccount:
    """Hours of one worker inside ``window`` (clock days), by category.

    Parameters
    ----------
    calendar
        The worker's duty calendar.
    window
        The accounting window: the measurement period, from the worker's hiring.
    """

    __slots__ = ("_always_on", "admin_done", "admin_share", "calendar", "gap_from", "use",
                 "window")

    def __init__(self, calendar: WorkCalendar, window: tuple[float, float],
                 admin_share: float = 0.0) -> None:
        self.calendar = calendar
        self.window = window
        self.admin_share = admin_share
        self.admin_done = 0.0
        self.use = TimeUse()
        self.gap_from = window[0]  # the worker has been free since
        self._always_on = calendar.always_on and admin_share == 0.0

    def task(self, start: float, end: float, duty_end: float, parts: Parts,
             on_call: bool = False) -> None:
        """A task ran over ``[start, end]``; the worker is free again from ``end``. Hours of
        an ``on_call`` task past ``duty_end`` are call-out hours, not overtime."""
        self.use.add_task(start, end, duty_end, parts, self.window, on_call)
        self.gap_from = end
        if self.admin_share:
            for category, hours in parts:
                if category is _ADMIN:
                    self.admin_done += hours

    def idle_until(self, until: float) -> float:
        """The worker was free from :attr:`gap_from` to ``until``: the free productive time
        goes to the admin backlog first, the rest is idle. Returns the admin hours done."""
        w_lo, w_hi = self.window  # conditional expressions, not max/min: once per task
        lo = self.gap_from if self.gap_from > w_lo else w_lo
        hi = until if until < w_hi else w_hi
        if hi <= lo:
            return 0.0
        if self._always_on:  # every hour is productive, no admin: no calendar arithmetic
            self.use.hours[_IDLE] += (hi - lo) * HOURS_PER_DAY
            return 0.0
        productive = self.calendar.productive_hours
        free = productive(hi) - productive(lo)
        admin = min(free, self.admin_backlog(hi)) if self.admin_share else 0.0
        self.admin_done += admin
        self.use.hours[_ADMIN] += admin
        self.use.hours[_IDLE] += free - admin
        return admin

    def admin_backlog(self, t: float) -> float:
        """Administration accrued by ``t`` (a share of the duty hours not away) and not yet
        done; never below zero."""
        if not self.admin_share:
            return 0.0
        away = sum(self.use[c] for c in AWAY)
        accrued = self.admin_share * (self.productive_hours(t) - away)
        return max(0.0, accrued - self.admin_done)

    def productive_between(self, lo: float, hi: float) -> float:
        """Productive hours in ``[lo, hi]`` inside the window."""
        lo, hi = max(lo, self.window[0]), min(hi, self.window[1])
        if hi <= lo:
            return 0.0
        return self.calendar.productive_hours(hi) - self.calendar.productive_hours(lo)

    def away(self, category: TimeCategory, begin: float, until: float) -> None:
        """Away (sick, on leave, in training) over ``[begin, until]``, counted now."""
        self.use.add(category, self.productive_between(begin, until))
        self.gap_from = max(self.gap_from, until)

    def close(self, now: float, away_until: float, category: TimeCategory) -> None:
        """The worker leaves at ``now``: an absence counted to ``away_until`` is cut short
        and the window ends."""
        self.use.add(category, -self.productive_between(now, away_until))
        self.window = (self.window[0], min(self.window[1], max(now, self.window[0])))

    def settle(self, until: float, running: tuple[float, float, float, Parts] | None,
               away_until: float, on_call: bool = False) -> None:
        """Close the account at ``until`` (the end of the run)."""
        if running is not None:
            start, end, duty_end, parts = running
            self.use.add_task(start, end, duty_end, parts, (self.window[0], until), on_call)
        elif away_until <= until:
            self.idle_until(until)
        self.gap_from = math.inf

    def duty_hours(self, until: float) -> float:
        """Duty hours inside the window up to ``until``."""
        lo, hi = self.window[0], min(until, self.window[1])
        return max(0.0, self.calendar.duty_hours(hi) - self.calendar.duty_hours(lo))

    def productive_hours(self, until: float) -> float:
        """Productive-window hours inside the window up to ``until``."""
        lo, hi = self.window[0], min(until, self.window[1])
        return max(0.0, self.calendar.productive_hours(hi) - self.calendar.productive_hours(lo))

    def hours(self, until: float) -> dict[str, Any]:
        """The account's columns of the workers table, up to ``until``."""
        duty, productive = self.duty_hours(until), self.productive_hours(until)
        hours: dict[str, Any] = {c.column: self.use[c] for c in TimeCategory}
        # the admin column reports administration done, any fixed block outside the
        # calendar's productive window, and case recording, as the share_admin KPI does
        hours[TimeCategory.ADMIN.column] = (duty - productive + self.use[TimeCategory.ADMIN]
                                            + self.use[TimeCategory.RECORDING])
        return {**hours, "overtime_hours": self.use.overtime, "on_call_hours": self.use.on_call,
                "duty_hours": duty,
                "admin_backlog_hours": self.admin_backlog(until)}
