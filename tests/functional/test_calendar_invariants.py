"""J community on China's official calendar: nobody starts work on a day off.

One run of the default scenario (official holidays on, everything else as configured) with
the event trace. Every task start in the trace and every case's first contact must fall on a
day that China's official calendar works and inside duty (8:30 to 16:30; administration is
interleaved with casework, so a contact may start at any moment of duty).
The oracle is ``chinese_calendar.is_workday`` asked date by date, independently of
``sim.holidays`` and of the closed-form ``WorkCalendar``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
import numpy as np
import pandas as pd
import pytest

from sim import load_config
from sim.build import build
from sim.results.tables import run_tables

START = date(2023, 1, 1)  # scenario.calendar.start_date of j_community
PRODUCTIVE = (8.5 / 24.0, 16.5 / 24.0)  # duty: 8:30-16:30 (admin interleaved)


@dataclass(frozen=True)
class Traced:
    """Task starts of the trace and the cases table of one run."""

    starts: np.ndarray
    cases: pd.DataFrame
    horizon: float


@pytest.fixture(scope="module")
def traced() -> Traced:
    # office-hours contacts only; the uncalibrated incidence (demand_scale 1, ~12x the 2023
    # counts) so that thousands of starts exercise the check
    cfg = load_config(["policy/cover=office_hours", "scenario.demand_scale=1"])
    assert cfg.scenario.calendar.start_date == START.isoformat()
    assert cfg.scenario.calendar.official_holidays
    trace: list = []
    built = build(cfg, seed=11, trace=trace)
    built.model.run()
    tables = run_tables(built.model, built.need_names)
    starts = np.array([t for t, event, _ in trace if event == "start"])
    return Traced(starts, tables.cases, cfg.scenario.horizon_days)


def official_workday(day: int) -> bool:
    """Whether clock day ``day`` is worked in China (the package, date by date)."""
    return bool(chinese_calendar.is_workday(START + timedelta(days=day)))


def assert_on_duty(times: np.ndarray) -> None:
    """Every time is on an official workday, inside duty hours."""
    days = np.floor(times).astype(int)
    off = sorted({(START + timedelta(days=int(d))).isoformat()
                  for d in days if not official_workday(int(d))})
    assert off == [], f"work started on days off: {off[:10]}"
    frac = times - days
    assert (frac >= PRODUCTIVE[0] - 1e-9).all() and (frac < PRODUCTIVE[1] + 1e-9).all()


def test_no_task_starts_on_a_day_off(traced: Traced) -> None:
    assert len(traced.starts) > 1000
    assert_on_duty(traced.starts)


def test_no_first_contact_on_a_day_off(traced: Traced) -> None:
    first = traced.cases["first_contact_at"].dropna().to_numpy()
    assert len(first) > 500
    assert_on_duty(first)


def test_the_check_is_exercised(traced: Traced) -> None:
    """The horizon holds weekday holidays and make-up weekends, and work does start on
    make-up weekends (so they are worked, not just allowed)."""
    days = range(int(traced.horizon))
    weekday_off = [d for d in days
                   if (START + timedelta(d)).weekday() < 5 and not official_workday(d)]
    weekend_on = [d for d in days
                  if (START + timedelta(d)).weekday() >= 5 and official_workday(d)]
    assert len(weekday_off) > 30 and len(weekend_on) > 15
    started_on = set(np.floor(traced.starts).astype(int).tolist())
    assert started_on & set(weekend_on)
