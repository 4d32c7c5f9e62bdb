"""Dated calendars: China's official holidays and make-up workdays as clock days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sim.calendar import WorkCalendar
from sim.holidays import (
    FIXED_DATE_HOLIDAYS,
    CalendarDays,
    calendar_days,
    covered_years,
    official_days,
    parse_date,
)

WEEKDAYS = (0, 1, 2, 3, 4)
START = date(2023, 1, 1)  # a Sunday


def day_of(iso: str, start: date = START) -> int:
    """Clock day of a date."""
    return (date.fromisoformat(iso) - start).days


@pytest.fixture(scope="module")
def j2023() -> WorkCalendar:
    """Monday-Friday from 2023-01-01 with China's official calendar, two years."""
    days = calendar_days(START.isoformat(), 730.0, WEEKDAYS, official=True)
    return WorkCalendar(WEEKDAYS, holidays=days.holidays, makeup_days=days.makeup_days,
                        first_weekday=days.first_weekday)


def test_parse_date() -> None:
    assert parse_date("2023-01-23") == date(2023, 1, 23)
    for bad in ("2023-02-30", "2023-1-23", "20230123", "23 Jan 2023", "", None, 20230123):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            parse_date(bad)


def test_covered_years() -> None:
    first, last = covered_years()
    assert first == 2004 and last >= 2026


def test_spring_festival_2023(j2023: WorkCalendar) -> None:
    assert j2023.first_weekday == 6
    assert not j2023.is_workday(day_of("2023-01-23"))  # Monday of Spring Festival
    assert not j2023.is_workday(day_of("2023-01-27"))
    assert j2023.is_workday(day_of("2023-01-28"))  # a Saturday worked instead
    assert j2023.is_workday(day_of("2023-01-29"))  # and a Sunday
    assert j2023.is_workday(day_of("2023-01-30"))


def test_national_day_2023(j2023: WorkCalendar) -> None:
    assert not any(j2023.is_workday(day_of(f"2023-10-0{d}")) for d in range(1, 7))
    assert j2023.is_workday(day_of("2023-10-07")) and j2023.is_workday(day_of("2023-10-08"))


def test_worked_days_in_2023_and_2024(j2023: WorkCalendar) -> None:
    """260 weekdays in 2023 less 11 net official days; 262 in 2024, also less 11."""
    end_2023 = day_of("2024-01-01")
    assert j2023.workdays_before(end_2023) == 260 - 11
    assert j2023.workdays_before(day_of("2025-01-01")) - j2023.workdays_before(end_2023) \
        == 262 - 11


def test_new_year_2024_is_off(j2023: WorkCalendar) -> None:
    assert not j2023.is_workday(day_of("2024-01-01"))  # a Monday


def test_uncovered_years_follow_the_fixed_date_rule() -> None:
    """After the last covered year: 1 Jan, 1-2 May, 1-3 Oct off, no make-up days."""
    year = covered_years()[1] + 1
    off, on = official_days(date(year, 1, 1), date(year, 12, 31))
    assert off == {date(year, m, d) for m, d in FIXED_DATE_HOLIDAYS}
    assert on == set()
    start = date(year, 1, 1)
    days = calendar_days(start.isoformat(), 364.0, tuple(range(7)), official=True)
    assert days.holidays == tuple(sorted((d - start).days for d in off))
    assert days.makeup_days == ()


def test_a_span_across_the_last_covered_year() -> None:
    last = covered_years()[1]
    off, on = official_days(date(last, 12, 1), date(last + 1, 1, 31))
    assert date(last + 1, 1, 1) in off
    assert all(d.year == last for d in on)


def test_only_scheduled_days_are_kept() -> None:
    """Holidays on pattern days, make-up days on rest days; weekend holidays drop out."""
    days = calendar_days("2023-01-01", 40.0, WEEKDAYS, official=True)
    start = START
    assert all((start + timedelta(d)).weekday() < 5 for d in days.holidays)
    assert all((start + timedelta(d)).weekday() >= 5 for d in days.makeup_days)
    assert day_of("2023-01-21") not in days.holidays  # Saturday of Spring Festival
    assert days.makeup_days == (day_of("2023-01-28"), day_of("2023-01-29"))
    assert list(days.holidays) == sorted(days.holidays)


def test_extra_dates_win_over_the_official_calendar() -> None:
    days = calendar_days("2023-01-01", 40.0, WEEKDAYS, official=True,
                         holidays=["2023-01-28", "2023-01-03"],
                         makeup_workdays=["2023-01-27", "2023-01-14"])
    assert day_of("2023-01-28") not in days.makeup_days  # an official make-up day taken off
    assert day_of("2023-01-03") in days.holidays
    assert day_of("2023-01-27") not in days.holidays  # an official holiday worked
    assert day_of("2023-01-14") in days.makeup_days  # a Saturday worked


def test_without_official_holidays() -> None:
    days = calendar_days("2024-01-01", 400.0, WEEKDAYS, official=False,
                         holidays=["2024-03-08", "2030-01-01"])
    assert days == CalendarDays(0, (day_of("2024-03-08", date(2024, 1, 1)),), ())


def test_dates_outside_the_run_are_dropped() -> None:
    days = calendar_days("2024-01-01", 10.0, WEEKDAYS, official=False,
                         holidays=["2023-12-29", "2024-01-12"], makeup_workdays=["2024-01-13"])
    assert days.holidays == () and days.makeup_days == ()
