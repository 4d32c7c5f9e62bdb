"""Work calendar: workdays, holidays and make-up days, the productive window, duty and
productive hours, from any weekday of day 0.

Closed-form results are checked against brute force: day-by-day counting for workdays, and a
numeric integration on a half-minute grid for duty and productive hours (the generated
calendars have their window edges on that grid, so only the last cell is ever cut).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sim.calendar import WorkCalendar

CELL = 1.0 / (24 * 120)  # half a minute, in days
# Monday-Friday, 8:00-16:00, first quarter (2 h) fixed admin: productive 10:00-16:00.
OFFICE = WorkCalendar(workdays=(0, 1, 2, 3, 4), start_hour=8.0, hours_per_day=8.0,
                      admin_share=0.25, holidays=(2, 5, 9))


def hour(day: int, h: float) -> float:
    """Clock time of hour ``h`` of day ``day``."""
    return day + h / 24.0


def brute_is_workday(cal: WorkCalendar, day: int) -> bool:
    """Whether ``day`` is worked, from the definition."""
    scheduled = (day + cal.first_weekday) % 7 in cal.workdays
    return (scheduled and day not in cal.holidays) or (not scheduled and day in cal.makeup_days)


def brute_workdays(cal: WorkCalendar, day: int) -> int:
    """Worked days in ``[0, day)``, one day at a time."""
    return sum(1 for d in range(day) if brute_is_workday(cal, d))


def brute_hours(cal: WorkCalendar, t: float, productive: bool) -> float:
    """Hours on duty (or in the productive window) in ``[0, t]``, on a half-minute grid."""
    grid = np.arange(0.0, t, CELL) + CELL / 2.0
    days = np.floor(grid).astype(int)
    hours = (grid - days) * 24.0
    lo = cal.start_hour + (cal.admin_share * cal.hours_per_day if productive else 0.0)
    hi = cal.start_hour + cal.hours_per_day
    scheduled = np.isin((days + cal.first_weekday) % 7, cal.workdays)
    worked = np.where(scheduled, ~np.isin(days, cal.holidays), np.isin(days, cal.makeup_days))
    inside = worked & (hours >= lo) & (hours < hi)
    return float(inside.sum()) / 120.0


calendars = st.builds(
    WorkCalendar,
    workdays=st.lists(st.integers(0, 6), max_size=7, unique=True).map(tuple),
    start_hour=st.integers(0, 28).map(lambda k: k * 0.5),
    hours_per_day=st.integers(1, 20).map(lambda k: k * 0.5),
    admin_share=st.sampled_from([0.0, 0.25, 0.5]),
    holidays=st.lists(st.integers(0, 40), max_size=8).map(tuple),
    makeup_days=st.lists(st.integers(0, 40), max_size=6).map(tuple),
    first_weekday=st.integers(0, 6),
)


# --------------------------------------------------------------------------- workdays


def test_is_workday_weekends_and_holidays() -> None:
    assert OFFICE.is_workday(0) and OFFICE.is_workday(1)
    assert not OFFICE.is_workday(2)  # a Wednesday holiday
    assert not OFFICE.is_workday(5) and not OFFICE.is_workday(6)  # the weekend
    assert OFFICE.is_workday(7) and not OFFICE.is_workday(9)


def test_holiday_on_a_weekend_costs_nothing() -> None:
    # day 5 is a Saturday: listing it as a holiday changes no count
    assert OFFICE.workdays_before(14) == 10 - 2  # two weekday holidays (2 and 9)
    plain = WorkCalendar(workdays=(0, 1, 2, 3, 4), holidays=(5, 12, 12))
    assert plain.workdays_before(14) == 10


@given(cal=calendars, day=st.integers(0, 60))
def test_workdays_before_matches_counting(cal: WorkCalendar, day: int) -> None:
    assert cal.workdays_before(day) == brute_workdays(cal, day)
    assert cal.is_workday(day) == brute_is_workday(cal, day)


def test_first_weekday_moves_the_week() -> None:
    # day 0 a Sunday (2023-01-01): days 1..5 are Monday..Friday
    cal = WorkCalendar(first_weekday=6)
    assert [cal.weekday(d) for d in range(8)] == [6, 0, 1, 2, 3, 4, 5, 6]
    assert [cal.is_workday(d) for d in range(8)] == [False, *[True] * 5, False, False]
    assert cal.workdays_before(7) == 5 and cal.workdays_before(8) == 5


def test_makeup_days_are_worked_rest_days() -> None:
    # Saturday 5 made up, Wednesday 2 off; a make-up day on a workday changes nothing
    cal = WorkCalendar(holidays=(2,), makeup_days=(5, 3))
    assert cal.is_workday(5) and not cal.is_workday(2) and cal.is_workday(3)
    assert not cal.is_workday(6)
    assert cal.workdays_before(7) == 5
    assert cal.next_start(hour(4, 20.0)) == pytest.approx(hour(5, 8.5))


def test_days_before_zero_are_ignored() -> None:
    cal = WorkCalendar(holidays=(-3,), makeup_days=(-2,))
    assert cal.workdays_before(7) == 5


def test_first_weekday_out_of_range_raises() -> None:
    with pytest.raises(ValueError, match="first_weekday"):
        WorkCalendar(first_weekday=7)


def test_first_workday_from_skips_a_long_break() -> None:
    # a month of holidays on the only workday (Monday): the search is not day by day
    mondays = tuple(range(0, 7 * 40, 7))
    cal = WorkCalendar(workdays=(0,), holidays=mondays[:39])
    assert cal.first_workday_from(1) == 7 * 39
    assert cal.workdays_before(7 * 39) == 0 and cal.workdays_before(7 * 39 + 1) == 1


def test_only_make_up_days() -> None:
    cal = WorkCalendar(workdays=(), makeup_days=(10, 30))
    assert cal.first_workday_from(0) == 10 and cal.first_workday_from(11) == 30
    with pytest.raises(ValueError, match="no working time"):
        cal.first_workday_from(31)


@given(cal=calendars, day=st.integers(0, 60))
def test_first_workday_from_matches_counting(cal: WorkCalendar, day: int) -> None:
    expected = next((d for d in range(day, day + 400) if brute_is_workday(cal, d)), None)
    if expected is None:
        with pytest.raises(ValueError, match="no working time"):
            cal.first_workday_from(day)
    else:
        assert cal.first_workday_from(day) == expected


# --------------------------------------------------------------------------- next_start


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (hour(0, 11.0), hour(0, 11.0)),   # inside the productive window: now
        (hour(0, 3.0), hour(0, 10.0)),    # before duty: start of the productive window
        (hour(0, 9.0), hour(0, 10.0)),    # in the fixed admin block: after it
        (hour(0, 16.0), hour(1, 10.0)),   # at the end of duty: next workday
        (hour(1, 17.0), hour(3, 10.0)),   # Tuesday evening, Wednesday a holiday: Thursday
        (hour(4, 18.0), hour(7, 10.0)),   # Friday evening: Monday
        (hour(5, 12.0), hour(7, 10.0)),   # Saturday noon: Monday
        (hour(8, 20.0), hour(10, 10.0)),  # Tuesday evening, Wednesday 9 a holiday
    ],
)
def test_next_start(t: float, expected: float) -> None:
    assert OFFICE.next_start(t) == pytest.approx(expected, abs=1e-12)


def test_next_start_after_a_holiday_on_the_only_workday() -> None:
    # Mondays only, the next Monday (7) a holiday: the one after (14)
    cal = WorkCalendar(workdays=(0,), start_hour=8.0, hours_per_day=8.0, holidays=(7,))
    assert cal.next_start(1.0) == pytest.approx(hour(14, 8.0))


def test_next_start_without_workdays_raises() -> None:
    with pytest.raises(ValueError, match="no working time"):
        WorkCalendar(workdays=()).next_start(0.0)


@settings(max_examples=200)
@given(cal=calendars, t=st.floats(0.0, 40.0))
# a holiday on the only workday skips a whole week: the search must look that far ahead
@example(cal=WorkCalendar(workdays=(0,), start_hour=0.0, hours_per_day=0.5, holidays=(7,)),
         t=1.0)
@example(cal=WorkCalendar(workdays=(2,), start_hour=9.0, hours_per_day=1.0,
                          holidays=(9, 16, 23)), t=3.0)
@example(cal=WorkCalendar(workdays=(), makeup_days=(12,), first_weekday=3), t=2.0)
def test_next_start_is_the_first_productive_instant(cal: WorkCalendar, t: float) -> None:
    end = (cal.start_hour + cal.hours_per_day) / 24.0
    if not cal.workdays and not any(t < d + end for d in cal.makeup_days if d >= math.floor(t)):
        with pytest.raises(ValueError, match="no working time"):
            cal.next_start(t)
        return
    start = cal.next_start(t)
    assert start >= t
    day = math.floor(start)
    assert cal.is_workday(day)
    h = (start - day) * 24.0
    lo = cal.start_hour + cal.admin_share * cal.hours_per_day
    assert lo - 1e-9 <= h < cal.start_hour + cal.hours_per_day
    # no productive time is skipped between t and the start
    assert cal.productive_hours(start) == pytest.approx(cal.productive_hours(t), abs=1e-9)


def test_duty_end() -> None:
    assert OFFICE.duty_end(hour(3, 11.0)) == pytest.approx(hour(3, 16.0))
    assert OFFICE.duty_end(3.0) == pytest.approx(hour(3, 16.0))


# --------------------------------------------------------------------------- hours


def test_duty_and_productive_hours_of_a_week() -> None:
    # days 0..6: Mon, Tue worked, Wed holiday, Thu, Fri worked = 4 days
    assert OFFICE.duty_hours(7.0) == pytest.approx(4 * 8.0)
    assert OFFICE.productive_hours(7.0) == pytest.approx(4 * 6.0)
    assert OFFICE.duty_hours(hour(0, 12.0)) == pytest.approx(4.0)
    assert OFFICE.productive_hours(hour(0, 12.0)) == pytest.approx(2.0)
    assert OFFICE.duty_hours(0.0) == 0.0 and OFFICE.duty_hours(-1.0) == 0.0


@settings(max_examples=60, deadline=None)
@given(cal=calendars, t=st.floats(0.0, 30.0))
def test_hours_match_numeric_integration(cal: WorkCalendar, t: float) -> None:
    tolerance = 1.01 / 120.0  # one grid cell at the end of [0, t]
    assert cal.duty_hours(t) == pytest.approx(brute_hours(cal, t, False), abs=tolerance)
    assert cal.productive_hours(t) == pytest.approx(brute_hours(cal, t, True), abs=tolerance)


@given(cal=calendars, a=st.floats(0.0, 30.0), b=st.floats(0.0, 30.0))
def test_hours_are_monotone(cal: WorkCalendar, a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert cal.duty_hours(lo) <= cal.duty_hours(hi) + 1e-12
    assert cal.productive_hours(hi) <= cal.duty_hours(hi) + 1e-9


# --------------------------------------------------------------------------- always on


def test_always_on() -> None:
    cal = WorkCalendar(workdays=tuple(range(7)), start_hour=0.0, hours_per_day=24.0)
    assert cal.always_on
    assert cal.next_start(3.7) == 3.7
    assert cal.duty_end(3.7) == math.inf
    assert cal.duty_hours(2.5) == pytest.approx(60.0)
    assert cal.productive_hours(2.5) == pytest.approx(60.0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"workdays": (0, 1, 2, 3, 4), "start_hour": 0.0, "hours_per_day": 24.0},
        {"workdays": tuple(range(7)), "start_hour": 0.0, "hours_per_day": 23.0},
        {"workdays": tuple(range(7)), "start_hour": 0.0, "hours_per_day": 24.0,
         "admin_share": 0.1},
        {"workdays": tuple(range(7)), "start_hour": 0.0, "hours_per_day": 24.0,
         "holidays": (3,)},
        {"workdays": tuple(range(7)), "start_hour": 0.0, "hours_per_day": 24.0,
         "makeup_days": (3,)},
    ],
)
def test_not_always_on(kwargs: dict) -> None:
    assert not WorkCalendar(**kwargs).always_on
