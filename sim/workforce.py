"""Workforce dynamics: burnout, exits, vacancies, hiring, pay and training.

A review every ``review_interval_days`` pays the payroll (laying off the workers the balance
does not cover), updates each worker's burnout from the load of the last period (work hours
over productive hours), draws exits from an annual hazard that is higher in the first year and
rises with burnout, and recruits for open posts while the budget allows. A recruit starts
after the hiring lag with a reduced cap for the ramp-up months (posts, pipeline and vacancies
are :mod:`sim.recruitment`'s). A leaver's open cases go back to allocation with a handover
cost. Time away (sickness, leave, training days, supervision) is :mod:`sim.absences`'.
Each worker slot has its own named random streams, so one worker's draws never shift
another's.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from sim.absences import Absences
from sim.agents.agency import Agency
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.config import WorkforceConfig
from sim.policies.staffing import StaffingPolicy, StationLoad
from sim.policies.training import TrainingPolicy
from sim.recruitment import Hire, Recruitment
from sim.results.monitors import TimeWeighted
from sim.results.probes import Counter, Tally
from sim.rng import Streams
from sim.scheduling import Scheduler
from sim.staff import Staff
from sim.timecategory import TimeCategory
from sim.units import DAYS_PER_YEAR


@dataclass
class WorkforceProbes:
    """What the workforce records for the KPIs (each probe checks the measurement period)."""

    exits: Counter
    layoffs: Counter
    hires: Counter
    trained: Counter
    cases_handed_over: Counter
    burnout: Tally
    over_cap: Tally
    vacancies: TimeWeighted
    staffed: TimeWeighted


class Workforce:
    """The agency's human-resources processes.

    Parameters
    ----------
    sched
        The replication's scheduler.
    terms, staffing, training
        Workforce terms (``scenario.workforce``), target headcount rule, training pipeline.
    absences
        Sickness, leave, training days and supervision of the employed workers.
    loads
        What the staffing rule knows of each station's area now (measured again at every
        staffing review: group work changes the expected workload through trust).
    staff
        The staff registry (recruits are added to it).
    allocator
        Where handed-over cases go and recruits get cases from.
    agency
        Pays the workers; says whether a post can be filled.
    hire
        Makes a new worker (with the next id) at a station, hired at a time.
    streams
        Named streams of the replication.
    probes
        Where exits, layoffs, hires, burnout and vacancies are recorded.
    """

    def __init__(
        self,
        sched: Scheduler,
        terms: WorkforceConfig,
        staffing: StaffingPolicy,
        training: TrainingPolicy,
        loads: Callable[[], list[StationLoad]],
        staff: Staff[Worker],
        allocator: Allocator,
        agency: Agency,
        hire: Hire,
        streams: Streams,
        probes: WorkforceProbes,
        absences: Absences,
    ) -> None:
        self.sched = sched
        self.terms = terms
        self.absences = absences
        self.staffing = staffing
        self.training = training
        self.loads = loads
        self.staff = staff
        self.allocator = allocator
        self.agency = agency
        self.hire = hire
        self.streams = streams
        self.probes = probes
        self.posts = Recruitment(sched, terms, staffing.targets(loads()), staff, allocator,
                                 agency, hire, absences, probes.staffed, probes.vacancies,
                                 probes.hires)
        self._last_review = 0.0
        self._last_work: dict[int, float] = {}

    @property
    def targets(self) -> list[int]:
        """Each station's target headcount now."""
        return self.posts.targets

    @property
    def pipeline(self) -> list[int]:
        """Each station's recruits who have not arrived yet."""
        return self.posts.pipeline

    def recruit(self, shortfall_days: float = 0.0) -> None:
        """Start hiring for open posts while the budget allows."""
        self.posts.recruit(shortfall_days)

    # ------------------------------------------------------------------ start and end
    def staff_initially(self) -> None:
        """Employ the first workers: each station's target, as far as the budget pays."""
        for station, count in enumerate(self.agency.affordable(self.targets)):
            for _ in range(count):
                worker = self.hire(station, 0.0)
                worker.hired_at = -math.inf  # the first workers are past their first year
                self.staff.add(worker)

    def start(self) -> None:
        """Schedule absences, reviews, staffing and training cycles."""
        self.probes.staffed.set(0.0, self.staff.count())
        self.posts.update_vacancies()
        for worker in self._active():
            self.absences.join(worker)
        self.sched.every(self.terms.review_interval_days, self._review)
        self.sched.every(self.staffing.review_interval_days, self._review_targets)
        if self.training.per_year > 0:
            self.sched.every(self.training.interval_days, self._train)

    def settle(self, until: float) -> None:
        """Close the vacancy account at the end of the run."""
        self.probes.vacancies.area(until)

    def results(self) -> dict[str, Any]:
        """What the workforce reports."""
        p = self.probes
        return {"layoffs": p.layoffs.value, "trained": p.trained.value, "exits": p.exits.value,
                "hires": p.hires.value,
                "vacancy_days": p.vacancies.area(self.sched.now),
                "cases_handed_over": p.cases_handed_over.value,
                "burnout_mean": p.burnout.mean(0.0), "share_over_cap": p.over_cap.mean(0.0)}

    def _active(self, station: int | None = None) -> list[Worker]:
        return self.staff.active(station)

    # ------------------------------------------------------------------ reviews
    def _review(self) -> None:
        now = self.sched.now
        days = now - self._last_review
        self._last_review = now
        self._pay(days)
        for worker in self._active():
            self._review_worker(worker, now, days)
        self.recruit(shortfall_days=days)

    def _pay(self, days: float) -> None:
        active = sorted(self._active(), key=lambda w: (w.hired_at, w.id))
        paid = self.agency.pay(len(active), days)
        for worker in active[paid:]:
            self.probes.layoffs.add(self.sched.now)
            worker.leave_when_free(self._leave)

    def lay_off_all(self) -> None:
        """Every worker is laid off (a lost contract): each leaves when its current task
        ends, its open cases handed over; the posts are filled again after the hiring lag."""
        for worker in sorted(self._active(), key=lambda w: w.id):
            self.probes.layoffs.add(self.sched.now)
            worker.leave_when_free(self._leave)

    def _review_worker(self, worker: Worker, now: float, days: float) -> None:
        cal = worker.calendar
        productive = cal.productive_hours(now) - cal.productive_hours(now - days)
        work = worker.work_hours_total - self._last_work.get(worker.id, 0.0)
        self._last_work[worker.id] = worker.work_hours_total
        load = work / productive if productive > 0 else 0.0
        worker.burnout = self.terms.next_burnout(worker.burnout, load, days)
        self.probes.burnout.observe(now, worker.burnout)
        self.probes.over_cap.observe(now, float(worker.caseload > worker.cap + 1e-9))
        hazard = self.terms.exit_hazard(now - worker.hired_at, worker.burnout)
        p_exit = 1.0 - math.exp(-hazard * days / DAYS_PER_YEAR)
        if self.streams[f"turnover-{worker.id}"].uniform() < p_exit:
            worker.leave_when_free(self._leave)

    def _review_targets(self) -> None:
        self.posts.retarget(self.staffing.targets(self.loads()))

    # ------------------------------------------------------------------ exits
    def _leave(self, worker: Worker) -> None:
        if not worker.active:  # laid off and drawn to exit at the same review
            return
        now = self.sched.now
        cases = worker.retire()  # also cancels the worker's own pending timers
        self.staff.remove(worker)
        self.probes.staffed.add(now, -1)
        self.posts.update_vacancies()
        self.probes.exits.add(now)
        self.probes.cases_handed_over.add(now, len(cases))
        if self.sched.tracing:
            self.sched.log("left", worker=worker.id, cases=[c.id for c in cases])
        for case in cases:
            self.allocator.hand_back(case, self.terms.handover_hours)
        self.recruit()

    # ------------------------------------------------------------------ training
    def _train(self) -> None:
        for worker_id in self.training.trainees(self._active()):
            if not self.agency.buy(self.training.cost_per_worker):
                return
            worker = self.staff.get(worker_id)
            self.probes.trained.add(self.sched.now)
            self.absences.away(worker, self.training.training_days, TimeCategory.TRAINING,
                               partial(self._certify, worker))

    def _certify(self, worker: Worker) -> None:
        worker.bilingual = True
        self.staff.room_changed(worker)  # the bilingual index must see the change
