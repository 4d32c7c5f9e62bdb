"""Effort composition: the hours by category of one contact, one ingredient at a time."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.agents.effort import contact_parts, interpreted_work
from sim.agents.timeuse import Parts
from sim.timecategory import WORK
from sim.timecategory import TimeCategory as C


def as_dict(parts: Parts) -> dict[C, float]:
    """Parts as ``{category: hours}`` (every category once at most)."""
    pairs = list(parts)
    categories = [c for c, _ in pairs]
    assert len(set(categories)) == len(categories)
    return dict(pairs)


def test_an_intake_is_intake_and_recording() -> None:
    assert as_dict(contact_parts(1.5, first=True, recording=0.25)) == \
        {C.INTAKE: 1.5, C.TRAVEL: 0.0, C.RECORDING: 0.25}


def test_a_session_is_direct_work() -> None:
    assert as_dict(contact_parts(2.0, first=False, recording=0.5)) == \
        {C.DIRECT: 2.0, C.TRAVEL: 0.0, C.RECORDING: 0.5}


def test_travel_is_its_own_category() -> None:
    parts = as_dict(contact_parts(1.0, first=False, recording=0.0, travel=0.75))
    assert parts[C.TRAVEL] == 0.75 and parts[C.DIRECT] == 1.0


@pytest.mark.parametrize(("first", "category"), [(True, C.INTAKE), (False, C.DIRECT)])
def test_handover_adds_to_the_contact_itself(first: bool, category: C) -> None:
    parts = as_dict(contact_parts(1.0, first=first, recording=0.25, handover=0.5, travel=1.0))
    assert parts[category] == 1.5
    assert parts[C.TRAVEL] == 1.0 and parts[C.RECORDING] == 0.25


def test_a_volunteered_session_is_coordination_and_recording_only() -> None:
    parts = as_dict(contact_parts(2.0, first=False, recording=0.25, handover=0.5, travel=1.0,
                                  volunteered=True, coordination_share=0.25))
    assert parts == {C.RECORDING: 0.25, C.COORDINATION: 0.5}  # no hand-over, no travel


@pytest.mark.parametrize(("interpreted", "factor", "hours"),
                         [(True, 1.5, 3.0), (False, 1.5, 2.0), (True, 1.0, 2.0)])
def test_interpreted_work(interpreted: bool, factor: float, hours: float) -> None:
    assert interpreted_work(2.0, interpreted, factor) == pytest.approx(hours)


@given(st.floats(0.0, 10.0), st.booleans(), st.floats(0.0, 2.0), st.floats(0.0, 3.0),
       st.floats(0.0, 4.0), st.booleans(), st.floats(0.0, 1.0))
def test_parts_are_work_categories_adding_up(
    work: float, first: bool, recording: float, handover: float, travel: float,
    volunteered: bool, share: float,
) -> None:
    """Every category is a work category, no hours are negative, and the total is the
    contact + hand-over + travel + recording (or coordination + recording)."""
    parts = as_dict(contact_parts(work, first=first, recording=recording, handover=handover,
                                  travel=travel, volunteered=volunteered,
                                  coordination_share=share))
    assert set(parts) <= set(WORK)
    assert all(h >= 0.0 for h in parts.values())
    expected = recording + (work * share if volunteered else work + handover + travel)
    assert sum(parts.values()) == pytest.approx(expected)
