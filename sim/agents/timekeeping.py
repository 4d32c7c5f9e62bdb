"""A worker's time: duty calendar, absences and the accounts of hours by category.

:class:`Timekeeping` adds to a :class:`~sim.agents.caseholder.CaseHolder` what the duty loop of
:class:`~sim.agents.workers.Worker` books its tasks into: the calendar, the absences (sickness,
leave, training) and the :class:`~sim.agents.account.TimeAccount`, and it reports the worker's
row of the workers table.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import simpy

from sim.agents.account import TimeAccount
from sim.agents.caseholder import CaseHolder, RoomChange
from sim.agents.timeuse import Parts, TimeUse
from sim.calendar import WorkCalendar
from sim.timecategory import TimeCategory

if TYPE_CHECKING:
    from sim.agents.tasks import Task


class Timekeeping(CaseHolder):
    """A caseload holder with a calendar, absences and time accounts.

    Parameters
    ----------
    env, worker_id, station, cap, on_room_change, bilingual
        As for :class:`~sim.agents.caseholder.CaseHolder`.
    calendar
        Duty hours.
    window
        Accounting window (clock days) for time use: the measurement period.
    admin_share
        Share of duty hours due as administration (done in free duty time).
    """

    def __init__(self, env: simpy.Environment, worker_id: int, station: int, cap: float,
                 on_room_change: RoomChange, bilingual: bool, calendar: WorkCalendar,
                 window: tuple[float, float], admin_share: float) -> None:
        super().__init__(env, worker_id, station, cap, on_room_change, bilingual)
        self.calendar = calendar
        self.account = TimeAccount(calendar, window, admin_share)
        self.contacts_done = 0
        self.hired_at = -math.inf
        self.absent_until = -math.inf
        self.burnout = 0.0
        self.work_hours_total = 0.0
        self._pending_absence: tuple[float, TimeCategory] | None = None
        self._away_category = TimeCategory.ABSENCE
        #: The task in progress: (start, end, end of duty, parts, task, on call).
        self._current: tuple[float, float, float, Parts, Task, bool] | None = None

    @property
    def in_task(self) -> bool:
        """Whether a task is in progress."""
        return self._current is not None

    def start_absence(self, days: float,
                      category: TimeCategory = TimeCategory.ABSENCE) -> None:
        """Be away for ``days`` from now (from the end of the task in progress), counted in
        ``category`` (sickness absence, annual leave, training)."""
        if self._current is not None:
            self._pending_absence = (days, category)
            return
        self._pending_absence = None
        now = self._env.now
        self.account.idle_until(now)
        begin = max(now, self.absent_until)  # an absence during an absence extends it
        self.absent_until = max(self.absent_until, now + days)
        self._away_category = category
        self.account.away(category, begin, self.absent_until)

    @property
    def time_use(self) -> TimeUse:
        """Hours by category so far (see :class:`~sim.agents.account.TimeAccount`)."""
        return self.account.use

    @property
    def window(self) -> tuple[float, float]:
        """The accounting window (clock days)."""
        return self.account.window

    def settle(self, until: float) -> None:
        """Close the time accounts at ``until`` (the end of the run)."""
        if not self.active:
            return
        running = self._current[:4] if self._current is not None else None
        on_call = self._current is not None and self._current[5]
        self.account.settle(until, running, self.absent_until, on_call)

    def duty_hours(self, until: float) -> float:
        """Duty hours inside the accounting window up to ``until``."""
        return self.account.duty_hours(until)

    def productive_hours(self, until: float) -> float:
        """Productive-window hours inside the accounting window up to ``until``."""
        return self.account.productive_hours(until)

    def results(self, horizon: float) -> dict[str, Any]:
        """The worker's row of the workers table: hours by category and a few facts."""
        return {"worker": self.id, "station": self.station, **self.account.hours(horizon),
                "caseload_max": self.max_caseload, "contacts": self.contacts_done,
                "bilingual": self.bilingual, "burnout": self.burnout,
                "hired_at": self.hired_at, "active_at_end": self.active}
