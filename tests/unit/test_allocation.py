"""The allocation queue: referral to a worker with room, queueing, filling, abandonment."""

from __future__ import annotations

from functools import partial

import simpy

from sim.agents.cases import ABANDONED, CLOSED, OPEN, STANDARD, WAITING, Case
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.calendar import WorkCalendar
from sim.policies.dispatch import make_dispatch
from sim.results.recorder import Recorder
from sim.scheduling import Scheduler
from sim.staff import Staff

ALWAYS = WorkCalendar(workdays=tuple(range(7)), start_hour=0.0, hours_per_day=24.0)


def make_case(case_id: int, station: int = 0, weight: float = 1.0,
              minority: bool = False, contacts: int = 1) -> Case:
    """A case of one-day (24-hour) contacts, one unless told otherwise."""
    return Case(case_id, 0, case_id, 0, station, STANDARD, minority, 0.0, 1.0, weight,
                [(24.0, False)] * contacts, 0.0, 0.5, 0.5)


def desk(stations: tuple[int, ...] = (0, 0), policy: str = "fifo",
         bilingual: tuple[bool, ...] = ()) -> tuple[Allocator, list[Worker], Recorder]:
    """Workers with cap 1 at the given stations; contacts end without closing the case."""
    sched = Scheduler(simpy.Environment())
    rec = Recorder(0.0, 100.0, 100.0, 1)
    staff: Staff[Worker] = Staff()
    for i, s in enumerate(stations):
        staff.add(Worker(sched, staff.next_id(), s, ALWAYS, 1.0, (0.0, 100.0),
                         lambda w, c: None, staff.room_changed,
                         bilingual=bool(bilingual and bilingual[i])))
    return Allocator(sched, make_dispatch(policy), staff, rec), staff.ever(), rec


def refer(alloc: Allocator, case: Case, patience: float | None = None) -> None:
    """Refer ``case``; one still waiting gets a patience timer, as casework gives it."""
    alloc.refer(case)
    if patience is not None and case.status == WAITING:
        case.patience = alloc.sched.after(patience, partial(alloc.abandon, case))


def run(alloc: Allocator, until: float) -> None:
    """Run the clock to ``until``."""
    alloc.sched.env.run(until=until)


def test_referral_goes_to_a_worker_with_room() -> None:
    alloc, workers, rec = desk()
    case = make_case(1)
    alloc.refer(case)
    assert case.status == OPEN and case.worker == 0 and case.allocated_at == 0.0
    assert workers[0].caseload == 1.0 and alloc.waiting == 0
    assert rec.referred == 1 and rec.backlog.level == 0 and rec.backlog.max_level == 0
    assert rec.open_cases.level == 1


def test_fifo_referral_goes_to_the_longest_waiting_worker_with_room() -> None:
    """fifo: the worker with room whose last new case is the earliest (ties: lowest id),
    wherever it is based."""
    alloc, _, _ = desk(stations=(0, 1, 1))
    first, second = make_case(1, station=1), make_case(2, station=0)
    alloc.refer(first)
    assert first.worker == 0  # nobody took a case yet: the lowest id; no look at stations
    alloc.refer(second)
    assert second.worker == 1  # worker 0 took one, 1 and 2 never did: the lower id


def test_nearest_referral_prefers_its_own_station() -> None:
    alloc, _, _ = desk(stations=(0, 1), policy="nearest")
    case = make_case(1, station=1)
    alloc.refer(case)
    assert case.worker == 1


def test_queue_when_nobody_has_room_then_fill() -> None:
    alloc, workers, rec = desk()
    cases = [make_case(i) for i in range(4)]
    for case in cases:
        alloc.refer(case)
    assert [c.status for c in cases] == [OPEN, OPEN, WAITING, WAITING]
    assert alloc.waiting == 2 and rec.backlog.level == 2
    workers[1].release(cases[1])
    alloc.fill(workers[1])
    assert cases[2].status == OPEN and cases[2].worker == 1
    assert cases[3].status == WAITING and alloc.waiting == 1


def test_freed_worker_is_a_candidate_again() -> None:
    alloc, workers, _ = desk()
    first, second, third = make_case(1), make_case(2), make_case(3)
    alloc.refer(first)
    workers[0].release(first)
    alloc.refer(second)  # worker 1 never took a case: it has waited longest
    assert second.worker == 1
    workers[1].release(second)
    alloc.refer(third)  # both took their last new case at 0: the lower id, free again
    assert third.worker == 0


def test_abandonment_leaves_the_queue() -> None:
    alloc, workers, rec = desk(stations=(0,))
    busy, waiting = make_case(1), make_case(2)
    refer(alloc, busy, patience=1.0)
    refer(alloc, waiting, patience=1.0)
    assert busy.patience is None  # allocated at once: no patience timer
    assert waiting.patience is not None and waiting.patience.pending
    run(alloc, 1.5)
    assert waiting.status == ABANDONED and waiting.abandoned_at == 1.0
    assert alloc.waiting == 0 and rec.abandoned == 1 and rec.backlog.level == 0
    assert busy.status == OPEN and rec.abandoned == 1  # an allocated case does not abandon
    workers[0].release(busy)
    alloc.fill(workers[0])  # the abandoned case is not allocated
    assert waiting.worker == -1 and workers[0].caseload == 0.0


def test_patience_runs_until_the_first_contact_not_the_allocation() -> None:
    """A case allocated to a worker still busy with another contact keeps its patience; when
    it runs out the case leaves the worker's task list and releases the room."""
    alloc, workers, rec = desk(stations=(0,))
    busy, waiting, third = make_case(1), make_case(2), make_case(3)
    busy.contacts = [(72.0, False)]  # a three-day contact keeps the worker busy
    refer(alloc, busy, patience=5.0)   # contacted at once: its patience ends at the contact
    assert busy.patience is None
    refer(alloc, waiting, patience=2.0)
    timer = waiting.patience
    assert timer is not None and timer.pending
    run(alloc, 1.0)
    workers[0].release(busy)  # room again, but still in busy's three-day contact
    alloc.fill(workers[0])
    assert waiting.status == OPEN and waiting.worker == 0 and waiting.allocated_at == 1.0
    assert timer.pending and workers[0].tasks_waiting == 1  # allocated, not yet contacted
    refer(alloc, third)  # no room: it queues
    assert alloc.waiting == 1
    run(alloc, 2.5)  # patience ran out at day 2
    assert waiting.status == ABANDONED and waiting.abandoned_at == 2.0
    assert waiting.allocated_at == 1.0 and waiting.first_contact_at != waiting.first_contact_at
    assert rec.abandoned == 1 and workers[0].tasks_waiting == 1  # the third case took its room
    assert third.status == OPEN and alloc.waiting == 0
    assert workers[0].caseload == 1.0


def test_the_first_contact_cancels_the_patience_timer() -> None:
    alloc, _, rec = desk(stations=(0,))
    case = make_case(1)
    alloc.refer(case)
    assert case.first_contact_at == 0.0  # a free worker on continuous duty starts at once
    assert case.patience is None
    run(alloc, 10.0)
    assert case.status == OPEN and rec.abandoned == 0


def test_the_workers_with_room_follow_caseload_cap_and_exit() -> None:
    """What dispatch asks the registry (the worker with room for a weight, by an order, of a
    station) follows every assignment, cap change and exit."""
    alloc, workers, _ = desk(stations=(0, 0, 1))
    staff = alloc.staff
    assert staff.best_with_room(1.0) is workers[0]
    assert staff.best_with_room(1.0, "caseload", station=1) is workers[2]
    alloc.refer(make_case(1))
    assert staff.best_with_room(1.0) is workers[1]
    assert staff.best_with_room(1.0, "caseload", station=0) is workers[1]
    workers[2].set_cap(0.5)  # a smaller cap (ramp-up) still leaves some room
    assert staff.best_with_room(0.5, station=1) is workers[2]
    assert staff.best_with_room(1.0, station=1) is None
    workers[2].set_cap(0.0)
    assert staff.best_with_room(0.5, station=1) is None
    assert staff.best_with_room(0.5) is workers[1]
    workers[1].retire()
    for order in ("id", "caseload", "longest_since_new_case"):
        assert staff.best_with_room(0.5, order) is None


def test_a_later_hire_is_tracked() -> None:
    alloc, _, _ = desk(stations=(0,))
    staff = alloc.staff
    first, second = make_case(1), make_case(2)
    alloc.refer(first)
    alloc.refer(second)
    assert alloc.waiting == 1 and staff.best_with_room(1.0) is None
    recruit = Worker(alloc.sched, staff.next_id(), 0, ALWAYS, 1.0, (0.0, 100.0),
                     lambda w, c: None, staff.room_changed)
    staff.add(recruit)
    assert staff.best_with_room(1.0) is recruit
    alloc.fill(recruit)
    assert second.worker == 1 and alloc.waiting == 0 and staff.best_with_room(1.0) is None


def test_hand_back_goes_to_a_worker_with_room_or_waits() -> None:
    alloc, workers, rec = desk(stations=(0, 0))
    a, b = make_case(1, contacts=2), make_case(2, contacts=2)
    # a patience timer that would run out after the hand-back: allocation cancels it
    a.patience = alloc.sched.after(2.0, partial(alloc.abandon, a))
    alloc.refer(a)
    alloc.refer(b)
    run(alloc, 1.5)  # the intakes are done, the sessions not yet due
    # worker 0 leaves: its case goes back to allocation, nobody has room, it waits
    (handed,) = workers[0].retire()
    assert handed is a
    alloc.hand_back(a, handover_hours=0.75)
    assert a.status == WAITING and alloc.waiting == 1 and rec.backlog.level == 1
    assert a.allocated_at == 0.0  # it keeps its history
    assert a.handover_hours == 0.75
    assert rec.referred == 2  # not a new referral
    run(alloc, 2.5)  # a case that has been served does not abandon
    assert a.status == WAITING and rec.abandoned == 0
    b.status = CLOSED
    workers[1].release(b)
    rec.closure(b, 2.5)
    alloc.fill(workers[1])
    assert a.status == OPEN and a.worker == 1 and alloc.waiting == 0
    assert rec.backlog.level == 0 and rec.open_cases.level == 1


def test_hand_back_with_room_never_waits() -> None:
    alloc, workers, rec = desk(stations=(0, 0))
    case = make_case(1, contacts=2)
    alloc.refer(case)
    run(alloc, 1.5)
    (handed,) = workers[0].retire()
    alloc.hand_back(handed, handover_hours=0.0)
    assert case.status == OPEN and case.worker == 1 and case.next_contact == 2
    assert rec.backlog.max_level == 0 and alloc.waiting == 0


def test_hand_back_cancels_the_pending_session() -> None:
    """A session due later with the leaver is cancelled: the next worker queues it."""
    alloc, workers, _ = desk(stations=(0, 0))
    case = make_case(1, contacts=2)
    alloc.refer(case)
    fired: list[float] = []
    due = alloc.sched.after(3.0, lambda _e: fired.append(alloc.sched.now))
    case.due = due  # the session casework scheduled with worker 0
    run(alloc, 1.5)
    workers[0].retire()
    alloc.hand_back(case, handover_hours=0.0)
    assert case.due is None and not due.pending
    run(alloc, 5.0)
    assert fired == []  # the cancelled session never fires


def test_skill_match_rechecks_a_waiting_minority_case_after_the_fallback_wait() -> None:
    alloc, _, _ = desk(stations=(0,), policy="skill_match")  # fallback 7 days
    case = make_case(1, minority=True)
    alloc.refer(case)
    assert case.status == WAITING and alloc.waiting == 1  # no bilingual worker
    assert case.recheck is not None and case.recheck.pending
    run(alloc, 6.9)
    assert case.status == WAITING
    run(alloc, 7.1)
    assert case.status == OPEN and case.worker == 0 and case.allocated_at == 7.0
    assert case.interpreted  # the worker is not bilingual
    assert alloc.waiting == 0 and case.recheck is None


def test_skill_match_recheck_is_cancelled_when_the_case_is_allocated_first() -> None:
    alloc, workers, _ = desk(stations=(0, 0), policy="skill_match", bilingual=(True, False))
    busy, minority = make_case(1, minority=True), make_case(2, minority=True)
    alloc.refer(busy)  # takes the bilingual worker
    alloc.refer(minority)
    timer = minority.recheck
    assert timer is not None and timer.pending and minority.status == WAITING
    workers[0].release(busy)
    alloc.fill(workers[0])
    assert minority.worker == 0 and not minority.interpreted
    assert minority.recheck is None and not timer.pending


def test_skill_match_gives_a_minority_case_to_a_bilingual_worker_at_once() -> None:
    alloc, _, _ = desk(stations=(0, 0), policy="skill_match", bilingual=(False, True))
    minority, majority = make_case(1, minority=True), make_case(2)
    alloc.refer(minority)
    alloc.refer(majority)
    assert minority.worker == 1 and not minority.interpreted
    assert majority.worker == 0
