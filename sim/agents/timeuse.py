"""Time use of a worker: hours by category inside an accounting window.

The categories always add up: intake + direct + travel + recording + coordination + group
(the work, on duty or in overtime) + fixed administration + idle + absence = duty + overtime.
Idle and absence are measured from the calendar, not derived as a remainder, so the identity
is a real check of the scheduling.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.units import HOURS_PER_DAY

TIME_CATEGORIES = ("intake", "direct", "travel", "recording", "coordination", "group", "admin",
                   "idle", "absence")

# Hours of one task by category: intake, direct, travel, recording, coordination, group.
Parts = tuple[float, float, float, float, float, float]


@dataclass
class TimeUse:
    """Hours per category inside an accounting window; work may spill into overtime."""

    intake: float = 0.0
    direct: float = 0.0
    travel: float = 0.0
    recording: float = 0.0
    coordination: float = 0.0
    group: float = 0.0
    idle: float = 0.0
    absence: float = 0.0
    overtime: float = 0.0

    @property
    def work(self) -> float:
        """Hours spent on cases (on duty or in overtime)."""
        return (self.intake + self.direct + self.travel + self.recording + self.coordination
                + self.group)

    def add_task(
        self,
        start: float,
        end: float,
        duty_end: float,
        parts: Parts,
        window: tuple[float, float],
    ) -> None:
        """Count the part of task ``[start, end]`` that lies inside ``window``."""
        w_lo, w_hi = window  # conditional expressions, not max/min: once per contact
        lo = start if start > w_lo else w_lo
        hi = end if end < w_hi else w_hi
        if end <= start or hi <= lo:
            return
        share = (hi - lo) / (end - start)
        self.intake += parts[0] * share
        self.direct += parts[1] * share
        self.travel += parts[2] * share
        self.recording += parts[3] * share
        self.coordination += parts[4] * share
        self.group += parts[5] * share
        over = hi - (duty_end if duty_end > lo else lo)
        if over > 0.0:
            self.overtime += over * HOURS_PER_DAY
