"""Workforce dynamics: absences, burnout, exits, vacancies, hiring, pay and training.

A review every ``review_interval_days`` pays the payroll (laying off the workers the balance
does not cover), updates each worker's burnout from the load of the last period (work hours
over productive hours), draws exits from an annual hazard that is higher in the first year and
rises with burnout, and recruits for open posts while the budget allows. A recruit starts
after the hiring lag with a reduced cap for the ramp-up months. A leaver's open cases go back
to allocation with a handover cost. Absence episodes arrive per worker as a Poisson process.
Each worker slot has its own named random streams, so one worker's draws never shift
another's.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import simpy

from sim.agents.agency import Agency
from sim.agents.timers import every
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.policies.staffing import StaffingPolicy, StationLoad
from sim.policies.training import TrainingPolicy
from sim.results.monitors import TimeWeighted
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
    layoffs: int = 0
    hires: int = 0
    trained: int = 0
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
    dynamics, staffing, training
        Rates, target headcount rule and training pipeline.
    loads
        What the staffing rule knows of each station's area now (measured again at every
        staffing review: group work changes the expected workload through trust).
    workers
        Every worker ever employed (recruits are appended).
    allocator
        Where handed-over cases go and recruits get cases from.
    agency
        Pays the workers; says whether a post can be filled.
    hire
        Makes a new worker at a station, hired at a time.
    streams
        Named streams of the replication.
    window
        Measurement period for the statistics.
    on_staff_change
        Called with ``(t, +1 or -1)`` when the number of active workers changes.
    """

    def __init__(
        self,
        env: simpy.Environment,
        dynamics: Dynamics,
        staffing: StaffingPolicy,
        training: TrainingPolicy,
        loads: Callable[[], list[StationLoad]],
        workers: list[Worker],
        allocator: Allocator,
        agency: Agency,
        hire: Hire,
        streams: Streams,
        window: tuple[float, float],
        on_staff_change: Callable[[float, int], None],
    ) -> None:
        self.env = env
        self.dynamics = dynamics
        self.staffing = staffing
        self.training = training
        self.loads = loads
        self.workers = workers
        self.allocator = allocator
        self.agency = agency
        self.hire = hire
        self.streams = streams
        self.window = window
        self.on_staff_change = on_staff_change
        self.stats = WorkforceStats()
        self.targets = staffing.targets(loads())
        self.pipeline = [0] * len(self.targets)
        self.vacancies = TimeWeighted(window[0], window[1])
        self._last_review = 0.0
        self._last_work: dict[int, float] = {}
        agency.on_income = self.recruit

    # ------------------------------------------------------------------ start and end
    def staff_initially(self) -> None:
        """Employ the first workers: each station's target, as far as the budget pays."""
        for station, count in enumerate(self.agency.affordable(self.targets)):
            for _ in range(count):
                worker = self.hire(station, 0.0)
                worker.hired_at = -math.inf  # the first workers are past their first year
                self.workers.append(worker)
                self.allocator.track(worker)

    def start(self) -> None:
        """Schedule absences, reviews, staffing and training cycles."""
        self._update_vacancies()
        for worker in self.workers:
            self._schedule_absence(worker)
        every(self.env, self.dynamics.review_interval_days, self._review)
        every(self.env, self.staffing.review_interval_days, self._review_targets)
        if self.training.per_year > 0:
            every(self.env, self.training.interval_days, self._train)

    def settle(self, until: float) -> None:
        """Close the vacancy account at the end of the run."""
        self.vacancies.area(until)

    def active(self, station: int | None = None) -> list[Worker]:
        """Active workers (of one station)."""
        return [w for w in self.workers if w.active and (station is None or w.station == station)]

    def _update_vacancies(self) -> None:
        counts = [0] * len(self.targets)
        for w in self.active():
            counts[w.station] += 1
        gap = sum(max(0, t - c) for t, c in zip(self.targets, counts, strict=True))
        self.vacancies.set(self.env.now, gap)

    # ------------------------------------------------------------------ absences
    def _schedule_absence(self, worker: Worker) -> None:
        rate = self.dynamics.absence_episodes_per_year * (1.0 + worker.burnout)
        if rate <= 0.0 or self.dynamics.absence_mean_days <= 0.0:
            return
        gap = self.streams[f"absence-{worker.id}"].exponential(DAYS_PER_YEAR / rate)
        self.env.timeout(gap).callbacks.append(lambda _e: self._absent(worker))

    def _absent(self, worker: Worker) -> None:
        if worker.active:
            days = self.streams[f"absence-{worker.id}"].exponential(
                self.dynamics.absence_mean_days)
            self._away(worker, days, lambda: self._schedule_absence(worker))

    def _away(self, worker: Worker, days: float, then: Callable[[], None]) -> None:
        worker.start_absence(days)

        def back(_event: Any) -> None:
            if worker.active:
                self.allocator.fill(worker)
                then()

        self.env.timeout(days).callbacks.append(back)

    # ------------------------------------------------------------------ reviews
    def _review(self) -> None:
        now = self.env.now
        days = now - self._last_review
        self._last_review = now
        self._pay(days)
        for worker in self.active():
            self._review_worker(worker, now, days)
        self.recruit(shortfall_days=days)

    def _pay(self, days: float) -> None:
        active = sorted(self.active(), key=lambda w: (w.hired_at, w.id))
        paid = self.agency.pay(len(active), days)
        for worker in active[paid:]:
            if self.window[0] <= self.env.now <= self.window[1]:
                self.stats.layoffs += 1
            worker.leave_when_free(self._leave)

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

    def _review_targets(self) -> None:
        self.targets = self.staffing.targets(self.loads())
        self._update_vacancies()
        self.recruit()

    # ------------------------------------------------------------------ exits and hires
    def _leave(self, worker: Worker) -> None:
        if not worker.active:
            return
        now = self.env.now
        cases = worker.retire()
        self.on_staff_change(now, -1)
        self._update_vacancies()
        if self.window[0] <= now <= self.window[1]:
            self.stats.exits += 1
            self.stats.cases_handed_over += len(cases)
        for case in cases:
            case.handover_hours = self.dynamics.handover_hours
            self.allocator.hand_back(case)
        self.recruit()

    def recruit(self, shortfall_days: float = 0.0) -> None:
        """Start hiring for open posts while the budget allows."""
        committed = len(self.active()) + sum(self.pipeline)
        blocked = False
        for station, target in enumerate(self.targets):
            open_posts = target - len(self.active(station)) - self.pipeline[station]
            for _ in range(max(0, open_posts)):
                if not self.agency.can_hire(committed):
                    blocked = True
                    break
                committed += 1
                self.pipeline[station] += 1
                self.env.timeout(self.dynamics.hiring_lag_days).callbacks.append(
                    partial(self._arrive_event, station))
        if blocked and shortfall_days:
            self.agency.note_shortfall(shortfall_days)

    def _arrive_event(self, station: int, _event: Any) -> None:
        self._arrive(station)

    def _ramped_up(self, worker: Worker, _event: Any) -> None:
        worker.set_cap(worker.cap)
        if worker.active:
            self.allocator.fill(worker)

    def _arrive(self, station: int) -> None:
        now = self.env.now
        self.pipeline[station] -= 1
        worker = self.hire(station, now)
        self.workers.append(worker)
        self.allocator.track(worker)
        if self.dynamics.ramp_up_days > 0:
            worker.set_cap(worker.cap * self.dynamics.ramp_up_cap_factor)
            self.env.timeout(self.dynamics.ramp_up_days).callbacks.append(
                partial(self._ramped_up, worker))
        self.on_staff_change(now, +1)
        self._update_vacancies()
        if self.window[0] <= now <= self.window[1]:
            self.stats.hires += 1
        self._schedule_absence(worker)
        self.allocator.fill(worker)

    # ------------------------------------------------------------------ training
    def _train(self) -> None:
        for worker_id in self.training.trainees(self.active()):
            if not self.agency.buy(self.training.cost_per_worker):
                return
            worker = self.workers[worker_id]
            if self.window[0] <= self.env.now <= self.window[1]:
                self.stats.trained += 1
            self._away(worker, self.training.training_days, partial(self._certify, worker))

    @staticmethod
    def _certify(worker: Worker) -> None:
        worker.bilingual = True
