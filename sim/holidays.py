"""Dated calendars: public holidays and make-up workdays as clock days.

Clock day 0 is ``start_date``. China's official calendar (statutory public holidays and the
adjusted weekends worked instead, ``调休``) comes from the State Council's yearly notices as
kept by the ``chinese-calendar`` package, which covers 2004 to the year of its latest notice
(2026 in version 1.11.0; see :func:`covered_years`).

For a year it does not cover there is no notice to follow, so a simple rule is used
(an assumption): the fixed-date statutory holidays only (``FIXED_DATE_HOLIDAYS``: 1 January,
1-2 May, 1-3 October, the days in force since 2025), no lunar or solar-term holidays (Spring
Festival, Qingming, Dragon Boat, Mid-Autumn) and no make-up workdays.

Only :func:`official_days` imports the package, and only when called. This module is a leaf:
it imports nothing from ``sim``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# (month, day) of the statutory holidays on fixed solar dates, for years the package does not
# cover (assumption; State Council, National Holidays Regulations as amended in 2024)
FIXED_DATE_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3),
)


def parse_date(text: object) -> date:
    """A date written ``YYYY-MM-DD``.

    Raises
    ------
    ValueError
        When ``text`` is not a string of that form or not a real date.
    """
    if isinstance(text, str) and ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"{text!r} is not an ISO date YYYY-MM-DD")


def covered_years() -> tuple[int, int]:
    """First and last year of China's official calendar in ``chinese-calendar``."""
    import chinese_calendar  # noqa: PLC0415 - loaded only when dates are needed

    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)


def fixed_date_holidays(year: int) -> list[date]:
    """The fixed-date statutory holidays of ``year`` (the rule for uncovered years)."""
    return [date(year, month, day) for month, day in FIXED_DATE_HOLIDAYS]


def official_days(first: date, last: date) -> tuple[set[date], set[date]]:
    """China's official days off and make-up workdays in ``[first, last]``.

    Days off include the weekend days inside a holiday period; years outside
    :func:`covered_years` follow the fixed-date rule (assumption, no make-up days).
    """
    import chinese_calendar  # noqa: PLC0415 - loaded only when dates are needed

    lo, hi = covered_years()
    off = {d for d in chinese_calendar.holidays if first <= d <= last}
    on = {d for d in chinese_calendar.workdays if first <= d <= last}
    for year in range(first.year, last.year + 1):
        if not lo <= year <= hi:
            off.update(d for d in fixed_date_holidays(year) if first <= d <= last)
    return off, on


@dataclass(frozen=True)
class CalendarDays:
    """What a :class:`sim.calendar.WorkCalendar` needs to know of dates.

    Attributes
    ----------
    first_weekday
        Weekday of clock day 0 (0 = Monday).
    holidays
        Sorted clock days off whose weekday is in the weekly pattern.
    makeup_days
        Sorted clock days worked whose weekday is a rest day of the weekly pattern.
    """

    first_weekday: int
    holidays: tuple[int, ...]
    makeup_days: tuple[int, ...]


def calendar_days(start_date: str, horizon_days: float, workdays: Iterable[int], *,
                  official: bool, holidays: Sequence[str] = (),
                  makeup_workdays: Sequence[str] = ()) -> CalendarDays:
    """Holidays and make-up workdays of clock days ``0 .. ceil(horizon_days)``.

    Parameters
    ----------
    start_date
        Date of clock day 0, ``YYYY-MM-DD``.
    horizon_days
        Length of the run in days.
    workdays
        Weekly pattern (0 = Monday).
    official
        Whether China's official holidays and make-up workdays apply.
    holidays, makeup_workdays
        Extra dates off and extra dates worked (``YYYY-MM-DD``); each wins over the
        official calendar on its dates.
    """
    start = parse_date(start_date)
    last = start + timedelta(days=math.ceil(horizon_days))
    off: set[date] = set()
    on: set[date] = set()
    if official:
        off, on = official_days(start, last)
    extra_off = {parse_date(d) for d in holidays}
    extra_on = {parse_date(d) for d in makeup_workdays}
    off = (off - extra_on) | extra_off
    on = (on - extra_off) | extra_on
    pattern = set(workdays)
    return CalendarDays(
        first_weekday=start.weekday(),
        holidays=_clock_days(off, start, last, lambda d: d.weekday() in pattern),
        makeup_days=_clock_days(on, start, last, lambda d: d.weekday() not in pattern),
    )


def _clock_days(dates: set[date], start: date, last: date,
                keep: Callable[[date], bool]) -> tuple[int, ...]:
    return tuple(sorted((d - start).days for d in dates if start <= d <= last and keep(d)))
