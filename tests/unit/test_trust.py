"""Trust: households' referral propensities, raised a station at a time by group work.

Holding trust as each household's distrust times its station's factor makes a boost O(1)
whatever the number of households (a design fact, not timed here); these tests check that the
numbers are those of the plain in-place update ``t += b * (1 - t)`` of the station's members.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.agents.trust import Trust

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
