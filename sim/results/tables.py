"""Tidy tables built once at the end of a run: cases, workers, time series, run scalars."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.agents.cases import PRIORITY_NAMES
from sim.agents.workers import Worker
from sim.results.recorder import AUDIT_FIELDS, CASE_FIELDS, Recorder


@dataclass
class RunTables:
    """What one run produced, as tables and a few scalars."""

    cases: pd.DataFrame
    workers: pd.DataFrame
    timeseries: pd.DataFrame
    scalars: dict[str, Any] = field(default_factory=dict)


def cases_table(recorder: Recorder, need_names: tuple[str, ...]) -> pd.DataFrame:
    """One row per case, with its wait and whether KPIs count it."""
    df = pd.DataFrame.from_records(recorder.final_records(), columns=list(CASE_FIELDS))
    df = df.sort_values("case_id", ignore_index=True)
    df["need"] = pd.Categorical.from_codes(df["need"].astype(int), categories=list(need_names))
    df["priority"] = pd.Categorical.from_codes(df["priority"].astype(int),
                                               categories=list(PRIORITY_NAMES))
    df["wait_days"] = df["first_contact_at"] - df["referred_at"]
    df["timely"] = (df["wait_days"] <= df["target_days"]).fillna(False).astype(bool)
    df["in_window"] = df["referred_at"].between(recorder.measure_from, recorder.measure_to)
    return df


def workers_table(workers: list[Worker], horizon: float) -> pd.DataFrame:
    """One row per worker: hours by time category over the measurement period."""
    rows = []
    for w in workers:
        duty, productive = w.duty_hours(horizon), w.productive_hours(horizon)
        tu = w.time_use
        rows.append({
            "worker": w.id, "station": w.station, "intake_hours": tu.intake,
            "direct_hours": tu.direct, "travel_hours": tu.travel,
            "recording_hours": tu.recording, "coordination_hours": tu.coordination,
            "group_hours": tu.group, "admin_hours": duty - productive + tu.recording,
            "idle_hours": tu.idle, "absence_hours": tu.absence, "overtime_hours": tu.overtime,
            "duty_hours": duty, "caseload_max": w.max_caseload, "contacts": w.contacts_done,
            "bilingual": w.bilingual, "burnout": w.burnout, "hired_at": w.hired_at,
            "active_at_end": w.active,
        })
    columns = ["worker", "station", "intake_hours", "direct_hours", "travel_hours",
               "recording_hours", "coordination_hours", "group_hours", "admin_hours",
               "idle_hours", "absence_hours",
               "overtime_hours", "duty_hours", "caseload_max", "contacts", "bilingual",
               "burnout", "hired_at", "active_at_end"]
    return pd.DataFrame(rows, columns=columns)


def timeseries_table(recorder: Recorder) -> pd.DataFrame:
    """One row per audit."""
    return pd.DataFrame.from_records(recorder.audits, columns=list(AUDIT_FIELDS))


def run_tables(model: Any, need_names: tuple[str, ...]) -> RunTables:
    """All tables of a finished model run."""
    rec: Recorder = model.recorder
    horizon = model.window.horizon
    staffed = rec.staffed.mean(horizon)
    hr = model.workforce.stats
    scalars = {
        "measure_from": rec.measure_from,
        "measure_to": rec.measure_to,
        "horizon": horizon,
        "backlog_mean": rec.backlog_mean(horizon),
        "backlog_max": rec.backlog.max_level,
        "open_cases_mean": rec.open_cases.mean(horizon),
        "needs_arisen": int(np.sum(rec.needs_arisen)),
        "needs_referred": int(np.sum(rec.needs_referred)),
        "workers": staffed,
        "cost_total": (model.agency.spend if not model.agency.unlimited
                       else model.agency.cost(staffed, horizon - rec.measure_from)),
        "budget_shortfall_days": model.agency.shortfall_days,
        "balance_min": model.agency.balance_min,
        "layoffs": hr.layoffs,
        "volunteer_hours": model.workers[0].volunteers.hours_used if model.workers
        and model.workers[0].volunteers else 0.0,
        "group_activities": model.group_work.held,
        "trained": hr.trained,
        "exits": hr.exits,
        "hires": hr.hires,
        "vacancy_days": model.workforce.vacancies.area(horizon),
        "cases_handed_over": hr.cases_handed_over,
        "burnout_mean": hr.burnout_sum / hr.samples if hr.samples else 0.0,
        "share_over_cap": hr.over_cap / hr.samples if hr.samples else 0.0,
        "arrival_rate_per_day": model.demand.total_rate,
    }
    return RunTables(cases_table(rec, need_names), workers_table(model.workers, horizon),
                     timeseries_table(rec), scalars)
