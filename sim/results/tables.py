"""Tidy tables built once at the end of a run: cases, workers, time series, run scalars."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from sim.agents.cases import PRIORITY_NAMES
from sim.results.recorder import AUDIT_FIELDS, CASE_FIELDS, Recorder
from sim.timecategory import TimeCategory

if TYPE_CHECKING:
    from sim.model import Model


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


def workers_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per worker (each worker reports its own row; see ``Worker.results``)."""
    columns = ["worker", "station", *(c.column for c in TimeCategory), "overtime_hours",
               "duty_hours", "caseload_max", "contacts", "bilingual", "burnout", "hired_at",
               "active_at_end"]
    return pd.DataFrame(rows, columns=columns)


def timeseries_table(recorder: Recorder) -> pd.DataFrame:
    """One row per audit."""
    return pd.DataFrame.from_records(recorder.audits, columns=list(AUDIT_FIELDS))


def run_tables(model: Model, need_names: tuple[str, ...]) -> RunTables:
    """All tables of a finished model run, from what each component reports."""
    horizon = model.window.horizon
    workers = [w.results(horizon) for w in model.workers]
    return RunTables(cases_table(model.recorder, need_names), workers_table(workers),
                     timeseries_table(model.recorder), model.results())
