"""The caseload part of a worker on its own: room under the cap and its change reports."""

from __future__ import annotations

import simpy

from sim.agents.caseholder import CaseHolder
from sim.agents.cases import STANDARD, Case
from sim.agents.tasks import Contact, Task


class Holder(CaseHolder):
    """A case holder that records what it is offered instead of working it."""

    def __init__(self, env: simpy.Environment, cap: float, bilingual: bool = False) -> None:
        self.changes: list[float] = []
        super().__init__(env, 3, 1, cap, lambda h: self.changes.append(h.caseload),
                         bilingual)
        self.offered: list[Task] = []

    def offer(self, task: Task) -> None:
        self.offered.append(task)


def case(case_id: int, weight: float, minority: bool = False) -> Case:
    return Case(case_id, 0, case_id, 0, 0, STANDARD, minority, 0.0, 14.0, weight,
                [(1.0, False)], 0.0, 0.5, 0.5)


def test_assign_books_the_weight_stamps_the_time_and_offers_the_intake() -> None:
    env = simpy.Environment()
    env.run(until=2.5)
    h = Holder(env, cap=3.0)
    a = case(1, 2.0, minority=True)
    h.assign(a)
    assert (h.caseload, h.open_cases, h.max_caseload, h.last_new_case_at) == (2.0, 1, 2.0, 2.5)
    assert a.interpreted  # minority case, worker not bilingual
    assert isinstance(h.offered[0], Contact) and h.offered[0].case is a
    assert h.has_room(1.0) and not h.has_room(1.5)
    assert h.changes == [2.0]


def test_bilingual_holder_needs_no_interpreter() -> None:
    h = Holder(simpy.Environment(), cap=3.0, bilingual=True)
    a = case(1, 1.0, minority=True)
    h.assign(a)
    assert not a.interpreted


def test_reweigh_release_and_release_all_follow_the_caseload() -> None:
    h = Holder(simpy.Environment(), cap=5.0)
    a, b, c = case(3, 1.0), case(1, 1.0), case(2, 2.0)
    for x in (a, b, c):
        h.assign(x)
    h.reweigh(a, 1.5)
    assert h.caseload == 4.5 and a.weight == 1.5
    h.release(c)
    assert h.caseload == 2.5 and h.open_cases == 2 and h.max_caseload == 4.0
    assert [x.id for x in h.release_all()] == [1, 3]  # in id order
    assert h.caseload == 0.0 and h.open_cases == 0 and not h.cases


def test_a_leaving_holder_has_no_room_whatever_the_cap() -> None:
    h = Holder(simpy.Environment(), cap=5.0)
    h.set_cap(2.0)
    assert h.has_room(2.0) and not h.has_room(2.5)
    h.close_to_new_cases()
    h.set_cap(5.0)  # ignored while leaving
    assert h.cap_now == 0.0 and not h.has_room(0.1)
    h.active = False
    assert not h.has_room(0.0)
