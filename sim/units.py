"""Time units. The simulation clock counts days (float); efforts are given in hours."""

from __future__ import annotations

from typing import Final

# Final: the compiled build (see setup.py) inlines them instead of looking them up
HOURS_PER_DAY: Final = 24.0
DAYS_PER_YEAR: Final = 365.0
DAYS_PER_WEEK: Final = 7


def hours_to_days(hours: float) -> float:
    """Convert a duration in hours to clock days."""
    return hours / HOURS_PER_DAY


def per_year_to_per_day(rate: float) -> float:
    """Convert a rate per year to a rate per day."""
    return rate / DAYS_PER_YEAR
