"""Trust: households' referral propensities, moved a grid at a time (group work, word of mouth)
or one household at a time (first contacts, abandonments).

Holding trust as each household's own number under its grid's affine map makes a grid-wide
change O(1) whatever the number of households (a design fact, not timed here); these tests
check that the numbers are those of the plain in-place updates ``t += b * (1 - t)`` (gain) and
``t *= 1 - l`` (loss) of the members.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.agents.trust import Trust, TrustFeedback

INITIAL = np.array([0.2, 0.5, 0.0, 1.0, 0.9])
STATION = np.array([0, 1, 0, 2, 1])


def test_initial_values() -> None:
    trust = Trust(INITIAL, STATION, 3)
    assert len(trust) == 5
    assert [trust.value(h) for h in range(5)] == pytest.approx(INITIAL.tolist())
    np.testing.assert_allclose(trust.array(), INITIAL)
    assert trust.mean() == pytest.approx(INITIAL.mean())


def test_a_boost_moves_its_station_part_of_the_way_to_one() -> None:
    trust = Trust(INITIAL, STATION, 3)
    trust.gain_grid(0, 0.5)
    np.testing.assert_allclose(trust.array(), [0.6, 0.5, 0.5, 1.0, 0.9])
    trust.gain_grid(0, 0.5)
    assert trust.value(0) == pytest.approx(0.8) and trust.value(2) == pytest.approx(0.75)
    trust.gain_grid(1, 1.0)  # all the way
    np.testing.assert_allclose(trust.array(), [0.8, 1.0, 0.75, 1.0, 1.0])
    trust.gain_grid(2, 0.0)  # no change
    assert trust.value(3) == 1.0


def test_a_station_without_households_can_be_boosted() -> None:
    trust = Trust(INITIAL, STATION, 4)
    trust.gain_grid(3, 0.5)
    np.testing.assert_allclose(trust.array(), INITIAL)


def test_array_is_a_fresh_copy() -> None:
    trust = Trust(INITIAL, STATION, 3)
    values = trust.array()
    values[:] = 0.0
    np.testing.assert_allclose(trust.array(), INITIAL)
    initial = INITIAL.copy()
    trust = Trust(initial, STATION, 3)
    initial[:] = 0.0  # nor does it keep the caller's array
    assert trust.value(0) == pytest.approx(0.2)


def test_no_households_have_no_mean() -> None:
    trust = Trust(np.array([]), np.array([], dtype=np.int64), 2)
    assert len(trust) == 0 and trust.array().size == 0
    assert math.isnan(trust.mean())


@given(st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 2)), min_size=1, max_size=30),
       st.lists(st.tuples(st.integers(0, 2), st.floats(0.0, 1.0)), max_size=30))
def test_boosts_equal_the_in_place_update(
    households: list[tuple[float, int]], boosts: list[tuple[int, float]],
) -> None:
    """Any sequence of boosts gives ``t + b * (1 - t)`` applied to the station's members."""
    initial = np.array([t for t, _ in households])
    station = np.array([s for _, s in households])
    trust = Trust(initial, station, 3)
    expected = initial.copy()
    for s, b in boosts:
        trust.gain_grid(s, b)
        members = station == s
        expected[members] += b * (1.0 - expected[members])
        np.testing.assert_allclose(trust.array(), expected, atol=1e-12)
    assert [trust.value(h) for h in range(len(households))] == pytest.approx(
        expected.tolist(), abs=1e-12)
    assert trust.mean() == pytest.approx(expected.mean(), abs=1e-12)
    assert ((trust.array() >= -1e-12) & (trust.array() <= 1.0 + 1e-12)).all()


# --------------------------------------------------------------------------- both ways


def test_a_loss_moves_its_grid_part_of_the_way_to_zero() -> None:
    trust = Trust(INITIAL, STATION, 3)
    trust.lose_grid(1, 0.5)
    np.testing.assert_allclose(trust.array(), [0.2, 0.25, 0.0, 1.0, 0.45])
    trust.gain_grid(1, 0.5)  # then a gain: t + 0.5 (1 - t)
    np.testing.assert_allclose(trust.array(), [0.2, 0.625, 0.0, 1.0, 0.725])


def test_one_household_changes_alone_and_stays_in_the_unit_interval() -> None:
    trust = Trust(INITIAL, STATION, 3)
    trust.gain_grid(0, 0.5)
    trust.change(0, 0.5)  # 0.6 -> 0.8
    trust.change(2, -0.5)  # 0.5 -> 0.25
    np.testing.assert_allclose(trust.array(), [0.8, 0.5, 0.25, 1.0, 0.9])
    trust.change(3, 1.0)
    trust.change(1, -1.0)
    assert trust.value(3) == 1.0 and trust.value(1) == 0.0


def test_feedback_raises_on_timely_lowers_on_untimely_or_abandoned_and_spreads() -> None:
    trust = Trust(np.full(4, 0.5), np.array([0, 0, 1, 1]), 2)
    feedback = TrustFeedback(trust, timely_gain=0.2, untimely_loss=0.4, abandoned_loss=0.6,
                             word_of_mouth=0.5)
    feedback.first_contact(0, timely=True)
    # household 0: 0.5 -> 0.6, then its grid (0, 1) gains 0.1: 0.64 and 0.55
    np.testing.assert_allclose(trust.array(), [0.64, 0.55, 0.5, 0.5])
    feedback.first_contact(2, timely=False)
    # household 2: 0.5 -> 0.3, then grid 1 loses 0.2: 0.24 and 0.4
    np.testing.assert_allclose(trust.array()[2:], [0.24, 0.4])
    feedback.abandoned(3)
    assert trust.value(3) == pytest.approx(0.4 * 0.4 * 0.7)
    TrustFeedback(trust).abandoned(0)  # no parameters: nothing moves
    assert trust.value(0) == pytest.approx(0.64)


@given(st.lists(st.tuples(st.integers(0, 4), st.floats(-1.0, 1.0), st.floats(0.0, 1.0)),
                max_size=40))
def test_any_changes_keep_trust_in_the_unit_interval(
    changes: list[tuple[int, float, float]],
) -> None:
    """Household changes with word of mouth, in any order, equal the plain updates and stay
    in [0, 1] (also after the grid maps renormalise)."""
    trust = Trust(INITIAL, STATION, 3)
    expected = INITIAL.copy()
    for h, share, spread in changes:
        feedback = TrustFeedback(trust, abs(share), abs(share), abs(share), spread)
        feedback.first_contact(h, timely=share >= 0)
        t = expected[h]
        expected[h] = t + share * (1 - t) if share >= 0 else t * (1 + share)
        members = STATION[h] == STATION
        s = spread * share
        expected[members] = (expected[members] + s * (1 - expected[members]) if s >= 0
                             else expected[members] * (1 + s))
        values = trust.array()
        assert ((values >= -1e-9) & (values <= 1.0 + 1e-9)).all()
        np.testing.assert_allclose(values, expected, atol=1e-9)
