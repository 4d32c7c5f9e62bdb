"""Results by place: one row per station and one per community of a run.

A case belongs to the station of its community (the cases table's ``station`` column),
whoever served it; the workers columns describe the workers based at the station. Case
columns count the cases referred inside the measurement window and are computed by the
KPI registry's own definitions on the station's (community's) cases, so they mean exactly
what the run's KPIs of the same name mean.

Definitions
-----------
workers
    Full-time equivalents: the station's workers' duty hours in the measurement period
    [warm-up, horizon] over the duty hours of one worker employed through all of it
    (scalar ``duty_hours_full_time``); the time-average headcount over duty time.
utilisation
    Task hours / worked hours of the station's workers, worked = duty + overtime and
    task = hours of the task categories (casework, group work, supervision)
    (= intake + direct + travel + recording + coordination + group work);
    fixed administration is ``admin_hours - recording_hours``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from sim.analysis.context import NAN, KPIContext, ratio
from sim.analysis.kpis import KPI_BY_NAME
from sim.timecategory import WORK

STATION_KPIS = ("referrals", "timely_coverage", "timely_coverage_urgent", "wait_mean_days",
                "wait_p90_days", "abandonment_rate")
"""Case KPIs reported per station (registry names)."""

STATION_COLUMNS = ("station", "workers", "referrals", "timely_coverage", "timely_coverage_urgent",
                   "wait_mean_days", "wait_p90_days", "caseload_max", "utilisation",
                   "abandonment_rate")
"""Columns of :func:`station_table`, in order."""

SUMMARY_COLUMNS = ("workers", "timely_coverage", "timely_coverage_urgent", "wait_mean_days")
"""Columns :func:`station_summary` averages over replications (the report's station table)."""

COMMUNITY_KPIS = ("referrals", "timely_coverage", "timely_coverage_urgent", "wait_mean_days")
"""Case KPIs reported per community (registry names)."""

COMMUNITY_COLUMNS = ("community", "station", "households", "travel_minutes", "central",
                     *COMMUNITY_KPIS)
"""Columns of :func:`community_table`, in order."""


def utilisation(workers: pd.DataFrame) -> float:
    """Task hours over worked hours (duty + overtime) of ``workers``; NaN if none worked.

    Task hours are the hours of the task categories (casework, group work, supervision:
    :data:`sim.timecategory.WORK`); idle time, time away and fixed administration are not.
    """
    worked = float(workers["duty_hours"].sum() + workers["overtime_hours"].sum())
    task = float(sum(workers[c.column].sum() for c in WORK))
    return ratio(task, worked)


def _case_kpis(cases: pd.DataFrame, names: Sequence[str],
               workers: pd.DataFrame | None = None, fte: float = 0.0) -> dict[str, float]:
    """The registry KPIs ``names`` computed on a subset of a run's tables."""
    staff = workers if workers is not None else pd.DataFrame()
    context = KPIContext(cases, staff, {"workers": fte}, KPI_BY_NAME)
    return {name: context.value(name) for name in names}


def station_table(cases: pd.DataFrame, workers: pd.DataFrame, station_names: Sequence[str],
                  full_time_hours: float) -> pd.DataFrame:
    """One row per station: its workers (FTE), counted cases' coverage and waits, load.

    Parameters
    ----------
    cases, workers
        A run's case and worker tables (``station`` columns hold station indices).
    station_names
        Station names by index.
    full_time_hours
        Duty hours of a worker employed through the measurement period (one FTE).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`STATION_COLUMNS`; see the module docstring for their definitions.
    """
    rows = []
    for index, name in enumerate(station_names):
        staff = workers[workers["station"] == index]
        fte = ratio(float(staff["duty_hours"].sum()), full_time_hours)
        kpis = _case_kpis(cases[cases["station"] == index], (*STATION_KPIS, "caseload_max"),
                          staff, fte)
        rows.append({"station": name, "workers": fte, **kpis,
                     "utilisation": utilisation(staff) if not staff.empty else NAN})
    return pd.DataFrame(rows, columns=list(STATION_COLUMNS)).astype({"referrals": "int64"})


def community_table(cases: pd.DataFrame, places: Mapping[str, Any]) -> pd.DataFrame:
    """One row per community: station, households, access and its counted cases' coverage.

    Parameters
    ----------
    cases
        A run's case table (``community`` holds community indices).
    places
        The run's scalars with the place facts (``community_names``, ``station_names``,
        ``community_station``, ``community_households``, ``community_travel_minutes``,
        ``community_central``; see ``sim.results.facts``).
    """
    rows = []
    stations = places["station_names"]
    for index, name in enumerate(places["community_names"]):
        kpis = _case_kpis(cases[cases["community"] == index], COMMUNITY_KPIS)
        rows.append({"community": name,
                     "station": stations[places["community_station"][index]],
                     "households": places["community_households"][index],
                     "travel_minutes": places["community_travel_minutes"][index],
                     "central": bool(places["community_central"][index]), **kpis})
    return pd.DataFrame(rows, columns=list(COMMUNITY_COLUMNS)).astype({"referrals": "int64"})


def place_tables(cases: pd.DataFrame, workers: pd.DataFrame,
                 scalars: Mapping[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The station and community tables of one run from its tables and scalars."""
    stations = station_table(cases, workers, scalars["station_names"],
                             float(scalars["duty_hours_full_time"]))
    return stations, community_table(cases, scalars)


def station_summary(stations: pd.DataFrame,
                    columns: Sequence[str] = SUMMARY_COLUMNS) -> pd.DataFrame:
    """Mean over replications of ``columns`` per station (stations in first-seen order)."""
    return stations.groupby("station", sort=False)[list(columns)].mean()
