"""Unit tests of the posts: targets, the hiring pipeline, vacancies and arriving recruits."""

from __future__ import annotations

import math

import pytest
import simpy

from sim.absences import Absences
from sim.agents.agency import Agency
from sim.agents.cases import OPEN, STANDARD, Case
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.calendar import WorkCalendar
from sim.config import WorkforceConfig
from sim.policies.dispatch import make_dispatch
from sim.policies.funding import FundingPolicy, FundingStream
from sim.recruitment import Recruitment
from sim.results.probes import Tally
from sim.results.recorder import Recorder
from sim.rng import Streams
from sim.scheduling import Scheduler
from sim.staff import Staff

ALWAYS = WorkCalendar(tuple(range(7)), 0.0, 24.0, 0.0)
TERMS = WorkforceConfig(hiring_lag_days=10.0, ramp_up_days=5.0, ramp_up_cap_factor=0.5,
                        absence_episodes_per_year=0.0)


def posts(targets: list[int], budget: float | None = None, shortfall: Tally | None = None,
          terms: WorkforceConfig = TERMS) -> tuple[Recruitment, Recorder, Allocator]:
    """Posts with no one employed; workers of cap 2 on continuous duty; ``budget`` a year
    (``None``: unlimited) at 100 a worker-year; ``shortfall`` tallies unfilled days."""
    sched = Scheduler(simpy.Environment())
    rec = Recorder(0.0, 1000.0, 1000.0, 1)
    staff: Staff[Worker] = Staff()
    allocator = Allocator(sched, make_dispatch("fifo"), staff, rec)
    funding = None if budget is None else FundingPolicy(
        "single_government", budget, (FundingStream("government", 1.0, 1, 0.0, 1.0),))
    agency = Agency(sched, 100.0, funding, Streams(1, 0), shortfall=shortfall,
                    reserve_months=0.0)
    if funding is not None:
        agency.start(1000.0)

    def hire(station: int, at: float) -> Worker:
        worker = Worker(sched, staff.next_id(), station, ALWAYS, 2.0, (0.0, 1000.0),
                        lambda w, c: None, staff.room_changed)
        worker.hired_at = at
        return worker

    absences = Absences(sched, terms, Streams(1, 0), allocator.fill)
    recruitment = Recruitment(sched, terms, targets, staff, allocator, agency, hire, absences,
                              rec.staffed, rec.level(), rec.counter())
    return recruitment, rec, allocator


def test_open_posts_are_recruited_and_arrive_after_the_lag() -> None:
    p, rec, _ = posts([2, 1])
    p.update_vacancies()
    assert p.vacancies.level == 3
    p.recruit()
    assert p.pipeline == [2, 1] and p.counts() == [0, 0]
    p.recruit()  # posts in the pipeline are not recruited twice
    assert p.pipeline == [2, 1]
    p.sched.env.run(until=9.9)
    assert p.counts() == [0, 0]
    p.sched.env.run(until=10.1)
    assert p.counts() == [2, 1] and p.pipeline == [0, 0]
    assert p.vacancies.level == 0 and rec.staffed.level == 3 and p.hires.value == 3
    assert [(w.id, w.station, w.hired_at) for w in p.staff.active()] == \
        [(0, 0, 10.0), (1, 0, 10.0), (2, 1, 10.0)]


def test_a_recruit_ramps_up_then_takes_a_case_that_did_not_fit() -> None:
    p, _, allocator = posts([1])
    case = Case(1, 0, 0, 0, 0, STANDARD, False, 0.0, 7.0, 2.0, [(1.0, False)] * 3, 0.0,
                0.5, 0.5)
    allocator.refer(case)
    p.recruit()
    p.sched.env.run(until=11.0)
    (recruit,) = p.staff.active()
    assert recruit.cap_now == 1.0 and allocator.waiting == 1  # weight 2 over a cap of 1
    p.sched.env.run(until=16.0)
    assert recruit.cap_now == 2.0 and case.status == OPEN and case.worker == recruit.id


def test_the_budget_limits_recruiting_and_the_shortfall_is_noted() -> None:
    shortfall = Tally(-math.inf, math.inf)
    p, _, _ = posts([3], budget=200.0, shortfall=shortfall)  # sustains two posts of 100
    p.sched.env.run(until=1.0)  # the first instalment
    p.recruit()
    assert p.pipeline == [2] and shortfall.total == 0.0  # no review: no shortfall days
    p.retarget([4])
    p.recruit(shortfall_days=30.0)
    assert p.pipeline == [2] and shortfall.total == pytest.approx(30.0)


def test_retarget_measures_vacancies_again_and_recruits() -> None:
    p, _, _ = posts([1])
    p.recruit()
    p.sched.env.run(until=11.0)
    assert p.vacancies.level == 0
    p.retarget([3])
    assert p.targets == [3] and p.vacancies.level == 2 and p.pipeline == [2]
    p.retarget([1])  # fewer posts: nobody is recruited, no vacancy
    assert p.vacancies.level == 0 and p.pipeline == [2]
