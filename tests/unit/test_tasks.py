"""Tasks: a contact of a case and a block of non-case work, as a worker's task list sees them."""

from __future__ import annotations

import math

import pytest
import simpy

from sim.agents.cases import STANDARD, URGENT, Case
from sim.agents.tasks import Activity, Contact
from sim.agents.volunteers import VolunteerPool
from sim.agents.workers import Worker
from sim.calendar import WorkCalendar
from sim.scheduling import Scheduler
from sim.timecategory import TimeCategory as C

ALWAYS = WorkCalendar(workdays=tuple(range(7)), start_hour=0.0, hours_per_day=24.0)
TRAVEL = [[0.5, 1.5], [1.0, 2.0]]  # by community, then by the worker's station


def make_case(contacts: list[tuple[float, bool]], priority: int = STANDARD,
              community: int = 1, minority: bool = False, volunteer_ok: bool = False) -> Case:
    """Case 7 with these ``(work hours, home visit)`` contacts and 0.25 h of recording."""
    return Case(7, 0, 3, community, 0, priority, minority, 0.0, 14.0, 1.0, contacts, 0.25,
                0.5, 0.5, volunteer_ok=volunteer_ok)


def make_worker(station: int = 0, interpreter_factor: float = 1.5,
                volunteers: VolunteerPool | None = None,
                ended: list[tuple[Worker, Case]] | None = None) -> Worker:
    """A worker on continuous duty that notes each contact end in ``ended``."""
    seen = ended if ended is not None else []
    return Worker(Scheduler(simpy.Environment()), 2, station, ALWAYS, 5.0, (0.0, 10.0),
                  lambda w, c: seen.append((w, c)), travel_hours=TRAVEL,
                  interpreter_factor=interpreter_factor, volunteers=volunteers)


# --------------------------------------------------------------------------- contacts


def test_a_contact_has_its_case_priority_and_number() -> None:
    case = make_case([(1.0, False)] * 3, priority=URGENT)
    intake = Contact(case)
    assert intake.priority == URGENT and intake.number == 0
    assert intake.label() == "case 7 contact 0"
    case.next_contact = 2
    assert Contact(case).label() == "case 7 contact 2"
    assert intake.label() == "case 7 contact 0"  # the number is fixed when it is queued


def test_the_intake_is_intake_and_marks_the_first_contact() -> None:
    case = make_case([(1.5, True), (1.0, False)], community=1)
    parts = dict(Contact(case).effort(make_worker(station=1), 3.25))
    assert parts[C.INTAKE] == 1.5 and parts[C.TRAVEL] == 2.0 and parts[C.RECORDING] == 0.25
    assert case.first_contact_at == 3.25 and case.next_contact == 1
    parts = dict(Contact(case).effort(make_worker(station=1), 5.0))
    assert parts[C.DIRECT] == 1.0 and parts[C.TRAVEL] == 0.0  # an office session
    assert C.INTAKE not in parts
    assert case.first_contact_at == 3.25 and case.next_contact == 2 and case.remaining_contacts == 0


@pytest.mark.parametrize(("interpreted", "hours"), [(True, 3.0), (False, 2.0)])
def test_an_interpreted_contact_takes_longer(interpreted: bool, hours: float) -> None:
    case = make_case([(2.0, False)], minority=True)
    case.interpreted = interpreted  # set when a worker takes the case
    parts = dict(Contact(case).effort(make_worker(interpreter_factor=1.5), 0.0))
    assert parts[C.INTAKE] == pytest.approx(hours)


def test_handover_hours_are_spent_once() -> None:
    case = make_case([(1.0, False)] * 3)
    case.next_contact, case.handover_hours = 1, 0.5
    worker = make_worker()
    assert dict(Contact(case).effort(worker, 0.0))[C.DIRECT] == 1.5
    assert case.handover_hours == 0.0
    assert dict(Contact(case).effort(worker, 0.0))[C.DIRECT] == 1.0


def test_volunteers_hold_eligible_sessions_only() -> None:
    pool = VolunteerPool(hours_per_week=10.0, coordination_share=0.25, window=(0.0, 10.0))
    worker = make_worker(volunteers=pool)
    case = make_case([(1.0, True), (2.0, True)], volunteer_ok=True)
    intake = dict(Contact(case).effort(worker, 0.0))  # the intake is never volunteered
    assert intake[C.INTAKE] == 1.0 and pool.hours_used == 0.0
    session = dict(Contact(case).effort(worker, 0.0))
    assert session == {C.RECORDING: 0.25, C.COORDINATION: 0.5}
    assert pool.hours_used == 2.0
    other = make_case([(1.0, False), (2.0, False)])  # not volunteer-eligible
    other.next_contact = 1
    assert dict(Contact(other).effort(worker, 0.0))[C.DIRECT] == 2.0
    assert pool.hours_used == 2.0


def test_a_finished_contact_tells_the_workers_contact_end() -> None:
    ended: list[tuple[Worker, Case]] = []
    worker = make_worker(ended=ended)
    case = make_case([(1.0, False)])
    Contact(case).finished(worker)
    assert ended == [(worker, case)]


# --------------------------------------------------------------------------- activities


def test_an_activity_is_its_category_only() -> None:
    activity = Activity(C.GROUP, 3.0, station=2)
    assert activity.priority == STANDARD
    assert list(activity.effort(make_worker(), 0.0)) == [(C.GROUP, 3.0)]
    assert activity.label() == "group at station 2"
    activity.finished(make_worker())  # nobody to tell: nothing happens


def test_a_finished_activity_calls_on_done_with_itself() -> None:
    done: list[Activity] = []
    activity = Activity(C.GROUP, 1.0, 0, done.append, priority=URGENT)
    assert activity.priority == URGENT
    activity.finished(make_worker())
    assert done == [activity]


def test_an_activity_runs_as_a_task_of_a_worker() -> None:
    """Offered to a free worker on continuous duty: it starts now, ends after its hours and
    counts in its own category only (no case, no caseload)."""
    done: list[float] = []
    worker = make_worker()
    env = worker.sched.env
    worker.offer(Activity(C.GROUP, 6.0, 0, lambda _a: done.append(env.now)))
    env.run(until=1.0)
    assert done == pytest.approx([0.25])
    assert worker.time_use[C.GROUP] == pytest.approx(6.0)
    assert worker.time_use.work == pytest.approx(6.0)
    assert worker.caseload == 0.0 and worker.open_cases == 0
    assert math.isinf(worker.last_new_case_at)
