"""Time use of a worker: hours by :class:`~sim.timecategory.TimeCategory` inside a window.

The categories always add up: the task categories (on duty or in overtime) + fixed
administration + idle + absence = duty + overtime + on-call call-outs. Idle and absence are
measured from the calendar, not derived as a remainder, so the identity is a real check of
the scheduling.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.timecategory import WORK, TimeCategory
from sim.units import HOURS_PER_DAY

TIME_CATEGORIES = tuple(c.name.lower() for c in TimeCategory)

#: Hours of one task by category, as ``(category, hours)`` pairs.
Parts = Sequence[tuple[TimeCategory, float]]


class TimeUse:
    """Hours per category inside an accounting window; work may spill into overtime."""

    __slots__ = ("hours", "on_call", "overtime")

    def __init__(self, **hours: float) -> None:
        self.hours = [0.0] * len(TimeCategory)
        for name, value in hours.items():
            self.hours[TimeCategory[name.upper()]] = value
        self.overtime = 0.0
        self.on_call = 0.0  # hours of out-of-hours call-outs (outside duty, not overtime)

    def __getitem__(self, category: TimeCategory) -> float:
        return self.hours[category]

    def add(self, category: TimeCategory, hours: float) -> None:
        """Add ``hours`` to ``category``."""
        self.hours[category] += hours

    @property
    def work(self) -> float:
        """Hours spent on tasks (on duty or in overtime)."""
        return sum(self.hours[c] for c in WORK)

    def add_task(
        self,
        start: float,
        end: float,
        duty_end: float,
        parts: Parts,
        window: tuple[float, float],
        on_call: bool = False,
    ) -> None:
        """Count the part of task ``[start, end]`` that lies inside ``window``."""
        w_lo, w_hi = window  # conditional expressions, not max/min: once per contact
        lo = start if start > w_lo else w_lo
        hi = end if end < w_hi else w_hi
        if end <= start or hi <= lo:
            return
        share = (hi - lo) / (end - start)
        hours = self.hours
        for category, h in parts:
            hours[category] += h * share
        if on_call:  # a call-out off duty: ``duty_end`` is when duty starts again
            before = (duty_end if duty_end < hi else hi) - lo
            if before > 0.0:
                self.on_call += before * HOURS_PER_DAY
            return
        over = hi - (duty_end if duty_end > lo else lo)
        if over > 0.0:
            self.overtime += over * HOURS_PER_DAY
