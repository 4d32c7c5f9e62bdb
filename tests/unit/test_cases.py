"""A case: its initial state and the count of remaining contacts."""

from __future__ import annotations

import math

import pytest

from sim.agents.cases import (
    ABANDONED,
    CLOSED,
    OPEN,
    PRIORITY_NAMES,
    STANDARD,
    URGENT,
    WAITING,
    Case,
    abandon,
    allocate,
    close,
    first_contact,
    hand_back,
)


def make_case(contacts: list[tuple[float, bool]] | None = None) -> Case:
    """A standard-priority case with three contacts unless told otherwise."""
    return Case(case_id=7, need=2, household=11, community=1, station=0, priority=STANDARD,
                minority=True, referred_at=3.5, target_days=14.0, weight=1.5,
                contacts=contacts if contacts is not None else [(1.5, True), (1.0, False),
                                                                 (1.0, True)],
                recording_hours=0.25, success_u=0.3, rerefer_u=0.8)


def test_priority_names_match_codes() -> None:
    assert PRIORITY_NAMES[URGENT] == "urgent" and PRIORITY_NAMES[STANDARD] == "standard"
    assert len({WAITING, OPEN, CLOSED, ABANDONED}) == 4


def test_new_case_waits_with_no_instants() -> None:
    case = make_case()
    assert case.status == WAITING and case.worker == -1 and case.next_contact == 0
    for instant in ("allocated_at", "first_contact_at", "closed_at", "abandoned_at"):
        assert math.isnan(getattr(case, instant))
    assert (case.id, case.need, case.household, case.community, case.station) == (7, 2, 11, 1, 0)
    assert case.referred_at == 3.5 and case.target_days == 14.0 and case.weight == 1.5
    assert case.contacts == [(1.5, True), (1.0, False), (1.0, True)]
    assert case.recording_hours == 0.25 and case.minority and case.priority == STANDARD
    # success is decided at closure from the stored uniform; nothing is decided yet
    assert (case.success_u, case.rerefer_u) == (0.3, 0.8)
    assert case.success is False and case.interpreted is False
    assert case.handover_hours == 0.0
    # a new referral (generation 0), no volunteers, no pending timers, by default
    assert case.generation == 0 and not case.volunteer_ok
    assert case.patience is None and case.recheck is None and case.due is None


def test_optional_fields_are_kept() -> None:
    case = Case(1, 0, 0, 0, 0, URGENT, False, 0.0, 2.0, 1.0, [(1.0, False)], 0.0, 0.5, 0.5,
                generation=2, volunteer_ok=True)
    assert case.generation == 2 and case.volunteer_ok
    assert case.priority == URGENT and case.remaining_contacts == 1


@pytest.mark.parametrize(("done", "left"), [(0, 3), (1, 2), (3, 0)])
def test_remaining_contacts(done: int, left: int) -> None:
    case = make_case()
    case.next_contact = done
    assert case.remaining_contacts == left


def test_slots_refuse_unknown_attributes() -> None:
    case = make_case()
    with pytest.raises(AttributeError):
        case.colour = "red"  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- lifecycle


class Timer:
    """A pending timer that notes whether it was cancelled."""

    def __init__(self) -> None:
        self.cancelled = 0

    def cancel(self) -> None:
        """Cancel it."""
        self.cancelled += 1


def test_allocate_opens_the_case_and_cancels_its_recheck_but_not_its_patience() -> None:
    """Patience runs until the first contact, not until allocation."""
    case = make_case()
    patience, recheck, due = Timer(), Timer(), Timer()
    case.patience, case.recheck, case.due = patience, recheck, due
    allocate(case, worker=4, now=5.0)
    assert case.status == OPEN and case.worker == 4 and case.allocated_at == 5.0
    assert (patience.cancelled, recheck.cancelled) == (0, 1)
    assert case.patience is patience and case.recheck is None
    assert due.cancelled == 0 and case.due is due  # not a waiting timer
    first_contact(case, 6.0)
    assert case.first_contact_at == 6.0 and patience.cancelled == 1 and case.patience is None


def test_a_handed_over_case_keeps_its_first_allocation() -> None:
    case = make_case()
    allocate(case, 4, 5.0)
    due = Timer()
    case.due = due
    hand_back(case, handover_hours=0.75)
    assert case.status == WAITING and case.handover_hours == 0.75
    assert due.cancelled == 1 and case.due is None
    assert case.allocated_at == 5.0 and case.worker == 4  # its history is kept
    allocate(case, 2, 9.0)
    assert case.status == OPEN and case.worker == 2 and case.allocated_at == 5.0


def test_first_contact_and_close() -> None:
    case = make_case()
    allocate(case, 0, 1.0)
    first_contact(case, 2.5)
    assert case.first_contact_at == 2.5
    close(case, 8.0, success=True)
    assert case.status == CLOSED and case.closed_at == 8.0 and case.success is True
    failed = make_case()
    close(failed, 3.0, success=False)
    assert failed.status == CLOSED and failed.success is False


def test_abandon_ends_the_wait_and_cancels_a_recheck() -> None:
    case = make_case()
    patience, recheck = Timer(), Timer()
    case.patience, case.recheck = patience, recheck
    abandon(case, 6.5)
    assert case.status == ABANDONED and case.abandoned_at == 6.5
    assert recheck.cancelled == 1 and case.recheck is None and case.patience is None
    assert math.isnan(case.allocated_at) and case.worker == -1


def test_lifecycle_functions_without_timers() -> None:
    case = make_case()
    allocate(case, 1, 0.0)
    hand_back(case, 0.0)
    abandon(make_case(), 1.0)
    assert case.status == WAITING and case.due is None
