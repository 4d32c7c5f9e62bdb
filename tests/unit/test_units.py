"""Time units: the clock counts days, efforts are in hours, incidences are per year."""

from __future__ import annotations

import pytest

from sim.units import (
    DAYS_PER_WEEK,
    DAYS_PER_YEAR,
    HOURS_PER_DAY,
    hours_to_days,
    per_year_to_per_day,
)


def test_constants() -> None:
    assert (HOURS_PER_DAY, DAYS_PER_YEAR, DAYS_PER_WEEK) == (24.0, 365.0, 7)


@pytest.mark.parametrize(("hours", "days"), [(0.0, 0.0), (6.0, 0.25), (24.0, 1.0), (36.0, 1.5)])
def test_hours_to_days(hours: float, days: float) -> None:
    assert hours_to_days(hours) == pytest.approx(days)


@pytest.mark.parametrize(("per_year", "per_day"), [(0.0, 0.0), (365.0, 1.0), (73.0, 0.2)])
def test_per_year_to_per_day(per_year: float, per_day: float) -> None:
    assert per_year_to_per_day(per_year) == pytest.approx(per_day)


def test_round_trip_of_a_rate_over_a_year() -> None:
    assert per_year_to_per_day(12.0) * DAYS_PER_YEAR == pytest.approx(12.0)
