"""Time-weighted monitors: area and time average of a step function inside a window."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.results.monitors import TimeWeighted


def step_function() -> TimeWeighted:
    """Level 1 from 0, 4 from 3, 0 from 6, 5 from 12; window [2, 10]."""
    tw = TimeWeighted(2.0, 10.0)
    tw.set(0.0, 1.0)
    tw.set(3.0, 4.0)
    tw.set(6.0, 0.0)
    tw.set(12.0, 5.0)
    return tw


def test_area_and_mean_of_a_hand_made_step_function() -> None:
    tw = step_function()
    # inside [2, 10]: 1 x (3 - 2) + 4 x (6 - 3) + 0 x (10 - 6) = 13
    assert tw.area(12.0) == pytest.approx(13.0)
    assert tw.mean(10.0) == pytest.approx(13.0 / 8.0)
    assert tw.mean(20.0) == pytest.approx(13.0 / 8.0)  # nothing counts after the window


def test_mean_part_way_through_the_window() -> None:
    tw = TimeWeighted(2.0, 10.0)
    tw.set(0.0, 1.0)
    tw.set(3.0, 4.0)
    # up to t = 5: 1 x 1 + 4 x 2 = 9 over 3 days
    assert tw.mean(5.0) == pytest.approx(3.0)


def test_max_level_counts_only_inside_the_window() -> None:
    tw = step_function()
    assert tw.max_level == 4.0  # 5 at t = 12 is outside [2, 10]
    early = TimeWeighted(2.0, 10.0)
    early.set(1.0, 9.0)
    assert early.max_level == 0.0


def test_add_changes_the_level_by_a_delta() -> None:
    tw = TimeWeighted(0.0, math.inf)
    for t, delta in [(1.0, 1), (2.0, 1), (4.0, -1), (5.0, -1)]:
        tw.add(t, delta)
    # level 1 on [1, 2), 2 on [2, 4), 1 on [4, 5): area 1 + 4 + 1 = 6
    assert tw.area(8.0) == pytest.approx(6.0)
    assert tw.level == 0 and tw.max_level == 2


def test_empty_window_has_no_mean() -> None:
    tw = TimeWeighted(5.0, 10.0)
    assert math.isnan(tw.mean(5.0))
    assert math.isnan(tw.mean(3.0))


def test_initial_level_counts_from_the_window_start() -> None:
    tw = TimeWeighted(1.0, 4.0, level=2.0)
    assert tw.area(3.0) == pytest.approx(4.0)
    assert tw.mean(4.0) == pytest.approx(2.0)


@given(st.lists(st.tuples(st.floats(0.0, 50.0), st.sampled_from([-1.0, 1.0, 2.0])),
                max_size=40),
       st.floats(0.0, 20.0), st.floats(20.0, 60.0))
def test_inlined_add_equals_set(
    changes: list[tuple[float, float]], start: float, end: float
) -> None:
    """``add`` (inlined for speed) gives exactly the numbers of ``set`` to level + delta."""
    fast, reference = TimeWeighted(start, end), TimeWeighted(start, end)
    for t, delta in sorted(changes):
        fast.add(t, delta)
        reference.set(t, reference.level + delta)
        assert fast.level == reference.level and fast.max_level == reference.max_level
    assert fast.area(60.0) == reference.area(60.0)
