"""Workforce dynamics: absences, burnout, exits, vacancies, hiring and handover.

A review every ``review_interval_days`` updates each worker's burnout from the load of the
last period (work hours over productive hours) and draws exits from an annual hazard that is
higher in the first year and rises with burnout. An exit opens a vacancy; after the hiring lag
a new worker starts with a reduced cap for the ramp-up months. A leaver's open cases go back
to allocation with a handover cost. Absence episodes arrive per worker as a Poisson process.
Each worker slot has its own named random streams, so one worker's draws never shift
another's.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import simpy

from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.rng import Streams
from sim.units import DAYS_PER_YEAR


@dataclass(frozen=True)
class Dynamics:
    """Rates of the workforce processes (see ``WorkforceConfig``)."""

    exit_rate_per_year: float = 0.0
    first_year_exit_rate_per_year: float = 0.0
    burnout_threshold: float = 0.85
    burnout_build_per_year: float = 0.0
    burnout_recovery_per_year: float = 0.0
    burnout_exit_factor: float = 0.0
    hiring_lag_days: float = 60.0
    ramp_up_days: float = 0.0
    ramp_up_cap_factor: float = 1.0
    handover_hours: float = 0.0
    absence_episodes_per_year: float = 0.0
    absence_mean_days: float = 0.0
    review_interval_days: float = 30.0

    def exit_hazard(self, tenure_days: float, burnout: float) -> float:
        """Exits per year of a worker with this tenure and burnout."""
        base = (self.first_year_exit_rate_per_year if tenure_days < DAYS_PER_YEAR
                else self.exit_rate_per_year)
        return base * (1.0 + self.burnout_exit_factor * burnout)

    def next_burnout(self, burnout: float, load: float, days: float) -> float:
        """Burnout after ``days`` at ``load`` (work / productive hours), kept in [0, 1]."""
        years = days / DAYS_PER_YEAR
        if load > self.burnout_threshold:
            burnout += self.burnout_build_per_year * (load - self.burnout_threshold) * years
        else:
            burnout -= self.burnout_recovery_per_year * years
        return min(1.0, max(0.0, burnout))


@dataclass
class WorkforceStats:
    """Counts kept for the KPIs (inside the measurement period)."""

    exits: int = 0
    hires: int = 0
    vacancy_days: float = 0.0
    cases_handed_over: int = 0
    burnout_sum: float = 0.0
    over_cap: int = 0
    samples: int = 0


Hire = Callable[[int, float], Worker]


class Workforce:
    """The agency's human-resources processes.

    Parameters
    ----------
    env
        The simulation environment.
    dynamics
        Rates.
    workers
        Every worker ever employed (new hires are appended).
    allocator
        Where handed-over cases go and new workers get cases from.
    hire
        Makes a new worker at a station, hired at a time.
    streams
        Named streams of the replication.
    window
        Measurement period for the statistics.
    """

    def __init__(
        self,
        env: simpy.Environment,
        dynamics: Dynamics,
        workers: list[Worker],
        allocator: Allocator,
        hire: Hire,
        streams: Streams,
        window: tuple[float, float],
        on_staff_change: Callable[[float, int], None],
    ) -> None:
        self.env = env
        self.dynamics = dynamics
        self.workers = workers
        self.allocator = allocator
        self.hire = hire
        self.streams = streams
        self.window = window
        self.on_staff_change = on_staff_change
        self.stats = WorkforceStats()
        self._last_review = 0.0
        self._last_work: dict[int, float] = {}
        self._open: dict[int, float] = {}
        self._vacancies = 0

    def start(self) -> None:
        """Schedule absences of the first workers and the first review."""
        for worker in self.workers:
            self._schedule_absence(worker)
        self.env.timeout(self.dynamics.review_interval_days).callbacks.append(self._review)

    # ------------------------------------------------------------------ absences
    def _schedule_absence(self, worker: Worker) -> None:
        rate = self.dynamics.absence_episodes_per_year * (1.0 + worker.burnout)
        if rate <= 0.0 or self.dynamics.absence_mean_days <= 0.0:
            return
        gap = self.streams[f"absence-{worker.id}"].exponential(DAYS_PER_YEAR / rate)
        self.env.timeout(gap).callbacks.append(lambda _e: self._absent(worker))

    def _absent(self, worker: Worker) -> None:
        if not worker.active:
            return
        days = self.streams[f"absence-{worker.id}"].exponential(self.dynamics.absence_mean_days)
        worker.start_absence(days)
        self.env.timeout(days).callbacks.append(lambda _e: self._back(worker))

    def _back(self, worker: Worker) -> None:
        if worker.active:
            self.allocator.fill(worker)
            self._schedule_absence(worker)

    # ------------------------------------------------------------------ reviews
    def _review(self, _event: Any) -> None:
        now = self.env.now
        days = now - self._last_review
        self._last_review = now
        for worker in [w for w in self.workers if w.active]:
            self._review_worker(worker, now, days)
        for worker in self.workers:
            if worker.active:
                self.allocator.fill(worker)  # ramp-up may have ended
        self.env.timeout(self.dynamics.review_interval_days).callbacks.append(self._review)

    def _review_worker(self, worker: Worker, now: float, days: float) -> None:
        cal = worker.calendar
        productive = cal.productive_hours(now) - cal.productive_hours(now - days)
        work = worker.work_hours_total - self._last_work.get(worker.id, 0.0)
        self._last_work[worker.id] = worker.work_hours_total
        load = work / productive if productive > 0 else 0.0
        worker.burnout = self.dynamics.next_burnout(worker.burnout, load, days)
        if self.window[0] <= now <= self.window[1]:
            self.stats.burnout_sum += worker.burnout
            self.stats.over_cap += worker.caseload > worker.cap + 1e-9
            self.stats.samples += 1
        hazard = self.dynamics.exit_hazard(now - worker.hired_at, worker.burnout)
        p_exit = 1.0 - math.exp(-hazard * days / DAYS_PER_YEAR)
        if self.streams[f"turnover-{worker.id}"].uniform() < p_exit:
            worker.leave_when_free(self._leave)

    # ------------------------------------------------------------------ exits and hires
    def _leave(self, worker: Worker) -> None:
        now = self.env.now
        cases = worker.retire()
        self.on_staff_change(now, -1)
        if self.window[0] <= now <= self.window[1]:
            self.stats.exits += 1
            self.stats.cases_handed_over += len(cases)
        for case in cases:
            case.handover_hours = self.dynamics.handover_hours
            self.allocator.hand_back(case)
        self._vacancies += 1
        vacancy = self._vacancies
        self._open[vacancy] = now
        lag = self.dynamics.hiring_lag_days
        self.env.timeout(lag).callbacks.append(lambda _e: self._fill(vacancy, worker.station))

    def _fill(self, vacancy: int, station: int) -> None:
        now = self.env.now
        opened = self._open.pop(vacancy)
        lo, hi = max(opened, self.window[0]), min(now, self.window[1])
        self.stats.vacancy_days += max(0.0, hi - lo)
        worker = self.hire(station, now)
        worker.ramp_until = now + self.dynamics.ramp_up_days
        worker.ramp_cap_factor = self.dynamics.ramp_up_cap_factor
        self.workers.append(worker)
        self.on_staff_change(now, +1)
        self.stats.hires += 1
        self._schedule_absence(worker)
        self.allocator.fill(worker)

    def settle(self, until: float) -> None:
        """Count the vacancy days of vacancies still open at the end of the run."""
        for opened in self._open.values():
            lo, hi = max(opened, self.window[0]), min(until, self.window[1])
            self.stats.vacancy_days += max(0.0, hi - lo)
        self._open.clear()
