"""Social workers with a fixed calendar, processing hand-made cases.

Office calendar: Monday-Friday, duty 8:00-16:00, the first quarter (2 h) fixed admin, so
tasks may start only in the productive window 10:00-16:00.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.agents import cases as lifecycle
from sim.agents.cases import OPEN, STANDARD, URGENT, Case
from sim.agents.tasks import Activity, Contact
from sim.agents.timeuse import TimeUse
from sim.agents.volunteers import VolunteerPool
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.calendar import WorkCalendar
from sim.policies.dispatch import make_dispatch
from sim.results.recorder import Recorder
from sim.scheduling import Scheduler
from sim.staff import ORDERS, Staff
from sim.timecategory import TimeCategory as C

OFFICE = WorkCalendar(workdays=(0, 1, 2, 3, 4), start_hour=8.0, hours_per_day=8.0,
                      admin_share=0.25)
ALWAYS = WorkCalendar(workdays=tuple(range(7)), start_hour=0.0, hours_per_day=24.0)
# Round-trip hours of a home visit: by community (0, 1, 2), then by station (0, 1).
TRAVEL = [[0.5, 1.5], [1.0, 2.0], [0.75, 0.25]]


def hour(day: int, h: float) -> float:
    """Clock time of hour ``h`` of day ``day``."""
    return day + h / 24.0


def make_case(case_id: int, contacts: list[tuple[float, bool]], priority: int = STANDARD,
              weight: float = 1.0, recording: float = 0.0, community: int = 0,
              minority: bool = False, volunteer_ok: bool = False) -> Case:
    """A case with the given ``(work hours, home visit)`` per contact."""
    return Case(case_id, 0, case_id, community, 0, priority, minority, 0.0, 14.0, weight,
                contacts, recording, 0.5, 0.5, volunteer_ok=volunteer_ok)


class Desk:
    """A worker whose cases get their next contact at once and close after the last."""

    def __init__(self, calendar: WorkCalendar = OFFICE, cap: float = 5.0,
                 window: tuple[float, float] = (0.0, 1000.0), station: int = 0,
                 bilingual: bool = False, interpreter_factor: float = 1.0,
                 volunteers: VolunteerPool | None = None,
                 on_room_change: Callable[[Worker], None] | None = None) -> None:
        self.env = simpy.Environment()
        self.sched = Scheduler(self.env)
        self.closed: list[Case] = []
        room = on_room_change or (lambda _w: None)
        self.worker = Worker(self.sched, 0, station, calendar, cap, window, self.on_contact_end,
                             room, TRAVEL, bilingual, interpreter_factor, volunteers)

    def on_contact_end(self, worker: Worker, case: Case) -> None:
        """Next contact now, or close the case."""
        if case.remaining_contacts > 0:
            worker.offer(Contact(case))
            return
        lifecycle.close(case, self.env.now, success=True)
        worker.release(case)
        self.closed.append(case)

    def at(self, t: float, action: Callable[[], object]) -> None:
        """Do ``action`` at time ``t``."""
        self.env.timeout(t - self.env.now).callbacks.append(lambda _e: action())

    def assign_at(self, t: float, case: Case) -> None:
        """Assign ``case`` to the worker at time ``t``."""
        self.at(t, lambda: self.worker.assign(case))

    def run(self, until: float) -> TimeUse:
        """Run, settle the accounts, return the time use."""
        self.env.run(until=until)
        self.worker.settle(until)
        return self.worker.time_use


def balance(desk: Desk, until: float) -> tuple[float, float]:
    """(sum of categories incl. fixed admin, duty + overtime) of the desk's worker."""
    w, tu = desk.worker, desk.worker.time_use
    duty, productive = w.duty_hours(until), w.productive_hours(until)
    # every category the worker counted (fixed admin is not counted: it is the duty outside
    # the productive window)
    assert tu[C.ADMIN] == 0.0
    categories = sum(tu[c] for c in C) + duty - productive
    return categories, duty + tu.overtime


# --------------------------------------------------------------------------- calendar


@pytest.mark.parametrize(
    ("assigned", "first_contact"),
    [
        (hour(0, 0.0), hour(0, 10.0)),   # Monday night: at 10:00, after the admin block
        (hour(0, 9.0), hour(0, 10.0)),   # in the admin block
        (hour(0, 11.0), hour(0, 11.0)),  # productive window: at once
        (hour(4, 16.5), hour(7, 10.0)),  # Friday after duty: Monday
        (hour(5, 12.0), hour(7, 10.0)),  # Saturday
    ],
)
def test_tasks_start_only_in_the_productive_window(assigned: float, first_contact: float) -> None:
    desk = Desk()
    case = make_case(1, [(1.0, False)])
    desk.assign_at(assigned, case)
    desk.run(20.0)
    assert case.first_contact_at == pytest.approx(first_contact)


def test_overtime_when_a_task_runs_past_the_end_of_duty() -> None:
    desk = Desk()
    desk.assign_at(hour(0, 15.0), make_case(1, [(2.5, True)], recording=0.25))  # 0.5 h away
    tu = desk.run(3.0)
    assert desk.closed[0].closed_at == pytest.approx(hour(0, 18.25))
    assert tu.overtime == pytest.approx(2.25)  # 16:00 -> 18:15
    assert (tu[C.INTAKE], tu[C.TRAVEL], tu[C.RECORDING]) == pytest.approx((2.5, 0.5, 0.25))


def test_no_overtime_inside_duty() -> None:
    desk = Desk()
    desk.assign_at(hour(0, 10.0), make_case(1, [(3.0, False)]))
    assert desk.run(2.0).overtime == 0.0


def test_sessions_are_direct_work_and_the_intake_is_intake() -> None:
    desk = Desk()
    # two home visits in community 2, 0.75 h from station 0
    desk.assign_at(hour(0, 10.0), make_case(1, [(1.5, True), (1.0, False), (2.0, True)],
                                            recording=0.25, community=2))
    tu = desk.run(5.0)
    assert tu[C.INTAKE] == pytest.approx(1.5)
    assert tu[C.DIRECT] == pytest.approx(3.0)
    assert tu[C.TRAVEL] == pytest.approx(1.5)
    assert tu[C.RECORDING] == pytest.approx(0.75)
    assert desk.worker.contacts_done == 3
    assert desk.closed[0].next_contact == 3


def test_idle_is_productive_time_without_a_task() -> None:
    desk = Desk()
    desk.assign_at(hour(0, 12.0), make_case(1, [(1.0, False)]))
    tu = desk.run(1.0)
    # Monday productive window 10:00-16:00: idle 10-12 and 13-16
    assert tu[C.IDLE] == pytest.approx(5.0)


def test_time_categories_add_up_in_a_hand_made_week() -> None:
    desk = Desk(window=(1.0, 9.0))
    desk.assign_at(hour(0, 14.0), make_case(1, [(4.0, True), (3.0, True)], recording=0.5,
                                            community=2))
    desk.assign_at(hour(2, 15.5), make_case(2, [(2.0, False)], priority=URGENT))
    desk.assign_at(hour(4, 15.9), make_case(3, [(3.0, False)]))
    desk.run(12.0)
    categories, total = balance(desk, 12.0)
    assert categories == pytest.approx(total)
    assert desk.worker.time_use.overtime > 0.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0.0, 20.0), st.floats(0.1, 6.0), st.integers(0, 2),
                          st.booleans(), st.integers(0, 3), st.booleans(), st.booleans()),
                min_size=1, max_size=12),
       st.lists(st.tuples(st.floats(0.0, 25.0), st.floats(0.1, 4.0)), max_size=3),
       st.floats(0.0, 5.0), st.floats(10.0, 30.0), st.integers(0, 1))
def test_time_categories_always_add_up(
    cases: list[tuple[float, float, int, bool, int, bool, bool]],
    absences: list[tuple[float, float]], warmup: float, until: float, station: int,
) -> None:
    """intake + direct + travel + recording + coordination + group + idle + absence + fixed
    admin = duty + overtime, whatever the mix of contacts and absences."""
    pool = VolunteerPool(3.0, 0.25, (warmup, until))
    desk = Desk(window=(warmup, until), station=station, interpreter_factor=1.5,
                volunteers=pool)
    for i, (t, work, community, home, sessions, minority, volunteer) in enumerate(
            sorted(cases)):
        if i % 5 == 4:  # group activities, one per would-be contact
            for _ in range(1 + sessions):
                desk.at(t, lambda work=work: desk.worker.offer(
                    Activity(C.GROUP, work, station)))
            continue
        desk.assign_at(t, make_case(i, [(work, home)] * (1 + sessions), recording=0.1,
                                    community=community, minority=minority,
                                    volunteer_ok=volunteer))
    for t, days in absences:
        desk.at(t, lambda days=days: desk.worker.start_absence(days))
    desk.run(until)
    categories, total = balance(desk, until)
    assert categories == pytest.approx(total, abs=1e-6)


def test_an_urgent_contact_jumps_the_workers_queue() -> None:
    desk = Desk()
    long_, standard, urgent = (make_case(1, [(4.0, False)]), make_case(2, [(1.0, False)]),
                               make_case(3, [(1.0, False)], priority=URGENT))
    desk.assign_at(hour(0, 10.0), long_)
    desk.assign_at(hour(0, 11.0), standard)
    desk.assign_at(hour(0, 12.0), urgent)
    desk.run(2.0)
    assert urgent.first_contact_at == pytest.approx(hour(0, 14.0))
    assert standard.first_contact_at == pytest.approx(hour(0, 15.0))


def test_settle_counts_the_part_of_a_running_task() -> None:
    desk = Desk(window=(0.0, 10.0))
    desk.assign_at(hour(0, 10.0), make_case(1, [(4.0, False)]))
    tu = desk.run(hour(0, 11.0))
    assert tu[C.INTAKE] == pytest.approx(1.0)


def test_tasks_before_the_window_are_not_counted() -> None:
    desk = Desk(window=(1.0, 10.0))
    desk.assign_at(hour(0, 10.0), make_case(1, [(2.0, False)]))
    tu = desk.run(2.0)
    assert tu[C.INTAKE] == 0.0
    assert tu[C.IDLE] == pytest.approx(6.0)  # all of Tuesday's window


def test_always_on_worker_works_back_to_back() -> None:
    desk = Desk(calendar=ALWAYS, window=(0.0, 10.0))
    desk.assign_at(1.0, make_case(1, [(24.0, False)]))
    desk.assign_at(1.5, make_case(2, [(12.0, False)]))
    tu = desk.run(4.0)
    assert [c.closed_at for c in desk.closed] == pytest.approx([2.0, 2.5])
    assert tu.overtime == 0.0
    assert tu[C.INTAKE] == pytest.approx(36.0)
    assert tu[C.IDLE] == pytest.approx(24.0 + 36.0)  # [0, 1] and [2.5, 4]


# --------------------------------------------------------------------------- caseload


def test_assign_and_release_track_the_caseload() -> None:
    desk = Desk(cap=3.0)
    w = desk.worker
    a, b = make_case(1, [(1.0, False)], weight=2.0), make_case(2, [(1.0, False)], weight=1.0)
    assert w.has_room(3.0) and not w.has_room(3.5)
    desk.env.run(until=3.0)
    w.assign(a)
    assert a in w.cases and w.caseload == 2.0 and w.open_cases == 1
    assert w.last_new_case_at == 3.0  # for the "longest since a new case" order
    assert w.has_room(1.0) and not w.has_room(1.5)
    w.assign(b)
    w.release(a)
    assert w.caseload == 1.0 and w.open_cases == 1 and w.max_caseload == 3.0
    assert w.cases == {b}


def test_caseload_never_above_the_cap() -> None:
    """Many cases through an allocator: the cap holds at every assignment."""
    env = simpy.Environment()
    sched = Scheduler(env)
    rng = random.Random(3)
    rec = Recorder(0.0, 50.0, 60.0, 1)
    seen: list[float] = []

    def on_end(worker: Worker, case: Case) -> None:
        if case.remaining_contacts > 0:
            worker.offer(Contact(case))
            return
        lifecycle.close(case, env.now, success=True)
        worker.release(case)
        rec.closure(case, env.now)
        allocator.fill(worker)

    staff: Staff[Worker] = Staff()
    for i in range(3):
        staff.add(Worker(sched, i, 0, OFFICE, 4.0, (0.0, 60.0), on_end, staff.room_changed))
    workers = staff.ever()
    allocator = Allocator(sched, make_dispatch("fifo"), staff, rec)
    for i in range(150):
        case = make_case(i, [(rng.uniform(0.5, 3.0), False)] * rng.randint(1, 4),
                         weight=rng.choice([0.5, 1.0, 2.0]))
        case.referred_at = rng.uniform(0.0, 50.0)
        env.timeout(case.referred_at).callbacks.append(
            lambda _e, c=case: (allocator.refer(c), seen.extend(w.caseload for w in workers)))
    env.run(until=60.0)
    assert max(w.max_caseload for w in workers) <= 4.0 + 1e-9
    assert max(seen) <= 4.0 + 1e-9
    assert rec.backlog.max_level > 0  # the cap did bind: cases had to wait


def test_cap_now_limits_room_and_reports_changes() -> None:
    changes: list[float] = []
    desk = Desk(cap=4.0, on_room_change=lambda worker: changes.append(worker.cap_now))
    w = desk.worker
    w.set_cap(2.0)  # a recruit ramping up
    assert w.cap == 4.0 and w.cap_now == 2.0
    assert w.has_room(2.0) and not w.has_room(2.5)
    w.assign(make_case(1, [(1.0, False)], weight=2.0))
    assert not w.has_room(0.5)
    w.set_cap(w.cap)
    assert w.has_room(2.0) and not w.has_room(2.5)
    assert changes == [2.0, 2.0, 4.0]


# --------------------------------------------------------------------------- workers with room


@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from([0.5, 1.0, 2.0]),
                          st.sampled_from(["assign", "release", "cap", "retire", "wait"])),
                max_size=40))
def test_staff_best_with_room_equals_filtering_the_list(
    ops: list[tuple[int, float, str]]
) -> None:
    """The staff registry's indexes of workers with room, kept up to date by the workers
    themselves (their room-change callback), give for every weight, order and group the worker
    a scan of the list finds: the first in that order of the active workers with room."""
    sched = Scheduler(simpy.Environment())
    staff: Staff[Worker] = Staff()
    for i in range(5):
        staff.add(Worker(sched, i, i % 2, OFFICE, float(1 + i % 3), (0.0, 10.0),
                         lambda *_: None, staff.room_changed, bilingual=i % 3 == 0))
    workers = staff.ever()
    held: dict[int, list[Case]] = {i: [] for i in range(5)}
    groups: list[dict[str, object]] = [{}, {"station": 0}, {"station": 1}, {"bilingual": True},
                                       {"bilingual": False}]

    def member(w: Worker, group: dict[str, object]) -> bool:
        return all(getattr(w, k) == v for k, v in group.items())

    def check() -> None:
        for weight in (0.5, 1.0, 2.0):
            for order, key in ORDERS.items():
                for group in groups:
                    roomy = [x for x in workers if x.has_room(weight) and member(x, group)]
                    assert staff.best_with_room(weight, order, **group) is \
                        min(roomy, key=key, default=None)  # type: ignore[arg-type]

    for n, (pos, weight, op) in enumerate(ops):
        check()
        worker = workers[pos]
        if op == "release" and held[pos]:
            worker.release(held[pos].pop())
        elif op == "cap":
            worker.set_cap(worker.cap * weight / 2.0)
        elif op == "retire" and pos == 4:
            held[pos].clear()
            worker.retire()
            staff.remove(worker)
        elif op == "wait":
            sched.env.run(until=sched.now + weight)  # later assignments: a new order by time
        elif worker.has_room(weight):
            case = make_case(n, [(1.0, False)], weight=weight)
            held[pos].append(case)
            worker.assign(case)
    check()


# --------------------------------------------------------------------------- travel and skills


@pytest.mark.parametrize(("station", "community", "travel"),
                         [(0, 0, 0.5), (1, 0, 1.5), (0, 1, 1.0), (1, 2, 0.25)])
def test_travel_depends_on_the_community_and_the_workers_station(
    station: int, community: int, travel: float
) -> None:
    desk = Desk(station=station)
    desk.assign_at(hour(0, 10.0), make_case(1, [(1.0, True), (1.0, False), (1.0, True)],
                                            community=community))
    tu = desk.run(2.0)
    assert tu[C.TRAVEL] == pytest.approx(2 * travel)
    assert desk.closed[0].closed_at == pytest.approx(hour(0, 13.0 + 2 * travel))


def test_without_a_travel_table_home_visits_cost_no_travel() -> None:
    env = simpy.Environment()
    worker = Worker(Scheduler(env), 0, 0, OFFICE, 5.0, (0.0, 5.0), lambda w, c: None)
    worker.assign(make_case(1, [(1.0, True)]))
    env.run(until=1.0)
    assert worker.time_use[C.TRAVEL] == 0.0 and worker.time_use[C.INTAKE] == 1.0


@pytest.mark.parametrize(("minority", "bilingual", "hours", "interpreted"),
                         [(True, False, 3.0, True), (True, True, 2.0, False),
                          (False, False, 2.0, False), (False, True, 2.0, False)])
def test_minority_cases_need_an_interpreter_unless_the_worker_is_bilingual(
    minority: bool, bilingual: bool, hours: float, interpreted: bool
) -> None:
    desk = Desk(bilingual=bilingual, interpreter_factor=1.5)
    case = make_case(1, [(1.0, False), (1.0, True)], minority=minority, recording=0.25)
    desk.assign_at(hour(0, 10.0), case)
    tu = desk.run(2.0)
    assert case.interpreted is interpreted
    assert tu[C.INTAKE] + tu[C.DIRECT] == pytest.approx(hours)
    assert tu[C.TRAVEL] == pytest.approx(0.5) and tu[C.RECORDING] == pytest.approx(0.5)


def test_volunteers_hold_sessions_while_the_pool_lasts() -> None:
    pool = VolunteerPool(hours_per_week=3.0, coordination_share=0.25, window=(0.0, 10.0))
    desk = Desk(volunteers=pool)
    case = make_case(1, [(1.0, True), (2.0, True), (2.0, True)], recording=0.25,
                     volunteer_ok=True)
    desk.assign_at(hour(0, 10.0), case)
    tu = desk.run(2.0)
    # the intake is the worker's; the first session (2 h) is a volunteer's, the worker
    # coordinates (0.5 h) and records; the second finds 1 h left in the pool: the worker's
    assert tu[C.INTAKE] == pytest.approx(1.0) and tu[C.DIRECT] == pytest.approx(2.0)
    assert tu[C.COORDINATION] == pytest.approx(0.5)
    assert tu[C.TRAVEL] == pytest.approx(1.0)  # the intake and the worker's session
    assert tu[C.RECORDING] == pytest.approx(0.75)
    assert pool.hours_used == pytest.approx(2.0)


def test_sessions_not_volunteer_eligible_stay_with_the_worker() -> None:
    pool = VolunteerPool(hours_per_week=10.0, coordination_share=0.25, window=(0.0, 10.0))
    desk = Desk(volunteers=pool)
    desk.assign_at(hour(0, 10.0), make_case(1, [(1.0, False), (2.0, False)]))
    tu = desk.run(2.0)
    assert tu[C.DIRECT] == pytest.approx(2.0) and tu[C.COORDINATION] == 0.0
    assert pool.hours_used == 0.0


def test_a_group_activity_is_group_time_only() -> None:
    """A group activity is a task, not a case: group hours only (no interpreter, travel or
    recording), no caseload, and its ``on_done`` is told when it ends."""
    desk = Desk(interpreter_factor=2.0)
    done: list[float] = []
    desk.at(hour(0, 10.0), lambda: desk.worker.offer(
        Activity(C.GROUP, 3.0, 0, lambda _a: done.append(desk.env.now))))
    tu = desk.run(2.0)
    assert tu[C.GROUP] == pytest.approx(3.0)
    assert tu[C.INTAKE] == tu[C.TRAVEL] == tu[C.RECORDING] == 0.0
    assert done == pytest.approx([hour(0, 13.0)])
    assert desk.worker.caseload == 0.0 and desk.worker.max_caseload == 0.0


def test_handover_hours_are_added_to_the_next_contact_once() -> None:
    desk = Desk()
    case = make_case(1, [(1.0, False), (1.0, False), (1.0, False)])
    case.next_contact = 1  # the intake was held by a worker who left
    case.handover_hours = 0.5
    desk.assign_at(hour(0, 10.0), case)
    tu = desk.run(2.0)
    assert tu[C.DIRECT] == pytest.approx(2.5) and tu[C.INTAKE] == 0.0
    assert case.handover_hours == 0.0


# --------------------------------------------------------------------------- absence and exit


def test_absence_delays_tasks_and_is_counted() -> None:
    desk = Desk()
    desk.at(hour(0, 10.0), lambda: desk.worker.start_absence(1.0))
    case = make_case(1, [(1.0, False)])
    desk.assign_at(hour(0, 12.0), case)
    tu = desk.run(2.0)
    # away from Monday 10:00 to Tuesday 10:00: Monday's productive window, 6 h
    assert tu[C.ABSENCE] == pytest.approx(6.0)
    assert case.first_contact_at == pytest.approx(hour(1, 10.0))
    assert tu[C.IDLE] == pytest.approx(5.0)  # Tuesday 11:00-16:00
    categories, total = balance(desk, 2.0)
    assert categories == pytest.approx(total)


def test_an_absence_during_a_contact_starts_when_it_ends() -> None:
    desk = Desk()
    first, second = make_case(1, [(2.0, False)]), make_case(2, [(1.0, False)])
    desk.assign_at(hour(0, 10.0), first)
    desk.assign_at(hour(0, 10.5), second)
    desk.at(hour(0, 11.0), lambda: desk.worker.start_absence(1.0))
    tu = desk.run(3.0)
    assert first.closed_at == pytest.approx(hour(0, 12.0))
    assert second.first_contact_at == pytest.approx(hour(1, 12.0))
    assert tu[C.ABSENCE] == pytest.approx(4.0 + 2.0)  # Monday 12-16, Tuesday 10-12


def test_an_absence_during_an_absence_extends_it() -> None:
    desk = Desk()
    desk.at(hour(0, 10.0), lambda: desk.worker.start_absence(1.0))
    desk.at(hour(0, 12.0), lambda: desk.worker.start_absence(2.0))
    tu = desk.run(4.0)
    # away Monday 10:00 to Wednesday 12:00
    assert desk.worker.absent_until == pytest.approx(hour(2, 12.0))
    assert tu[C.ABSENCE] == pytest.approx(6.0 + 6.0 + 2.0)


def test_leave_when_free_waits_for_the_contact_in_progress() -> None:
    desk = Desk()
    left: list[float] = []
    desk.assign_at(hour(0, 10.0), make_case(1, [(2.0, False), (1.0, False)]))
    desk.at(hour(0, 11.0), lambda: desk.worker.leave_when_free(
        lambda w: left.append(desk.env.now)))
    desk.run(1.0)
    assert left == pytest.approx([hour(0, 12.0)])
    free = Desk()
    free.worker.leave_when_free(lambda w: left.append(-1.0))
    assert left[-1] == -1.0  # free: at once


def test_retire_hands_back_open_cases_and_stops() -> None:
    env = simpy.Environment()
    # contacts end without a next one being offered: the sessions are not due yet
    w = Worker(Scheduler(env), 0, 0, OFFICE, 5.0, (0.0, 10.0), lambda worker, case: None)
    cases = [make_case(i, [(1.0, False)] * 3) for i in (3, 1, 2)]
    for case in cases:
        case.status = OPEN
        w.assign(case)
    env.run(until=hour(0, 13.5))  # the three intakes are held, none is in progress
    assert w.contacts_done == 3 and not w.in_task
    w.start_absence(2.0)  # away until Wednesday 13:30, counted to its end
    handed = w.retire()
    assert [c.id for c in handed] == [1, 2, 3]
    assert not w.active and w.caseload == 0.0 and w.open_cases == 0 and not w.cases
    assert not w.has_room(0.5) and w.tasks_waiting == 0
    assert w.window == (0.0, hour(0, 13.5))
    assert w.time_use[C.ABSENCE] == pytest.approx(0.0)  # leaving cuts the absence short
    env.run(until=5.0)  # nothing more is held
    assert w.contacts_done == 3 and w.time_use[C.DIRECT] == 0.0
    assert [c.next_contact for c in handed] == [1, 1, 1]


def test_a_retired_worker_refuses_a_task_offered_later() -> None:
    """Offering work to a leaver is a bug elsewhere (a handed-back case's session timer is
    cancelled, see test_casework): the worker refuses loudly and holds nothing."""
    env = simpy.Environment()
    ended: list[Case] = []
    w = Worker(Scheduler(env), 0, 0, OFFICE, 5.0, (0.0, 10.0),
               lambda worker, case: ended.append(case))
    cases = [make_case(i, [(1.0, False)] * 3) for i in (3, 1, 2)]
    for case in cases:
        w.assign(case)
    env.run(until=hour(0, 13.5))
    handed = w.retire()
    for case in handed:
        with pytest.raises(RuntimeError, match="has left"):
            w.offer(Contact(case))
    env.run(until=5.0)
    assert w.contacts_done == 3 and w.time_use[C.DIRECT] == 0.0
    assert [c.next_contact for c in handed] == [1, 1, 1] and len(ended) == 3


def test_a_worker_about_to_leave_takes_no_new_case() -> None:
    """Marked to leave at the end of the contact in progress, a worker has no room (a case
    given now would only be handed straight back with hand-over hours)."""
    env = simpy.Environment()
    staff: Staff[Worker] = Staff()
    w = Worker(Scheduler(env), 0, 0, OFFICE, 5.0, (0.0, 10.0), lambda worker, case: None,
               staff.room_changed)
    staff.add(w)
    w.assign(make_case(1, [(2.0, False)]))
    env.run(until=hour(0, 11.0))  # the 2-hour intake runs 10:00-12:00
    assert w.in_task and w.has_room(1.0) and staff.best_with_room(1.0) is w
    left: list[Worker] = []
    w.leave_when_free(left.append)
    assert not w.has_room(1.0) and staff.best_with_room(1.0) is None
    w.set_cap(5.0)  # a ramp-up ending meanwhile gives no room back
    assert not w.has_room(1.0)
    env.run(until=1.0)
    assert left == [w]
