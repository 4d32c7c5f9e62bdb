"""Time away from casework: sickness absence, annual leave, training days and supervision.

Each worker has its own named random streams, so one worker's absences never shift
another's draws. Sickness episodes arrive as a Poisson process whose rate rises with
burnout; annual leave and training days are one block each a year at a random date;
supervision is a task of ``supervision_hours_per_month`` every month. The timers are the
worker's own (``Worker.after``), so they are cancelled when the worker leaves.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from sim.agents.tasks import Activity
from sim.agents.workers import Worker
from sim.config import WorkforceConfig
from sim.rng import Streams
from sim.scheduling import Scheduler
from sim.timecategory import TimeCategory
from sim.units import DAYS_PER_WEEK, DAYS_PER_YEAR

MONTH_DAYS = DAYS_PER_YEAR / 12.0


class Absences:
    """Sickness, leave, training and supervision of every employed worker.

    Parameters
    ----------
    sched
        The replication's scheduler.
    terms
        Rates and amounts (``scenario.workforce``).
    streams
        Named streams of the replication.
    refill
        Called when a worker is back (to give them waiting cases).
    """

    def __init__(self, sched: Scheduler, terms: WorkforceConfig, streams: Streams,
                 refill: Callable[[Worker], None]) -> None:
        self.sched = sched
        self.terms = terms
        self.streams = streams
        self.refill = refill

    # ------------------------------------------------------------------ membership
    def join(self, worker: Worker) -> None:
        """Start a newly employed worker's sickness, leave, training and supervision."""
        self._schedule_sickness(worker)
        t = self.terms
        week = len(set(t.workdays)) or 1  # working days a week, to size blocks
        for category, days in ((TimeCategory.LEAVE, t.annual_leave_days),
                               (TimeCategory.TRAINING, t.training_days_per_year)):
            if days > 0:
                first = self._stream(category, worker).uniform() * DAYS_PER_YEAR
                block = days * DAYS_PER_WEEK / week  # calendar days holding that many workdays
                worker.after(first, partial(self._yearly, worker, category, block))
        if t.supervision_hours_per_month > 0:
            first = self._stream(TimeCategory.SUPERVISION, worker).uniform() * MONTH_DAYS
            worker.after(first, partial(self._supervise, worker))

    def _stream(self, category: TimeCategory, worker: Worker) -> Any:
        return self.streams[f"{category.name.lower()}-{worker.id}"]

    # ------------------------------------------------------------------ time away
    def away(self, worker: Worker, days: float, category: TimeCategory,
             then: Callable[[], None] | None = None) -> None:
        """``worker`` is away for ``days`` from now (from the end of the task in progress)."""
        worker.start_absence(days, category)
        if self.sched.tracing:
            self.sched.log("away", worker=worker.id, days=days, why=category.name.lower())

        def back(_event: Any) -> None:
            self.refill(worker)
            if then is not None:
                then()

        worker.after(days, back)

    def _schedule_sickness(self, worker: Worker) -> None:
        rate = self.terms.absence_episodes_per_year * (1.0 + worker.burnout)
        if rate <= 0.0 or self.terms.absence_mean_days <= 0.0:
            return
        gap = self.streams[f"absence-{worker.id}"].exponential(DAYS_PER_YEAR / rate)
        worker.after(gap, partial(self._sick, worker))

    def _sick(self, worker: Worker, _event: Any = None) -> None:
        days = self.streams[f"absence-{worker.id}"].exponential(self.terms.absence_mean_days)
        self.away(worker, days, TimeCategory.ABSENCE, partial(self._schedule_sickness, worker))

    def _yearly(self, worker: Worker, category: TimeCategory, block: float,
                _event: Any = None) -> None:
        self.away(worker, block, category)
        worker.after(DAYS_PER_YEAR, partial(self._yearly, worker, category, block))

    def _supervise(self, worker: Worker, _event: Any = None) -> None:
        worker.offer(Activity(TimeCategory.SUPERVISION, self.terms.supervision_hours_per_month,
                              worker.station))
        worker.after(MONTH_DAYS, partial(self._supervise, worker))
