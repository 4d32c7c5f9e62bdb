"""Posts and recruitment: each station's target headcount, the hiring pipeline, vacancies.

Open posts (target minus the employed and those being hired) are recruited for while the
agency's budget allows; a recruit arrives after the hiring lag with a reduced cap for the
ramp-up days, joins the absences and takes cases at once. Vacancies (posts below target)
are a time-weighted level.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from sim.absences import Absences
from sim.agents.agency import Agency
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.config import WorkforceConfig
from sim.results.monitors import TimeWeighted
from sim.results.probes import Counter
from sim.scheduling import Scheduler
from sim.staff import Staff

Hire = Callable[[int, float], Worker]


class Recruitment:
    """Each station's posts: target, pipeline of recruits, vacancies.

    Parameters
    ----------
    sched
        The replication's scheduler.
    terms
        Workforce terms (hiring lag, ramp-up).
    targets
        The first target headcount of each station.
    staff
        The staff registry (recruits are added to it).
    allocator
        Where recruits get cases from.
    agency
        Says whether a post can be filled.
    hire
        Makes a new worker (with the next id) at a station, hired at a time.
    absences
        Sickness, leave, training days and supervision (recruits join them).
    staffed, vacancies, hires
        The probes of the employed headcount, the vacant posts and the hires.
    """

    def __init__(self, sched: Scheduler, terms: WorkforceConfig, targets: list[int],
                 staff: Staff[Worker], allocator: Allocator, agency: Agency, hire: Hire,
                 absences: Absences, staffed: TimeWeighted, vacancies: TimeWeighted,
                 hires: Counter) -> None:
        self.sched = sched
        self.terms = terms
        self.targets = targets
        self.pipeline = [0] * len(targets)
        self.staff = staff
        self.allocator = allocator
        self.agency = agency
        self.hire = hire
        self.absences = absences
        self.staffed = staffed
        self.vacancies = vacancies
        self.hires = hires

    def counts(self) -> list[int]:
        """The employed workers of each station."""
        counts = [0] * len(self.targets)
        for w in self.staff.active():
            counts[w.station] += 1
        return counts

    def update_vacancies(self) -> None:
        """Measure the vacant posts (below each station's target) now."""
        gap = sum(max(0, t - c) for t, c in zip(self.targets, self.counts(), strict=True))
        self.vacancies.set(self.sched.now, gap)

    def retarget(self, targets: list[int]) -> None:
        """New targets: vacancies measured again, open posts recruited for."""
        self.targets = targets
        self.update_vacancies()
        self.recruit()

    def recruit(self, shortfall_days: float = 0.0) -> None:
        """Start hiring for open posts while the budget allows."""
        counts = self.counts()
        committed = sum(counts) + sum(self.pipeline)
        blocked = False
        for station, target in enumerate(self.targets):
            open_posts = target - counts[station] - self.pipeline[station]
            for _ in range(max(0, open_posts)):
                if not self.agency.can_hire(committed):
                    blocked = True
                    break
                committed += 1
                self.pipeline[station] += 1
                self.sched.after(self.terms.hiring_lag_days, partial(self._arrive, station))
        if blocked and shortfall_days:
            self.agency.note_shortfall(shortfall_days)

    def _ramped_up(self, worker: Worker, _event: Any) -> None:
        worker.set_cap(worker.cap)
        self.allocator.fill(worker)

    def _arrive(self, station: int, _event: Any = None) -> None:
        now = self.sched.now
        self.pipeline[station] -= 1
        worker = self.hire(station, now)
        self.staff.add(worker)
        if self.terms.ramp_up_days > 0:
            worker.set_cap(worker.cap * self.terms.ramp_up_cap_factor)
            worker.after(self.terms.ramp_up_days, partial(self._ramped_up, worker))
        self.staffed.add(now, +1)
        self.update_vacancies()
        self.hires.add(now)
        if self.sched.tracing:
            self.sched.log("hired", worker=worker.id, station=station)
        self.absences.join(worker)
        self.allocator.fill(worker)
