"""Unit tests of a worker's time account."""

from __future__ import annotations

import math

import pytest

from sim.agents.account import TimeAccount
from sim.calendar import WorkCalendar
from sim.timecategory import TimeCategory as C

H = 1.0 / 24.0
# Monday-Friday 8:00-16:00, the first 2 h fixed administration: productive 10:00-16:00
OFFICE = WorkCalendar((0, 1, 2, 3, 4), 8.0, 8.0, 0.25)


def test_a_task_then_idle_time_until_the_next() -> None:
    acc = TimeAccount(OFFICE, (0.0, 7.0))
    acc.idle_until(10 * H)  # nothing productive before 10:00
    acc.task(10 * H, 12 * H, 16 * H, ((C.INTAKE, 1.5), (C.TRAVEL, 0.5)))
    acc.idle_until(15 * H)
    assert acc.use[C.INTAKE] == pytest.approx(1.5) and acc.use[C.TRAVEL] == pytest.approx(0.5)
    assert acc.use[C.IDLE] == pytest.approx(3.0) and acc.gap_from == pytest.approx(12 * H)


def test_overtime_past_the_end_of_duty_and_the_window_cut() -> None:
    acc = TimeAccount(OFFICE, (0.0, 7.0))
    acc.task(15 * H, 18 * H, 16 * H, ((C.DIRECT, 3.0),))
    assert acc.use.overtime == pytest.approx(2.0)
    late = TimeAccount(OFFICE, (16 * H, 7.0))  # hired at 16:00: only the last 2 h count
    late.task(15 * H, 18 * H, 16 * H, ((C.DIRECT, 3.0),))
    assert late.use[C.DIRECT] == pytest.approx(2.0) and late.use.overtime == pytest.approx(2.0)


def test_time_away_counts_productive_hours_and_leaving_cuts_it_short() -> None:
    acc = TimeAccount(OFFICE, (0.0, 14.0))
    acc.away(C.ABSENCE, 0.0, 7.0)  # a whole week: five productive days of 6 h
    assert acc.use[C.ABSENCE] == pytest.approx(30.0) and acc.gap_from == 7.0
    acc.close(2.0, 7.0, C.ABSENCE)  # leaves on Wednesday 00:00: two days were taken
    assert acc.use[C.ABSENCE] == pytest.approx(12.0) and acc.window == (0.0, 2.0)


def test_settle_counts_a_running_task_or_the_idle_tail() -> None:
    busy = TimeAccount(OFFICE, (0.0, 7.0))
    busy.settle(11 * H, (10 * H, 12 * H, 16 * H, ((C.DIRECT, 2.0),)), -math.inf)
    assert busy.use[C.DIRECT] == pytest.approx(1.0)
    free = TimeAccount(OFFICE, (0.0, 7.0))
    free.settle(1.0, None, -math.inf)
    assert free.use[C.IDLE] == pytest.approx(6.0) and free.gap_from == math.inf


def test_hours_columns_add_fixed_admin_to_recording() -> None:
    acc = TimeAccount(OFFICE, (0.0, 7.0))
    acc.task(10 * H, 11 * H, 16 * H, ((C.DIRECT, 0.75), (C.RECORDING, 0.25)))
    row = acc.hours(1.0)
    assert row["duty_hours"] == pytest.approx(8.0)
    assert row["admin_hours"] == pytest.approx(2.0 + 0.25)
    assert row["recording_hours"] == pytest.approx(0.25) and row["overtime_hours"] == 0.0
