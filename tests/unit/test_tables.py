"""Tidy tables built at the end of a run: cases, workers, time series, run scalars."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import simpy

from sim.agents.cases import CLOSED, OPEN, STANDARD, URGENT, Case
from sim.agents.workers import Worker
from sim.build import build
from sim.calendar import WorkCalendar
from sim.loading import load_config
from sim.results.recorder import AUDIT_FIELDS, CASE_FIELDS, Recorder
from sim.results.tables import cases_table, run_tables, timeseries_table, workers_table
from sim.scheduling import Scheduler

NEEDS = ("care", "advice")


def make_case(case_id: int, need: int, priority: int, referred: float, *, first: float,
              target: float) -> Case:
    """A case referred at ``referred`` and first contacted at ``first`` (NaN: never)."""
    case = Case(case_id, need, case_id, 0, 0, priority, case_id % 2 == 0, referred, target,
                1.0, [(1.0, False)], 0.0, 0.5, 0.5)
    case.first_contact_at = first
    return case


@pytest.fixture
def cases() -> pd.DataFrame:
    """Four cases: on time, late, never contacted (still waiting), before the window."""
    rec = Recorder(measure_from=10.0, measure_to=50.0, horizon=60.0, n_needs=2)
    rows = [make_case(3, 0, URGENT, 20.0, first=21.5, target=2.0),    # on time
            make_case(1, 1, STANDARD, 30.0, first=46.0, target=14.0),  # late
            make_case(2, 0, STANDARD, 50.0, first=math.nan, target=14.0),  # never contacted
            make_case(4, 1, URGENT, 5.0, first=6.0, target=2.0)]      # before the window
    for case in rows:
        rec.referral(case)
    for case in (rows[0], rows[1], rows[3]):
        case.status = CLOSED
        rec.closure(case, 55.0)
    return cases_table(rec, NEEDS)


def test_cases_sorted_with_named_categories(cases: pd.DataFrame) -> None:
    assert cases["case_id"].tolist() == [1, 2, 3, 4]
    assert list(cases.columns[: len(CASE_FIELDS)]) == list(CASE_FIELDS)
    assert cases["need"].tolist() == ["advice", "care", "care", "advice"]
    assert cases["priority"].tolist() == ["standard", "standard", "urgent", "urgent"]
    assert list(cases["need"].cat.categories) == list(NEEDS)


def test_wait_timely_and_window(cases: pd.DataFrame) -> None:
    by_id = cases.set_index("case_id")
    assert by_id.loc[3, "wait_days"] == pytest.approx(1.5)
    assert by_id.loc[1, "wait_days"] == pytest.approx(16.0)
    assert math.isnan(by_id.loc[2, "wait_days"])
    assert by_id["timely"].tolist() == [False, False, True, True]
    assert by_id["timely"].dtype == bool
    assert by_id["in_window"].tolist() == [True, True, True, False]  # 50 is inside


def test_still_live_cases_are_in_the_table(cases: pd.DataFrame) -> None:
    assert cases.set_index("case_id").loc[2, "status"] == "waiting"


def test_timeseries_columns() -> None:
    rec = Recorder(0.0, 10.0, 20.0, 1)
    rec.audit(0.0, 0, 0, 2, 0)
    rec.audit(7.0, 0, 0, 2, 0)
    df = timeseries_table(rec)
    assert list(df.columns) == list(AUDIT_FIELDS)
    assert df["t"].tolist() == [0.0, 7.0]


def test_workers_table_hours() -> None:
    env = simpy.Environment()
    cal = WorkCalendar(workdays=(0, 1, 2, 3, 4), start_hour=8.0, hours_per_day=8.0,
                       admin_share=0.25)
    # a home visit in community 0 costs 0.5 h from station 1
    worker = Worker(Scheduler(env), 4, 1, cal, 3.0, (0.0, 7.0), lambda w, c: w.release(c),
                    travel_hours=[[0.25, 0.5]])
    case = Case(1, 0, 0, 0, 1, STANDARD, False, 0.0, 14.0, 1.0, [(2.0, True)], 0.5, 0.5, 0.5)
    case.status = OPEN
    worker.assign(case)
    env.run(until=7.0)
    worker.settle(7.0)
    row = worker.results(7.0)
    table = workers_table([row])
    assert list(table.columns) == list(row)  # each worker reports its own row
    assert list(table.columns) == [
        "worker", "station", "intake_hours", "direct_hours", "travel_hours", "recording_hours",
        "coordination_hours", "group_hours", "admin_hours", "idle_hours", "absence_hours",
        "leave_hours", "training_hours", "supervision_hours", "referral_hours",
        "overtime_hours",
        "on_call_hours", "duty_hours", "admin_backlog_hours", "caseload_max", "contacts",
        "bilingual", "burnout", "hired_at", "active_at_end"]
    row = table.iloc[0]
    assert (row["worker"], row["station"], row["contacts"]) == (4, 1, 1)
    assert row["duty_hours"] == pytest.approx(40.0)
    assert row["admin_hours"] == pytest.approx(10.0 + 0.5)  # fixed admin + recording
    assert (row["intake_hours"], row["travel_hours"]) == pytest.approx((2.0, 0.5))
    assert row["idle_hours"] == pytest.approx(30.0 - 3.0)
    assert (row["coordination_hours"], row["group_hours"], row["absence_hours"],
            row["overtime_hours"]) == (0.0, 0.0, 0.0, 0.0)
    assert row["caseload_max"] == 1.0
    assert bool(row["active_at_end"]) and not bool(row["bilingual"])


def test_workers_table_of_nobody_has_the_columns() -> None:
    table = workers_table([])
    assert table.empty and "absence_hours" in table.columns


def test_run_tables_scalars() -> None:
    cfg = load_config(["scenario=mmc", "scenario.horizon_days=120", "scenario.warmup_days=20"])
    built = build(cfg, seed=1)
    built.model.run()
    tables = run_tables(built.model, built.need_names)
    s = tables.scalars
    assert s["horizon"] == 120.0 and s["measure_from"] == 20.0 and s["measure_to"] == 119.0
    assert s["workers"] == 5 and len(tables.workers) == 5
    assert s["cost_total"] == pytest.approx(5 * 70000.0 * 100.0 / 365.0)
    assert s["arrival_rate_per_day"] == pytest.approx(4.5)
    assert len(tables.cases) == built.model.recorder.referred
    assert s["needs_referred"] <= s["needs_arisen"]
    assert s["backlog_mean"] == pytest.approx(built.model.recorder.backlog_mean(120.0))
    assert s["backlog_max"] == built.model.recorder.backlog.max_level
    # the queueing scenario has a static workforce, unlimited money, no volunteers or groups
    for name in ("exits", "hires", "layoffs", "trained", "cases_handed_over",
                 "budget_shortfall_days", "funding_gap_days", "vacancy_days", "volunteer_hours",
                 "group_activities", "burnout_mean", "share_over_cap"):
        assert s[name] == 0, name
    assert list(tables.timeseries.columns) == list(AUDIT_FIELDS)
    assert tables.timeseries["t"].iloc[-1] == 120.0
