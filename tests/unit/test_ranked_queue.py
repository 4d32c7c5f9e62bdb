"""Unit tests of the ranked queue that dispatch policies are made of."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.agents.cases import ABANDONED, STANDARD, URGENT, WAITING
from sim.policies.ranked_queue import RankedQueue, always, longest_since_new_case
from sim.staff import Staff


@dataclass
class Case:
    id: int
    priority: int = STANDARD
    weight: float = 1.0
    household: int = 0
    status: int = WAITING


@dataclass(eq=False)
class Worker:
    id: int
    station: int = 0
    caseload: float = 0.0
    cap_now: float = 2.0
    bilingual: bool = False
    active: bool = True
    last_new_case_at: float = 0.0

    def has_room(self, weight: float) -> bool:
        return self.active and self.caseload + weight <= self.cap_now + 1e-9


def by_priority(case: Case) -> int:
    return case.priority


def staff_of(*workers: Worker) -> Staff[Worker]:
    """A registry holding ``workers`` (ids 0, 1, ... in order)."""
    staff: Staff[Worker] = Staff()
    for worker in workers:
        staff.add(worker)
    return staff


NOBODY = staff_of()  # no colleague to leave a case to


def test_lower_rank_first_fifo_within_a_rank_and_abandoned_cases_skipped() -> None:
    q = RankedQueue("q", 2, by_priority)
    cases = [Case(1), Case(2, URGENT), Case(3), Case(4, URGENT, status=ABANDONED)]
    for case in cases:
        q.add(case)
    w = Worker(0)
    assert [q.take(w, NOBODY, 0.0).id for _ in range(3)] == [2, 1, 3]
    assert q.take(w, NOBODY, 0.0) is None


def test_a_preferred_case_is_taken_before_the_head_of_its_rank() -> None:
    """Also with every case eligible: the head-of-queue shortcut must not skip ``prefer``."""
    q = RankedQueue("q", 1, lambda c: 0, prefer=lambda c, w, now: c.household == w.id)
    for case in (Case(1, household=5), Case(2, household=7), Case(3, household=5)):
        q.add(case)
    assert q.take(Worker(7), NOBODY, 0.0).id == 2
    assert q.take(Worker(9), NOBODY, 0.0).id == 1  # nobody preferred: the head


def test_a_case_too_heavy_for_the_worker_waits_for_another() -> None:
    q = RankedQueue("q", 1, lambda c: 0)
    q.add(Case(1, weight=3.0))
    q.add(Case(2, weight=1.0))
    assert q.take(Worker(0, cap_now=2.0), NOBODY, 0.0).id == 2


def test_defaults_choose_the_worker_with_room_who_waited_longest_since_a_new_case() -> None:
    """Default worker rule: the earliest ``last_new_case_at`` among workers with room, ties
    by the lowest id (a worker who never took a case has waited longest)."""
    staff = staff_of(Worker(0, caseload=2.0, last_new_case_at=-1.0),  # full
                     Worker(1, last_new_case_at=3.0), Worker(2, last_new_case_at=1.0),
                     Worker(3, last_new_case_at=1.0))
    case = Case(1)
    assert always(case, staff.get(0), 0.0)
    assert longest_since_new_case(case, staff, 0.0) is staff.get(2)  # 2 and 3 tie: lowest id
    q = RankedQueue("q", 1, lambda c: 0)
    assert q.choose_worker(case, staff, 0.0) is staff.get(2)
    staff.get(2).last_new_case_at = 4.0  # it took a new case: the others have waited longer
    staff.room_changed(staff.get(2))
    assert q.choose_worker(case, staff, 0.0) is staff.get(3)
    assert q.recheck_after(case) is None
    newcomer = Worker(4, last_new_case_at=-math.inf)
    staff.add(newcomer)
    assert q.choose_worker(case, staff, 0.0) is newcomer


def test_a_declined_case_is_left_for_a_colleague_and_the_next_one_taken() -> None:
    """``declines`` is asked with the staff registry; the worker takes the next case."""
    colleague = Worker(0)
    staff = staff_of(colleague)

    def declines(case: Case, worker: Worker, staff: Staff[Worker], now: float) -> bool:
        return case.household == 1 and staff.best_with_room(case.weight) is not None

    q = RankedQueue("q", 1, lambda c: 0, declines=declines)
    for case in (Case(1, household=1), Case(2, household=2), Case(3, household=1)):
        q.add(case)
    freed = Worker(1)
    assert q.take(freed, staff, 0.0).id == 2  # the colleague has room for cases 1 and 3
    colleague.caseload = 2.0
    staff.room_changed(colleague)
    assert [q.take(freed, staff, 0.0).id for _ in range(2)] == [1, 3]  # no longer
