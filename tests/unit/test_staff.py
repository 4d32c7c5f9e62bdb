"""The staff registry: ids in order, who is active, and the worker with room by an order."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.staff import ORDERS, Staff


@dataclass(eq=False)
class Member:
    """What the registry reads of a worker (room under the current cap)."""

    id: int
    station: int = 0
    caseload: float = 0.0
    cap_now: float = 1.0
    bilingual: bool = False
    active: bool = True
    last_new_case_at: float = -math.inf

    def has_room(self, weight: float) -> bool:
        """Room for ``weight`` under the current cap."""
        return self.active and self.caseload + weight <= self.cap_now + 1e-9


def registry(*members: Member) -> Staff[Member]:
    """A registry holding ``members`` (their ids must be 0, 1, 2, ...)."""
    staff: Staff[Member] = Staff()
    for member in members:
        staff.add(member)
    return staff


def hire(staff: Staff[Member], **kw: object) -> Member:
    """Add a member with the registry's next id."""
    member = Member(staff.next_id(), **kw)  # type: ignore[arg-type]
    staff.add(member)
    return member


def brute_best(staff: Staff[Member], weight: float, order: str, station: int | None = None,
               bilingual: bool | None = None) -> Member | None:
    """The documented answer, by a scan of every registered active worker."""
    fits = [w for w in staff.active() if w.active and w.has_room(weight)
            and w.caseload < w.cap_now - 1e-9
            and (station is None or w.station == station)
            and (bilingual is None or w.bilingual == bilingual)]
    return min(fits, key=ORDERS[order], default=None)


# --------------------------------------------------------------------------- membership


def test_ids_are_issued_in_order() -> None:
    staff: Staff[Member] = Staff()
    assert staff.next_id() == 0
    first = hire(staff)
    assert first.id == 0 and staff.next_id() == 1
    with pytest.raises(ValueError, match="out of turn"):
        staff.add(Member(5))
    with pytest.raises(ValueError, match="out of turn"):
        staff.add(Member(0))
    assert hire(staff).id == 1 and staff.next_id() == 2


def test_active_get_ever_and_count() -> None:
    staff: Staff[Member] = Staff()
    members = [hire(staff, station=s) for s in (1, 0, 1, 2)]
    assert staff.get(2) is members[2]
    assert staff.active() == members and staff.count() == 4
    assert staff.active(1) == [members[0], members[2]] and staff.count(1) == 2
    assert staff.active(3) == [] and staff.count(3) == 0
    members[0].active = False
    staff.remove(members[0])
    assert staff.active() == members[1:] and staff.count() == 3
    assert staff.active(1) == [members[2]] and staff.count(1) == 1
    # a leaver stays in the register of everyone ever employed, and can still be looked up
    assert staff.ever() == members and staff.get(0) is members[0]
    assert staff.next_id() == 4  # ids are never reused
    recruit = hire(staff, station=1)
    assert recruit.id == 4 and staff.active(1) == [members[2], recruit]


def test_ever_is_a_copy() -> None:
    staff = registry(Member(0), Member(1))
    staff.ever().clear()
    staff.active().clear()
    assert len(staff.ever()) == 2 and staff.count() == 2


# --------------------------------------------------------------------------- the best with room


def test_empty_registry_has_nobody() -> None:
    staff: Staff[Member] = Staff()
    for order in ORDERS:
        assert staff.best_with_room(1.0, order) is None
        assert staff.best_with_room(1.0, order, station=0) is None
        assert staff.best_with_room(1.0, order, bilingual=True) is None


def test_each_order_and_group() -> None:
    staff = registry(
        Member(0, station=1, caseload=2.0, cap_now=3.0, last_new_case_at=5.0),
        Member(1, station=0, caseload=1.0, cap_now=3.0, last_new_case_at=1.0, bilingual=True),
        Member(2, station=0, caseload=0.5, cap_now=3.0, last_new_case_at=1.0),
        Member(3, station=1, caseload=0.5, cap_now=3.0, last_new_case_at=-math.inf),
    )
    ids = {order: staff.best_with_room(1.0, order).id for order in ORDERS}  # type: ignore[union-attr]
    assert ids == {"id": 0, "caseload": 2, "longest_since_new_case": 3}
    assert staff.best_with_room(1.0, "id", station=0).id == 1  # type: ignore[union-attr]
    assert staff.best_with_room(1.0, "caseload", station=1).id == 3  # type: ignore[union-attr]
    assert staff.best_with_room(1.0, "id", bilingual=True).id == 1  # type: ignore[union-attr]
    assert staff.best_with_room(1.0, "caseload", bilingual=False).id == 2  # type: ignore[union-attr]
    assert staff.best_with_room(1.0, "id", station=7) is None
    assert staff.best_with_room(1.5, "longest_since_new_case").id == 3  # type: ignore[union-attr]
    assert staff.best_with_room(2.6, "id") is None  # nobody has that much room


def test_a_weight_that_does_not_fit_the_top_entry() -> None:
    """The first worker in the order has some room but not enough: the next one with enough
    is found, and the skipped one is still first for a lighter case."""
    staff = registry(Member(0, caseload=0.5, cap_now=1.0), Member(1, caseload=1.0, cap_now=1.0),
                     Member(2, caseload=0.0, cap_now=0.75), Member(3, caseload=0.0, cap_now=2.0))
    for order in ORDERS:
        lightest = staff.get(2 if order == "caseload" else 0)  # by (caseload, id) or by id
        assert staff.best_with_room(1.0, order) is staff.get(3)  # 0 and 2 skipped
        assert staff.best_with_room(2.5, order) is None  # everybody skipped
        assert staff.best_with_room(0.75, order) is staff.get(2)  # 0 skipped
        assert staff.best_with_room(0.5, order) is lightest  # the skipped are still there
        assert staff.best_with_room(1.0, order) is staff.get(3)


def test_room_changes_are_seen_after_room_changed() -> None:
    a, b = Member(0, cap_now=2.0), Member(1, cap_now=2.0)
    staff = registry(a, b)
    assert staff.best_with_room(1.0, "caseload") is a
    a.caseload = 1.5
    staff.room_changed(a)
    assert staff.best_with_room(1.0, "caseload") is b
    assert staff.best_with_room(0.5, "id") is a
    a.cap_now = 1.0  # a smaller cap (ramp-up) below the caseload: no room at all
    staff.room_changed(a)
    assert staff.best_with_room(0.25, "id") is b
    a.cap_now, a.caseload = 2.0, 0.0
    staff.room_changed(a)
    assert staff.best_with_room(1.0, "caseload") is a and staff.best_with_room(1.0, "id") is a
    b.caseload = 2.0
    staff.room_changed(b)
    a.active = False  # retired
    staff.room_changed(a)
    staff.remove(a)
    for order in ORDERS:
        assert staff.best_with_room(0.25, order) is None


def test_bilingual_changes_after_room_changed() -> None:
    """A worker certified bilingual moves from the monolingual group to the bilingual one."""
    plain, trainee = Member(0, cap_now=3.0), Member(1, cap_now=3.0)
    staff = registry(plain, trainee)
    for order in ORDERS:
        assert staff.best_with_room(1.0, order, bilingual=True) is None
        assert staff.best_with_room(1.0, order, bilingual=False) is plain
    trainee.bilingual = True
    staff.room_changed(trainee)
    plain.caseload = 1.0
    staff.room_changed(plain)
    for order in ORDERS:
        assert staff.best_with_room(1.0, order, bilingual=True) is trainee
        assert staff.best_with_room(1.0, order, bilingual=False) is plain
    plain.caseload = 3.0
    staff.room_changed(plain)
    for order in ORDERS:
        assert staff.best_with_room(1.0, order, bilingual=False) is None


def test_a_later_hire_joins_indexes_built_before() -> None:
    staff = registry(Member(0, caseload=1.0))
    for order in ORDERS:
        assert staff.best_with_room(1.0, order) is None
        assert staff.best_with_room(1.0, order, station=2) is None
        assert staff.best_with_room(1.0, order, bilingual=True) is None
    recruit = hire(staff, station=2, bilingual=True)
    for order in ORDERS:
        assert staff.best_with_room(1.0, order) is recruit
        assert staff.best_with_room(1.0, order, station=2) is recruit
        assert staff.best_with_room(1.0, order, bilingual=True) is recruit


def test_compaction_keeps_answers_right_after_many_updates() -> None:
    """Thousands of caseload changes leave many stale heap entries; the answers stay those of
    a scan, and the heaps are compacted instead of growing with the number of updates."""
    rng = random.Random(5)
    staff: Staff[Member] = Staff()
    for i in range(6):
        hire(staff, station=i % 2, bilingual=i % 3 == 0, cap_now=4.0)
    members = staff.ever()
    t = 0.0
    for step in range(5000):
        member = rng.choice(members)
        member.caseload = rng.choice([0.0, 0.5, 1.0, 2.0, 3.0, 3.5, 4.0])
        t += 1.0
        if rng.random() < 0.5:
            member.last_new_case_at = t
        staff.room_changed(member)
        if step % 7 == 0:
            weight = rng.choice([0.5, 1.0, 2.0])
            for order in ORDERS:
                for group in ({}, {"station": 0}, {"station": 1}, {"bilingual": True},
                              {"bilingual": False}):
                    assert staff.best_with_room(weight, order, **group) is \
                        brute_best(staff, weight, order, **group)  # type: ignore[arg-type]
    heaps = staff._heaps.values()
    assert heaps and all(len(h.heap) <= 4 * len(h.present) + 64 for h in heaps)


OP = st.tuples(st.sampled_from(["load", "cap", "bilingual", "retire", "hire", "assign", "ask"]),
               st.integers(0, 7), st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.0]),
               st.sampled_from(list(ORDERS)), st.sampled_from(["all", "station", "bilingual"]),
               st.integers(0, 1), st.booleans())


@settings(max_examples=150)
@given(st.lists(st.tuples(st.integers(0, 1), st.sampled_from([1.0, 2.0, 3.0]), st.booleans()),
                min_size=1, max_size=6),
       st.lists(OP, max_size=60))
def test_best_with_room_equals_a_brute_force_scan(
    initial: list[tuple[int, float, bool]],
    ops: list[tuple[str, int, float, str, str, int, bool]],
) -> None:
    """Whatever the order of caseload, cap, skill and membership changes and of questions
    (which build the indexes lazily), every answer is the scan's answer."""
    staff: Staff[Member] = Staff()
    for station, cap, bilingual in initial:
        hire(staff, station=station, cap_now=cap, bilingual=bilingual)
    clock = 0.0
    for op, pos, x, order, group, station, flag in ops:
        clock += 1.0
        member = staff.ever()[pos % staff.next_id()]
        if op == "ask" or not member.active:
            weight = max(x, 0.25)
            where = {"all": {}, "station": {"station": station},
                     "bilingual": {"bilingual": flag}}[group]
            assert staff.best_with_room(weight, order, **where) is \
                brute_best(staff, weight, order, **where)  # type: ignore[arg-type]
            continue
        if op == "load":
            member.caseload = x
        elif op == "cap":
            member.cap_now = x
        elif op == "bilingual":
            member.bilingual = flag
        elif op == "retire":
            member.active = False
        elif op == "hire":
            hire(staff, station=station, cap_now=max(x, 1.0), bilingual=flag,
                 last_new_case_at=clock)
            continue
        elif op == "assign" and member.has_room(max(x, 0.5)):
            member.caseload += max(x, 0.5)
            member.last_new_case_at = clock
        staff.room_changed(member)
        if not member.active:
            staff.remove(member)
    for weight in (0.25, 0.5, 1.0, 2.0):
        for order in ORDERS:
            for where in ({}, {"station": 0}, {"station": 1}, {"bilingual": True},
                          {"bilingual": False}):
                assert staff.best_with_room(weight, order, **where) is \
                    brute_best(staff, weight, order, **where)  # type: ignore[arg-type]


def test_removing_an_active_worker_is_refused() -> None:
    """The room indexes read ``active``: a worker must be retired before it is removed."""
    worker = Member(0)
    staff = registry(worker)
    with pytest.raises(ValueError, match="still active"):
        staff.remove(worker)
    worker.active = False
    staff.remove(worker)
    assert staff.count() == 0 and staff.best_with_room(1.0) is None


def test_active_by_station_follows_hirings_and_exits() -> None:
    staff = registry(Member(0, station=1), Member(1, station=0), Member(2, station=1))
    first = staff.active(1)
    assert [w.id for w in first] == [0, 2]
    first.clear()  # a caller's copy: the registry's own list is not touched
    assert [w.id for w in staff.active(1)] == [0, 2]
    late = hire(staff, station=1)
    assert [w.id for w in staff.active(1)] == [0, 2, late.id] and staff.count(1) == 3
    staff.get(0).active = False
    staff.remove(staff.get(0))
    assert [w.id for w in staff.active(1)] == [2, late.id] and staff.count(1) == 2
    assert [w.id for w in staff.active(0)] == [1] and staff.active(5) == []
