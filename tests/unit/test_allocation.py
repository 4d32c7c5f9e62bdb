"""The allocation queue: referral to a worker with room, queueing, filling, abandonment."""

from __future__ import annotations

import simpy

from sim.agents.cases import ABANDONED, CLOSED, OPEN, STANDARD, WAITING, Case
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.calendar import WorkCalendar
from sim.policies.dispatch import make_dispatch
from sim.results.recorder import Recorder

ALWAYS = WorkCalendar(workdays=tuple(range(7)), start_hour=0.0, hours_per_day=24.0)


def make_case(case_id: int, station: int = 0, weight: float = 1.0,
              minority: bool = False, contacts: int = 1) -> Case:
    """A case of one-day (24-hour) contacts, one unless told otherwise."""
    return Case(case_id, 0, case_id, 0, station, STANDARD, minority, 0.0, 1.0, weight,
                [(24.0, False)] * contacts, 0.0, 0.5, 0.5)


def desk(stations: tuple[int, ...] = (0, 0), policy: str = "fifo",
         bilingual: tuple[bool, ...] = ()) -> tuple[Allocator, list[Worker], Recorder]:
    """Workers with cap 1 at the given stations; contacts end without closing the case."""
    env = simpy.Environment()
    rec = Recorder(0.0, 100.0, 100.0, 1)
    workers = [Worker(env, i, s, ALWAYS, 1.0, (0.0, 100.0), lambda w, c: None,
                      bilingual=bool(bilingual and bilingual[i]))
               for i, s in enumerate(stations)]
    return Allocator(env, make_dispatch(policy), workers, rec), workers, rec


def test_referral_goes_to_a_worker_with_room() -> None:
    alloc, workers, rec = desk()
    case = make_case(1)
    alloc.refer(case)
    assert case.status == OPEN and case.worker == 0 and case.allocated_at == 0.0
    assert workers[0].caseload == 1.0 and alloc.waiting == 0
    assert rec.referred == 1 and rec.backlog.level == 0 and rec.backlog.max_level == 0
    assert rec.open_cases.level == 1


def test_fifo_referral_goes_to_the_earliest_hired_worker_with_room() -> None:
    alloc, _, _ = desk(stations=(0, 1))
    case = make_case(1, station=1)
    alloc.refer(case)
    assert case.worker == 0  # fifo does not look at stations


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
    first, second = make_case(1), make_case(2)
    alloc.refer(first)
    workers[0].release(first)
    alloc.refer(second)  # worker 0 is free again and has the lower id
    assert second.worker == 0


def test_abandonment_leaves_the_queue() -> None:
    alloc, workers, rec = desk(stations=(0,))
    busy, waiting = make_case(1), make_case(2)
    alloc.refer(busy)
    alloc.refer(waiting)
    alloc.abandon(waiting)
    assert waiting.status == ABANDONED and alloc.waiting == 0 and rec.abandoned == 1
    alloc.abandon(busy)  # an allocated case does not abandon
    assert busy.status == OPEN and rec.abandoned == 1
    workers[0].release(busy)
    alloc.fill(workers[0])  # the abandoned case is not allocated
    assert waiting.worker == -1


def test_candidates_are_the_workers_with_room() -> None:
    alloc, workers, _ = desk(stations=(0, 0, 1))
    assert {w.id for w in alloc.candidates()} == {0, 1, 2}
    alloc.refer(make_case(1))
    assert {w.id for w in alloc.candidates()} == {1, 2}
    workers[2].set_cap(0.5)  # a smaller cap (ramp-up) still leaves some room
    assert {w.id for w in alloc.candidates()} == {1, 2}
    workers[2].set_cap(0.0)
    assert {w.id for w in alloc.candidates()} == {1}
    workers[1].retire()
    assert alloc.candidates() == []


def test_a_later_hire_is_tracked() -> None:
    alloc, workers, _ = desk(stations=(0,))
    first, second = make_case(1), make_case(2)
    alloc.refer(first)
    alloc.refer(second)
    assert alloc.waiting == 1
    recruit = Worker(alloc.env, 1, 0, ALWAYS, 1.0, (0.0, 100.0), lambda w, c: None)
    workers.append(recruit)
    alloc.track(recruit)
    assert alloc.candidates() == [recruit]
    alloc.fill(recruit)
    assert second.worker == 1 and alloc.waiting == 0 and alloc.candidates() == []


def test_hand_back_goes_to_a_worker_with_room_or_waits() -> None:
    alloc, workers, rec = desk(stations=(0, 0))
    a, b = make_case(1, contacts=2), make_case(2, contacts=2)
    alloc.refer(a)
    alloc.refer(b)
    alloc.env.run(until=1.5)  # the intakes are done, the sessions not yet due
    # worker 0 leaves: its case goes back to allocation, nobody has room, it waits
    (handed,) = workers[0].retire()
    assert handed is a
    alloc.hand_back(a)
    assert a.status == WAITING and alloc.waiting == 1 and rec.backlog.level == 1
    assert a.allocated_at == 0.0  # it keeps its history
    assert rec.referred == 2  # not a new referral
    alloc.abandon(a)  # a case that has been served does not abandon
    assert a.status == WAITING and rec.abandoned == 0
    b.status = CLOSED
    workers[1].release(b)
    rec.closure(b, 1.5)
    alloc.fill(workers[1])
    assert a.status == OPEN and a.worker == 1 and alloc.waiting == 0
    assert rec.backlog.level == 0 and rec.open_cases.level == 1


def test_hand_back_with_room_never_waits() -> None:
    alloc, workers, rec = desk(stations=(0, 0))
    case = make_case(1, contacts=2)
    alloc.refer(case)
    alloc.env.run(until=1.5)
    (handed,) = workers[0].retire()
    alloc.hand_back(handed)
    assert case.status == OPEN and case.worker == 1 and case.next_contact == 2
    assert rec.backlog.max_level == 0 and alloc.waiting == 0


def test_skill_match_rechecks_a_waiting_minority_case_after_the_fallback_wait() -> None:
    alloc, _, _ = desk(stations=(0,), policy="skill_match")  # fallback 7 days
    case = make_case(1, minority=True)
    alloc.refer(case)
    assert case.status == WAITING and alloc.waiting == 1  # no bilingual worker
    alloc.env.run(until=6.9)
    assert case.status == WAITING
    alloc.env.run(until=7.1)
    assert case.status == OPEN and case.worker == 0 and case.allocated_at == 7.0
    assert case.interpreted  # the worker is not bilingual
    assert alloc.waiting == 0


def test_skill_match_gives_a_minority_case_to_a_bilingual_worker_at_once() -> None:
    alloc, _, _ = desk(stations=(0, 0), policy="skill_match", bilingual=(False, True))
    minority, majority = make_case(1, minority=True), make_case(2)
    alloc.refer(minority)
    alloc.refer(majority)
    assert minority.worker == 1 and not minority.interpreted
    assert majority.worker == 0
