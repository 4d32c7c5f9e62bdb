"""Unit tests of the workforce dynamics rules, and of the processes on a small hand-made office."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
import simpy

from sim.absences import Absences
from sim.agents.agency import Agency
from sim.agents.cases import OPEN, STANDARD, WAITING, Case
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.calendar import WorkCalendar
from sim.config import WorkforceConfig
from sim.policies.dispatch import make_dispatch
from sim.policies.staffing import FixedStaffing, StationLoad
from sim.policies.training import BilingualTraining, NoTraining, TrainingPolicy
from sim.results.recorder import Recorder
from sim.rng import Streams
from sim.scheduling import Scheduler
from sim.staff import Staff
from sim.workforce import Workforce, WorkforceProbes

ALWAYS = WorkCalendar(tuple(range(7)), 0.0, 24.0, 0.0)
H = 1.0 / 24.0  # one hour in days

#: Workforce terms with every process switched off (each test switches on what it needs).
QUIET = {"exit_rate_per_year": 0.0, "first_year_exit_rate_per_year": 0.0,
         "burnout_build_per_year": 0.0, "burnout_recovery_per_year": 0.0,
         "burnout_exit_factor": 0.0, "ramp_up_days": 0.0, "ramp_up_cap_factor": 1.0,
         "handover_hours": 0.0, "absence_episodes_per_year": 0.0, "absence_mean_days": 0.0}


def terms(**values: float) -> WorkforceConfig:
    """Quiet workforce terms with ``values`` switched on."""
    return WorkforceConfig(**{**QUIET, **values})  # type: ignore[arg-type]


D = terms(exit_rate_per_year=0.2, first_year_exit_rate_per_year=0.3, burnout_threshold=0.8,
          burnout_build_per_year=2.0, burnout_recovery_per_year=1.0, burnout_exit_factor=1.5)


def test_exit_hazard_is_higher_in_the_first_year_and_with_burnout() -> None:
    assert D.exit_hazard(100.0, 0.0) == pytest.approx(0.3)
    assert D.exit_hazard(400.0, 0.0) == pytest.approx(0.2)
    assert D.exit_hazard(400.0, 1.0) == pytest.approx(0.5)


def test_burnout_builds_above_threshold_and_recovers_below() -> None:
    up = D.next_burnout(0.1, 1.0, 365.0)
    assert up == pytest.approx(0.1 + 2.0 * 0.2)
    assert D.next_burnout(0.5, 0.5, 182.5) == pytest.approx(0.0)
    assert D.next_burnout(0.9, 3.0, 365.0) == 1.0


# --------------------------------------------------------------------------- the processes


@dataclass
class Office:
    """A workforce with its registry, allocator and recorder."""

    sched: Scheduler
    staff: Staff[Worker]
    allocator: Allocator
    workforce: Workforce


def office(fixed: tuple[int, ...] = (2, 1), dynamics: WorkforceConfig | None = None,
           training: TrainingPolicy | None = None) -> Office:
    """Workers of cap 2 on continuous duty, fixed targets per station, unlimited money."""
    sched = Scheduler(simpy.Environment())
    rec = Recorder(0.0, 1000.0, 1000.0, 1)
    staff: Staff[Worker] = Staff()
    allocator = Allocator(sched, make_dispatch("fifo"), staff, rec)

    def hire(station: int, at: float) -> Worker:
        worker = Worker(sched, staff.next_id(), station, ALWAYS, 2.0, (0.0, 1000.0),
                        lambda w, c: None, staff.room_changed)
        worker.hired_at = at
        return worker

    probes = WorkforceProbes(
        exits=rec.counter(), layoffs=rec.counter(), hires=rec.counter(),
        trained=rec.counter(), cases_handed_over=rec.counter(), burnout=rec.tally(),
        over_cap=rec.tally(), vacancies=rec.level(), staffed=rec.staffed)
    wf = dynamics or terms()
    streams = Streams(1, 0)
    workforce = Workforce(
        sched, wf, FixedStaffing(), training or NoTraining(),
        lambda: [StationLoad(n, 0, 0, 0, 0, 0.0) for n in fixed], staff, allocator,
        Agency(sched, 100.0), hire, streams, probes,
        Absences(sched, wf, streams, allocator.fill))
    workforce.staff_initially()
    workforce.start()
    return Office(sched, staff, allocator, workforce)


def test_the_first_workers_fill_each_stations_target() -> None:
    o = office(fixed=(2, 0, 1))
    assert [(w.id, w.station) for w in o.staff.ever()] == [(0, 0), (1, 0), (2, 2)]
    assert all(w.hired_at == -math.inf for w in o.staff.ever())
    p = o.workforce.probes
    assert p.staffed.level == 3 and p.vacancies.level == 0
    assert o.workforce.targets == [2, 0, 1] and o.workforce.pipeline == [0, 0, 0]


def test_leavers_hand_back_their_cases_and_are_replaced_after_the_lag() -> None:
    """Established workers leave at the first review (a huge exit rate); recruits (in their
    first year, exit rate 0) arrive after the hiring lag with a reduced cap, and one takes the
    handed-back case when its ramp-up ends."""
    o = office(dynamics=terms(exit_rate_per_year=1e9, hiring_lag_days=60.0,
                              ramp_up_days=10.0, ramp_up_cap_factor=0.5, handover_hours=1.5))
    case = Case(1, 0, 0, 0, 0, STANDARD, False, 0.0, 7.0, 2.0, [(1.0, False)] * 3, 0.0, 0.5,
                0.5)
    o.allocator.refer(case)  # worker 0 holds the intake in the first hour
    o.sched.env.run(until=31.0)
    # day 30: worker 0 leaves; the case goes to worker 1, who holds its next contact (1 h +
    # 1.5 h of hand-over) and leaves when it ends, handing the case back again
    later = 30.0 + 2.5 * H
    p, wf = o.workforce.probes, o.workforce
    assert o.staff.count() == 0 and p.staffed.level == 0 and p.vacancies.level == 3
    assert case.status == WAITING and case.next_contact == 2 and o.allocator.waiting == 1
    assert case.handover_hours == 1.5
    assert wf.pipeline == [2, 1]
    results = wf.results()
    assert (results["exits"], results["cases_handed_over"], results["hires"]) == (3, 2, 0)
    o.sched.env.run(until=95.0)
    assert [(w.id, w.station, w.hired_at) for w in o.staff.active()] == \
        [(3, 0, 90.0), (4, 1, 90.0), (5, 0, pytest.approx(60.0 + later))]
    assert all(w.cap_now == 1.0 for w in o.staff.active())  # ramping up
    assert case.status == WAITING  # a weight-2 case does not fit a ramping-up cap
    assert p.vacancies.level == 0 and wf.pipeline == [0, 0] and wf.results()["hires"] == 3
    o.sched.env.run(until=101.0)
    assert all(w.cap_now == 2.0 for w in o.staff.active())
    assert case.status == OPEN and case.worker == 3  # filled when its ramp-up ended
    assert case.next_contact == 3 and case.handover_hours == 0.0
    # 3 posts vacant from day 30 to day 90 (2 of them from a few hours later to later)
    assert wf.results()["vacancy_days"] == pytest.approx(3 * 60.0)


def test_training_certifies_a_worker_and_the_registry_sees_it() -> None:
    o = office(fixed=(2,), training=BilingualTraining(per_year=1, training_days=5.0,
                                                  cost_per_worker=0.0, interval_days=50.0))
    assert o.staff.best_with_room(1.0, bilingual=True) is None
    o.sched.env.run(until=52.0)
    trainee = o.staff.get(0)
    assert trainee.absent_until == pytest.approx(55.0) and not trainee.bilingual
    o.sched.env.run(until=56.0)
    assert trainee.bilingual and o.workforce.results()["trained"] == 1
    assert o.staff.best_with_room(1.0, bilingual=True) is trainee
    assert o.staff.best_with_room(1.0, bilingual=False) is o.staff.get(1)
