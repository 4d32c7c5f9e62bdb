"""Unit tests of time-use accounting."""

from __future__ import annotations

import math

import pytest

from sim.agents.timeuse import TIME_CATEGORIES, TimeUse
from sim.timecategory import TimeCategory as C


def test_time_categories_named() -> None:
    assert set(TIME_CATEGORIES) >= {"intake", "direct", "travel", "recording", "coordination",
                                    "group", "admin", "idle", "absence"}
    assert TimeUse().work == 0.0
    assert math.isclose(TimeUse(intake=1.0, direct=2.0, travel=0.5, recording=0.25).work, 3.75)
    # coordination and group work are work; idle and absence are not
    assert math.isclose(TimeUse(coordination=1.0, group=2.0, idle=4.0, absence=8.0).work, 3.0)


def test_hours_are_read_and_added_by_category() -> None:
    tu = TimeUse(intake=1.0, idle=2.0)
    assert tu[C.INTAKE] == 1.0 and tu[C.IDLE] == 2.0 and tu[C.DIRECT] == 0.0
    assert len(tu.hours) == len(C) and tu.overtime == 0.0
    tu.add(C.ABSENCE, 3.0)
    tu.add(C.ABSENCE, -1.0)  # an absence cut short
    tu.add(C.GROUP, 0.5)
    assert tu[C.ABSENCE] == 2.0 and tu[C.GROUP] == 0.5
    assert tu.work == pytest.approx(1.5)
    with pytest.raises(KeyError):
        TimeUse(lunch=1.0)


def test_add_task_counts_the_share_inside_the_window() -> None:
    tu = TimeUse()
    parts = ((C.INTAKE, 1.0), (C.DIRECT, 2.0), (C.TRAVEL, 3.0), (C.RECORDING, 4.0),
             (C.COORDINATION, 5.0), (C.GROUP, 6.0))  # 21 hours over [0, 21 / 24]
    end = 21.0 / 24.0
    tu.add_task(0.0, end, end / 3.0, parts, (end / 2.0, 5.0))  # the second half counts
    assert (tu[C.INTAKE], tu[C.DIRECT], tu[C.TRAVEL], tu[C.RECORDING], tu[C.COORDINATION],
            tu[C.GROUP]) == pytest.approx((0.5, 1.0, 1.5, 2.0, 2.5, 3.0))
    assert tu.overtime == pytest.approx(10.5)  # duty ended before the window opened
    empty = TimeUse()
    empty.add_task(0.0, end, math.inf, parts, (2.0, 3.0))  # outside the window
    assert empty.work == 0.0 and empty.overtime == 0.0


def test_add_task_repeats_a_category_and_ignores_empty_tasks() -> None:
    tu = TimeUse()
    tu.add_task(1.0, 1.0 + 3.0 / 24.0, 2.0, ((C.DIRECT, 1.0), (C.DIRECT, 2.0)), (0.0, 10.0))
    assert tu[C.DIRECT] == pytest.approx(3.0) and tu.overtime == 0.0
    tu.add_task(2.0, 2.0, 2.0, ((C.DIRECT, 1.0),), (0.0, 10.0))  # no duration
    assert tu[C.DIRECT] == pytest.approx(3.0)
