"""Dispatch policies: queue order, abandoned cases, the worker a new referral goes to, the
case a worker who frees up takes.

A policy chooses a new referral's worker, and a freed worker's colleague to leave a case to,
by asking the staff registry (never by scanning a list); the tests give it a real
:class:`~sim.staff.Staff` holding fake workers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.agents.cases import ABANDONED, STANDARD, URGENT, WAITING
from sim.policies.dispatch import (
    DISPATCH,
    RankedQueue,
    fifo,
    lowest_caseload,
    make_dispatch,
    micro_grid,
    nearest,
    priority,
    skill_match,
)
from sim.staff import Staff


@dataclass
class FakeCase:
    """What a policy reads of a case."""

    id: int
    priority: int = STANDARD
    station: int = 0
    weight: float = 1.0
    minority: bool = False
    referred_at: float = 0.0
    status: int = WAITING
    household: int = 0


@dataclass(eq=False)
class FakeWorker:
    """What a policy and the staff registry read of a worker: room under a cap."""

    id: int
    station: int = 0
    caseload: float = 0.0
    cap: float = 1.0
    bilingual: bool = False
    active: bool = True
    last_new_case_at: float = -math.inf

    @property
    def cap_now(self) -> float:
        """The current cap (no ramp-up here)."""
        return self.cap

    def has_room(self, weight: float) -> bool:
        """Room for ``weight`` under the cap."""
        return self.active and self.caseload + weight <= self.cap + 1e-9


def staff_of(*workers: FakeWorker) -> Staff[FakeWorker]:
    """A registry holding ``workers`` (any distinct ids: a missing id is a worker who left)."""
    staff: Staff[FakeWorker] = Staff()
    by_id = {w.id: w for w in workers}
    for i in range(max(by_id, default=-1) + 1):
        if i in by_id:
            staff.add(by_id[i])
        else:
            gone = FakeWorker(i, active=False)
            staff.add(gone)
            staff.remove(gone)
    return staff


def drain(policy: RankedQueue, worker: FakeWorker, now: float = 0.0) -> list[int]:
    """Ids of the cases a worker with unlimited room takes, in order (no colleague has room)."""
    taken = []
    while (case := policy.take(worker, NOBODY, now)) is not None:
        taken.append(case.id)
    return taken


BIG = FakeWorker(99, cap=1e9)
NOBODY = staff_of()  # no colleague to leave a case to
RANKED = ("priority", "nearest", "micro_grid", "lowest_caseload", "skill_match", "continuity")


# --------------------------------------------------------------------------- queue order


def test_fifo_order() -> None:
    policy = fifo()
    for i, prio in enumerate([STANDARD, URGENT, STANDARD, URGENT]):
        policy.add(FakeCase(i, priority=prio))
    assert drain(policy, BIG) == [0, 1, 2, 3]


@pytest.mark.parametrize("name", RANKED)
def test_ranked_order_is_urgent_first_then_fifo(name: str) -> None:
    policy = make_dispatch(name)
    for i, prio in enumerate([STANDARD, URGENT, STANDARD, URGENT, STANDARD]):
        policy.add(FakeCase(i, priority=prio))
    assert drain(policy, BIG) == [1, 3, 0, 2, 4]


@pytest.mark.parametrize("name", list(DISPATCH))
def test_abandoned_cases_are_skipped(name: str) -> None:
    policy = make_dispatch(name)
    cases = [FakeCase(i) for i in range(4)]
    for case in cases:
        policy.add(case)
    cases[0].status = ABANDONED
    cases[2].status = ABANDONED
    assert drain(policy, BIG) == [1, 3]


@pytest.mark.parametrize("name", list(DISPATCH))
def test_empty_queue_gives_nothing(name: str) -> None:
    assert make_dispatch(name).take(BIG, NOBODY, 0.0) is None


def test_take_skips_a_head_that_does_not_fit() -> None:
    policy = fifo()
    policy.add(FakeCase(0, weight=2.0))
    policy.add(FakeCase(1, weight=0.5))
    worker = FakeWorker(1, caseload=0.0, cap=1.0)
    assert policy.take(worker, NOBODY, 0.0).id == 1  # type: ignore[union-attr]
    assert policy.take(worker, NOBODY, 0.0) is None  # only the heavy case is left
    assert drain(policy, BIG) == [0]


def test_nothing_fits_a_full_worker() -> None:
    policy = priority()
    policy.add(FakeCase(0, priority=URGENT))
    policy.add(FakeCase(1, weight=0.5))
    assert policy.take(FakeWorker(1, caseload=1.0), NOBODY, 0.0) is None
    assert policy.take(FakeWorker(1, caseload=0.5), NOBODY, 0.0).id == 1  # type: ignore[union-attr]
    assert drain(policy, BIG) == [0]


def test_lighter_case_behind_abandoned_ones_is_found() -> None:
    policy = fifo()
    heavy, light = FakeCase(0, weight=3.0), FakeCase(1, weight=1.0)
    gone = FakeCase(2, weight=0.2, status=WAITING)
    for case in (gone, heavy, light):
        policy.add(case)
    gone.status = ABANDONED
    assert policy.take(FakeWorker(1, cap=1.0), NOBODY, 0.0).id == 1  # type: ignore[union-attr]


def rank_of(name: str) -> Callable[[FakeCase], int]:
    """The rank of a case under a policy: fifo has one rank, the others urgent first."""
    return (lambda c: 0) if name == "fifo" else (lambda c: c.priority)


def may_take(name: str, case: FakeCase, worker: FakeWorker, now: float,
             fallback: float = 7.0) -> bool:
    """Whether ``worker`` may take ``case`` at ``now`` under policy ``name`` (brute force)."""
    waited = now - case.referred_at >= fallback
    if name == "micro_grid":
        return case.station == worker.station or waited
    if name == "skill_match":
        return not case.minority or worker.bilingual or waited
    return True


def leaves_to(name: str, case: FakeCase, worker: FakeWorker,
              colleague: FakeWorker | None) -> bool:
    """Whether a freed ``worker`` leaves ``case`` to ``colleague`` (brute force): under
    nearest and micro_grid, a case of another station goes to a worker of its own station
    with room for it."""
    return (name in ("nearest", "micro_grid") and case.station != worker.station
            and colleague is not None and colleague.station == case.station
            and colleague.has_room(case.weight))


def preferred_first(name: str, fits: list[FakeCase], worker: FakeWorker) -> list[FakeCase]:
    """The eligible cases of a rank in the order a freed worker takes them (brute force)."""
    if name == "skill_match":
        first = [c for c in fits if c.minority == worker.bilingual]
    elif name in ("nearest", "micro_grid"):
        first = [c for c in fits if c.station == worker.station]
    else:
        return fits
    return first + [c for c in fits if c not in first]


COLLEAGUE = st.none() | st.tuples(st.integers(0, 1), st.sampled_from([0.0, 1.0, 1.5, 2.0]))


@given(st.sampled_from(list(DISPATCH)),
       st.lists(st.tuples(st.sampled_from([0.5, 1.0, 2.0]), st.booleans(),
                          st.sampled_from([URGENT, STANDARD]), st.integers(0, 1),
                          st.booleans(), st.sampled_from([0.0, 5.0])), max_size=30),
       st.sampled_from([0.0, 0.5, 1.0, 1.5]), st.integers(0, 1), st.booleans(),
       st.sampled_from([0.0, 6.0, 10.0]), COLLEAGUE)
def test_take_is_the_first_fitting_waiting_case(
    name: str, spec: list[tuple[float, bool, int, int, bool, float]], load: float,
    station: int, bilingual: bool, now: float, other: tuple[int, float] | None,
) -> None:
    """Against a brute-force scan: lowest rank first, first waiting case the worker may take,
    that fits and that it does not leave to a colleague with room; within a rank a preferred
    case first (skill_match: of the worker's language; nearest, micro_grid: of its station)."""
    policy = make_dispatch(name)
    cases = [FakeCase(i, priority=p, weight=w, station=s, minority=m, referred_at=r)
             for i, (w, _, p, s, m, r) in enumerate(spec)]
    for case in cases:
        policy.add(case)
    for case, (_, gone, *_) in zip(cases, spec, strict=True):
        if gone:
            case.status = ABANDONED
    worker = FakeWorker(1, station=station, caseload=load, cap=2.0, bilingual=bilingual)
    colleague = None if other is None else FakeWorker(0, station=other[0], caseload=other[1],
                                                      cap=2.0)
    staff = staff_of(worker) if colleague is None else staff_of(colleague, worker)
    rank = rank_of(name)
    expected = None
    for r in sorted({rank(c) for c in cases}):
        fits = [c for c in cases if rank(c) == r and c.status == WAITING
                and worker.has_room(c.weight) and may_take(name, c, worker, now)
                and not leaves_to(name, c, worker, colleague)]
        if fits:
            expected = preferred_first(name, fits, worker)[0]
            break
    assert policy.take(worker, staff, now) is expected


# --------------------------------------------------------------------------- new referrals


def test_nearest_prefers_an_own_station_worker() -> None:
    workers = [FakeWorker(0, station=1), FakeWorker(1, station=0, caseload=0.5, cap=5.0)]
    staff = staff_of(*workers)
    assert nearest().choose_worker(FakeCase(0, station=0), staff, 0.0) is workers[1]


def test_nearest_takes_another_station_when_own_is_full() -> None:
    workers = [FakeWorker(0, station=0, caseload=1.0), FakeWorker(1, station=2)]
    staff = staff_of(*workers)
    assert nearest().choose_worker(FakeCase(0, station=0), staff, 0.0) is workers[1]


def test_nearest_fewest_cases_then_lowest_id() -> None:
    workers = [FakeWorker(3, caseload=2.0, cap=5.0), FakeWorker(1, caseload=1.0, cap=5.0),
               FakeWorker(2, caseload=1.0, cap=5.0)]
    assert nearest().choose_worker(FakeCase(0), staff_of(*workers), 0.0) is workers[1]


def test_least_loaded_without_room_is_passed_over() -> None:
    # the least loaded own-station worker has a smaller cap and no room
    workers = [FakeWorker(0, caseload=0.5, cap=1.0), FakeWorker(1, caseload=2.0, cap=5.0)]
    staff = staff_of(*workers)
    for name in ("nearest", "lowest_caseload"):
        assert make_dispatch(name).choose_worker(FakeCase(0, weight=1.0), staff,
                                                 0.0) is workers[1]


def test_fifo_and_priority_pick_the_longest_waiting_worker_with_room() -> None:
    """The worker with room whose last new case is the earliest (ties: lowest id; a worker
    who never took a case has waited longest), wherever it is based: not own-station first,
    not the earliest hired."""
    workers = [FakeWorker(0, station=1, cap=5.0, last_new_case_at=5.0),
               FakeWorker(1, station=1, caseload=1.0, last_new_case_at=1.0),  # full
               FakeWorker(2, station=0, cap=5.0, last_new_case_at=2.0),
               FakeWorker(3, station=1, cap=5.0, last_new_case_at=2.0)]
    staff = staff_of(*workers)
    for policy in (fifo(), priority()):
        assert policy.choose_worker(FakeCase(0, station=1), staff, 9.0) is workers[2]
    workers[2].last_new_case_at = 9.0  # it took the case
    staff.room_changed(workers[2])
    for policy in (fifo(), priority()):
        assert policy.choose_worker(FakeCase(1, station=1), staff, 9.0) is workers[3]
    newcomer = FakeWorker(4, station=0, cap=5.0)
    staff.add(newcomer)
    for policy in (fifo(), priority()):
        assert policy.choose_worker(FakeCase(2), staff, 9.0) is newcomer


@pytest.mark.parametrize("name", ["fifo", "priority", "continuity"])
def test_new_cases_go_round_identical_workers_in_turn(name: str) -> None:
    """Identical workers with room share new cases in turn, not by seniority."""
    workers = [FakeWorker(i, cap=10.0) for i in range(3)]
    staff = staff_of(*workers)
    policy = make_dispatch(name)
    chosen = []
    for t in range(9):
        case = FakeCase(t, household=t)
        worker = policy.choose_worker(case, staff, float(t))
        assert worker is not None
        worker.caseload += 1.0  # what the worker's assign does
        worker.last_new_case_at = float(t)
        staff.room_changed(worker)
        policy.allocated(case, worker)
        chosen.append(worker.id)
    assert chosen == [0, 1, 2] * 3


@pytest.mark.parametrize("name", list(DISPATCH))
def test_nobody_with_room(name: str) -> None:
    policy = make_dispatch(name)
    workers = [FakeWorker(0, caseload=1.0), FakeWorker(1, station=1, caseload=1.0)]
    assert policy.choose_worker(FakeCase(0), staff_of(*workers), 0.0) is None
    assert policy.choose_worker(FakeCase(0), staff_of(), 0.0) is None


def worker_key(name: str, case: FakeCase, w: FakeWorker) -> tuple[float, ...]:
    """The documented worker order of each policy (brute force)."""
    if name in ("fifo", "priority", "continuity"):  # continuity: no household served yet
        return (w.last_new_case_at, w.id)
    if name in ("nearest", "micro_grid"):
        return (w.station != case.station, w.caseload, w.id)
    if name == "lowest_caseload":
        return (w.caseload, w.id)
    return (w.bilingual != case.minority, w.caseload, w.id)  # skill_match


CASELOADS = st.sampled_from([0.0, 0.5, 1.0, 2.0])
LAST_NEW = st.sampled_from([-math.inf, 0.0, 1.0, 2.0])


@given(st.sampled_from(list(DISPATCH)),
       st.lists(st.tuples(st.integers(0, 2), CASELOADS, st.sampled_from([1.0, 2.0]),
                          st.booleans(), CASELOADS, LAST_NEW, LAST_NEW), max_size=12),
       st.integers(0, 2), st.sampled_from([0.5, 1.0]), st.booleans(),
       st.sampled_from([0.0, 8.0]))
def test_choice_is_the_smallest_key_with_room(
    name: str, spec: list[tuple[int, float, float, bool, float, float, float]], station: int,
    weight: float, minority: bool, now: float,
) -> None:
    """Against a brute-force scan of the documented order, before and after every worker's
    caseload and time of last new case change (the registry's indexes are then updated, not
    rebuilt)."""
    workers = [FakeWorker(i, station=s, caseload=c, cap=cap, bilingual=b, last_new_case_at=t)
               for i, (s, c, cap, b, _, t, _) in enumerate(spec)]
    staff = staff_of(*workers)
    policy = make_dispatch(name)
    case = FakeCase(0, station=station, weight=weight, minority=minority)
    for later in (False, True):
        if later:
            for worker, (*_, caseload, _, last_new) in zip(workers, spec, strict=True):
                worker.caseload = caseload
                worker.last_new_case_at = last_new
                staff.room_changed(worker)
        roomy = [w for w in workers if w.has_room(weight) and may_take(name, case, w, now)]
        expected = min(roomy, key=lambda w: worker_key(name, case, w), default=None)
        assert policy.choose_worker(case, staff, now) is expected


# --------------------------------------------------------------------------- station rules


def test_micro_grid_keeps_cases_in_their_own_grid() -> None:
    policy = micro_grid()
    other = FakeWorker(0, station=1, cap=5.0)
    own = FakeWorker(1, station=0, caseload=4.0, cap=5.0)
    case = FakeCase(0, station=0)
    assert policy.choose_worker(case, staff_of(other), 0.0) is None
    assert policy.choose_worker(case, staff_of(other, own), 0.0) is own
    policy.add(case)
    assert policy.take(other, NOBODY, 0.0) is None
    assert policy.take(own, NOBODY, 0.0) is case


def test_micro_grid_falls_back_to_any_worker_after_the_wait() -> None:
    """A grid without a worker with room is served by another grid after the fallback wait."""
    policy = micro_grid(fallback_wait_days=7.0)
    other = FakeWorker(0, station=1, cap=5.0)
    case = FakeCase(0, station=0, referred_at=2.0)
    policy.add(case)
    staff = staff_of(other)  # station 0 has no worker
    assert policy.recheck_after(case) == 7.0
    assert policy.recheck_after(FakeCase(1, station=1)) == 7.0  # every case: any grid may empty
    assert policy.choose_worker(case, staff, 8.9) is None
    assert policy.take(other, staff, 8.9) is None
    assert policy.choose_worker(case, staff, 9.0) is other
    assert policy.take(other, staff, 9.0) is case


def test_micro_grid_after_the_wait_keeps_to_its_grid_while_the_grid_has_room() -> None:
    """After the wait the case still goes to its own grid's worker if one has room; another
    grid's worker who frees up leaves it to them, and takes its own grid's cases first."""
    policy = micro_grid(fallback_wait_days=1.0)
    own = FakeWorker(0, station=0, caseload=4.0, cap=5.0)
    other = FakeWorker(1, station=1, cap=5.0)
    staff = staff_of(own, other)
    late = FakeCase(0, station=0, referred_at=0.0)
    mine = FakeCase(1, station=1, referred_at=0.0)
    assert policy.choose_worker(late, staff, 5.0) is own
    policy.add(late)
    policy.add(mine)
    assert policy.take(other, staff, 5.0) is mine  # its own grid's case first
    assert policy.take(other, staff, 5.0) is None  # station 0's worker has room for ``late``
    own.caseload = 5.0
    staff.room_changed(own)
    assert policy.take(other, staff, 5.0) is late


def test_nearest_refill_takes_its_own_stations_cases_first() -> None:
    """A freed worker keeps nearest's preference: urgent first, then within a priority its
    own station's cases before other stations' (nobody else has room)."""
    policy = nearest()
    cases = [FakeCase(0, station=1), FakeCase(1, station=0), FakeCase(2, station=1),
             FakeCase(3, URGENT, station=1), FakeCase(4, station=0)]
    for case in cases:
        policy.add(case)
    assert drain(policy, FakeWorker(7, station=0, cap=1e9)) == [3, 1, 4, 0, 2]


def test_nearest_refill_leaves_another_stations_case_to_its_worker_with_room() -> None:
    """Another station's case is left to a worker of that station with room for it; taken
    once none has room."""
    policy = nearest()
    theirs = FakeWorker(0, station=1, caseload=1.0, cap=2.0)
    freed = FakeWorker(1, station=0, cap=5.0)
    staff = staff_of(theirs, freed)
    heavy, light = FakeCase(0, station=1, weight=2.0), FakeCase(1, station=1, weight=1.0)
    policy.add(heavy)
    policy.add(light)
    assert policy.take(freed, staff, 0.0) is heavy  # too heavy for station 1's worker
    assert policy.take(freed, staff, 0.0) is None  # station 1's worker has room for it
    theirs.caseload = 2.0
    staff.room_changed(theirs)
    assert policy.take(freed, staff, 0.0) is light


def test_lowest_caseload_ignores_stations() -> None:
    workers = [FakeWorker(0, station=0, caseload=2.0, cap=5.0),
               FakeWorker(1, station=1, caseload=1.0, cap=5.0)]
    staff = staff_of(*workers)
    assert lowest_caseload().choose_worker(FakeCase(0, station=0), staff, 0.0) is workers[1]


# --------------------------------------------------------------------------- skill_match


def test_skill_match_sends_minority_cases_to_bilingual_workers() -> None:
    policy = skill_match(fallback_wait_days=7.0)
    plain = FakeWorker(0, cap=5.0)
    bilingual = FakeWorker(1, caseload=3.0, cap=5.0, bilingual=True)
    minority, majority = FakeCase(0, minority=True), FakeCase(1)
    assert policy.choose_worker(minority, staff_of(plain, bilingual), 0.0) is bilingual
    assert policy.choose_worker(minority, staff_of(plain), 0.0) is None  # waits for a bilingual one
    # majority cases go to the others first, keeping bilingual workers free
    assert policy.choose_worker(majority, staff_of(plain, bilingual), 0.0) is plain
    assert policy.choose_worker(majority, staff_of(bilingual), 0.0) is bilingual


def test_skill_match_falls_back_to_any_worker_after_the_wait() -> None:
    policy = skill_match(fallback_wait_days=7.0)
    plain = FakeWorker(0, cap=5.0)
    case = FakeCase(0, minority=True, referred_at=2.0)
    policy.add(case)
    assert policy.take(plain, NOBODY, 8.9) is None
    assert policy.choose_worker(case, staff_of(plain), 8.9) is None
    assert policy.choose_worker(case, staff_of(plain), 9.0) is plain
    assert policy.take(plain, NOBODY, 9.0) is case


def test_skill_match_rechecks_only_minority_cases_after_the_fallback_wait() -> None:
    policy = skill_match(fallback_wait_days=3.5)
    assert policy.recheck_after(FakeCase(0, minority=True)) == 3.5
    assert policy.recheck_after(FakeCase(1)) is None


@pytest.mark.parametrize("name", [n for n in DISPATCH if n not in ("skill_match", "micro_grid")])
def test_other_policies_never_recheck(name: str) -> None:
    assert make_dispatch(name).recheck_after(FakeCase(0, minority=True)) is None


def test_skill_match_takes_a_case_of_the_workers_language_first() -> None:
    policy = skill_match(fallback_wait_days=0.0)  # anyone may take anything
    cases = [FakeCase(0), FakeCase(1, minority=True), FakeCase(2),
             FakeCase(3, minority=True, priority=URGENT)]
    for case in cases:
        policy.add(case)
    bilingual = FakeWorker(5, cap=1e9, bilingual=True)
    assert drain(policy, bilingual) == [3, 1, 0, 2]


@pytest.mark.parametrize("name", list(DISPATCH))
def test_allocated_is_told_and_changes_no_choice(name: str) -> None:
    """The built-in policies remember nobody: telling them of an allocation changes neither
    the queue nor the next choice."""
    policy = make_dispatch(name)
    waiting, taken = FakeCase(0), FakeCase(1)
    policy.add(waiting)
    worker = FakeWorker(0, cap=5.0)
    staff = staff_of(worker)
    policy.allocated(taken, worker)
    assert policy.choose_worker(FakeCase(2), staff, 0.0) is worker
    assert drain(policy, BIG) == [0]


# --------------------------------------------------------------------------- registry


def test_make_dispatch_by_name() -> None:
    assert set(DISPATCH) == {"fifo", "priority", "skill_match", "nearest", "micro_grid",
                             "lowest_caseload", "continuity"}
    for name in DISPATCH:
        policy = make_dispatch(name)
        assert isinstance(policy, RankedQueue) and policy.name == name


@pytest.mark.parametrize("name", ["skill_match", "micro_grid"])
def test_make_dispatch_passes_the_fallback_wait(name: str) -> None:
    policy = make_dispatch(name, fallback_wait_days=2.5)
    assert policy.recheck_after(FakeCase(0, minority=True)) == 2.5


def test_unknown_name_error_names_key_and_allowed_values() -> None:
    with pytest.raises(ValueError, match=r"policy\.dispatch\.name = 'lottery'") as info:
        make_dispatch("lottery")
    for name in DISPATCH:
        assert name in str(info.value)


def test_continuity_sends_a_household_back_to_its_previous_worker() -> None:
    policy = make_dispatch("continuity")
    w0, w1, w2 = FakeWorker(0, cap=2.0), FakeWorker(1, cap=2.0), FakeWorker(2, cap=2.0)
    staff = staff_of(w0, w1, w2)
    w0.last_new_case_at = 0.5  # w0 took a new case last; w1, w2 never did
    staff.room_changed(w0)
    first = FakeCase(1, household=7)
    # nobody served it: as priority, the longest-waiting worker with room (w1 and w2 tie: id)
    assert policy.choose_worker(first, staff, 0.0) is w1
    policy.allocated(first, w2)  # (say a refill gave it to w2)
    w2.last_new_case_at = 0.75
    staff.room_changed(w2)
    again = FakeCase(2, household=7)
    assert policy.choose_worker(again, staff, 1.0) is w2  # back to its worker
    assert policy.choose_worker(FakeCase(3, household=8), staff, 1.0) is w1
    w2.caseload = 2.0
    staff.room_changed(w2)
    assert policy.choose_worker(again, staff, 1.0) is w1  # its worker is full: as priority


def test_continuity_refill_prefers_a_served_household_within_a_rank() -> None:
    policy = make_dispatch("continuity")
    w1 = FakeWorker(1)
    policy.allocated(FakeCase(1, household=5), w1)
    for case in (FakeCase(2, household=9), FakeCase(3, household=5),
                 FakeCase(4, URGENT, household=11)):
        policy.add(case)
    taken = [policy.take(w1, NOBODY, 0.0) for _ in range(3)]
    assert [c.id for c in taken if c is not None] == [4, 3, 2]  # urgent first, then its own
