"""Tidy tables built once at the end of a run: cases, workers, time series, run scalars."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.agents.cases import PRIORITY_NAMES, STATUSES
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


#: Column types of the case records (``CASE_FIELDS`` order); status is a code of STATUSES.
_CASE_DTYPE = np.dtype([
    ("case_id", np.int64), ("need", np.int64), ("household", np.int64),
    ("community", np.int64), ("station", np.int64), ("priority", np.int64),
    ("minority", np.bool_), ("referred_at", np.float64), ("allocated_at", np.float64),
    ("first_contact_at", np.float64), ("closed_at", np.float64), ("abandoned_at", np.float64),
    ("worker", np.int64), ("contacts_planned", np.int64), ("contacts_done", np.int64),
    ("success", np.bool_), ("status", np.int64), ("target_days", np.float64),
    ("generation", np.int64), ("interpreted", np.bool_), ("agency", np.int64),
])


def cases_table(recorder: Recorder, need_names: tuple[str, ...]) -> pd.DataFrame:
    """One row per case, with its wait and whether KPIs count it."""
    # a list of tuples to a structured array is one C loop; pandas' row inference is slow
    rows = np.array(recorder.final_records(), dtype=_CASE_DTYPE)
    # in case-id order: the records taken in the argsort of one column (a sort of the
    # records by a field compares whole records, and costs more than the rest together)
    rows = rows[np.argsort(rows["case_id"], kind="stable")]
    df = pd.DataFrame({name: rows[name] for name in CASE_FIELDS})
    df["status"] = pd.Categorical.from_codes(df["status"].to_numpy(), categories=list(STATUSES))
    df["need"] = pd.Categorical.from_codes(df["need"].to_numpy(), categories=list(need_names))
    df["priority"] = pd.Categorical.from_codes(df["priority"].to_numpy(),
                                               categories=list(PRIORITY_NAMES))
    df["wait_days"] = df["first_contact_at"] - df["referred_at"]
    df["timely"] = (df["wait_days"] <= df["target_days"]).fillna(False).astype(bool)
    df["in_window"] = df["referred_at"].between(recorder.measure_from, recorder.measure_to)
    return df


def workers_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per worker (each worker reports its own row; see ``Worker.results``)."""
    columns = ["worker", "station", *(c.column for c in TimeCategory), "overtime_hours",
               "on_call_hours", "duty_hours", "admin_backlog_hours", "caseload_max",
               "contacts", "bilingual", "burnout", "hired_at", "active_at_end"]
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
