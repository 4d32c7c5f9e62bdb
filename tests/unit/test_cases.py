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
    # a new referral (generation 0), no volunteers, not a group activity, by default
    assert case.generation == 0 and not case.volunteer_ok and not case.group_activity


def test_optional_fields_are_kept() -> None:
    case = Case(1, 0, 0, 0, 0, URGENT, False, 0.0, 2.0, 1.0, [(1.0, False)], 0.0, 0.5, 0.5,
                generation=2, volunteer_ok=True, group_activity=True)
    assert case.generation == 2 and case.volunteer_ok and case.group_activity
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
