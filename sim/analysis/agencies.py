"""Results by agency: one row per agency of a run (``agencies.csv`` in the bundle).

An agency's cases are the cases routed to it (the case table's ``agency`` column, see
:mod:`sim.routing`), counted as the run's KPIs count them (referred inside the measurement
window) and measured by the KPI registry's own definitions. Uncontracted cases (agency
``-1``) belong to no agency: the run's KPI ``uncontracted_share`` reports them.

Definitions
-----------
workers
    Time-average headcount of the agency over the measurement period.
layoffs
    Workers laid off for lack of money or at a lost contract, in the measurement period.
funding_gap_days
    Days of the measurement period with at least one of its funding streams in a re-tender gap.
cost
    Its spending in the measurement period (payroll, training, paid call-outs) plus the
    transition cost of re-tenders.
cases, coverage, coverage_urgent
    Counted cases routed to it; their timely coverage, overall and of urgent cases.
cost_per_case, cost_per_covered_case
    ``cost`` over ``cases``, and over the timely covered ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from sim.analysis.context import KPIContext, ratio
from sim.analysis.kpis import KPI_BY_NAME

AGENCY_COLUMNS = ("agency", "workers", "layoffs", "funding_gap_days", "cost", "cases",
                  "coverage", "coverage_urgent", "cost_per_case", "cost_per_covered_case",
                  "retenders")
"""Columns of :func:`agency_table`, in order."""

DEFAULT_AGENCY = "agency"


def agency_names(scalars: Mapping[str, Any]) -> list[str]:
    """The agencies of a run, in routing order (one unnamed agency in the default form)."""
    names: list[str] = []
    for key in scalars:
        if key.startswith("agency:"):
            name = key.split(":")[1]
            if name not in names:
                names.append(name)
    return names or [DEFAULT_AGENCY]


def _own(scalars: Mapping[str, Any], name: str, several: bool) -> dict[str, float]:
    if several:
        get = lambda k: float(scalars[f"agency:{name}:{k}"])  # noqa: E731
        return {"workers": get("workers"), "layoffs": get("layoffs"),
                "funding_gap_days": get("funding_gap_days"), "cost": get("cost"),
                "retenders": get("retenders")}
    return {"workers": float(scalars["workers"]), "layoffs": float(scalars["layoffs"]),
            "funding_gap_days": float(scalars["funding_gap_days"]),
            "cost": float(scalars["cost_total"]), "retenders": 0.0}


def agency_table(cases: pd.DataFrame, scalars: Mapping[str, Any]) -> pd.DataFrame:
    """One row per agency of one run: columns :data:`AGENCY_COLUMNS` (module docstring)."""
    names = agency_names(scalars)
    several = any(k.startswith("agency:") for k in scalars)
    rows = []
    for index, name in enumerate(names):
        own = _own(scalars, name, several)
        mine = cases[cases["agency"] == index]
        context = KPIContext(mine, pd.DataFrame(), {}, KPI_BY_NAME)
        kpis = {k: context.value(k)
                for k in ("referrals", "timely_coverage", "timely_coverage_urgent")}
        n = int(kpis["referrals"])
        covered = kpis["timely_coverage"] * n if n else 0.0
        rows.append({"agency": name, **own, "cases": n, "coverage": kpis["timely_coverage"],
                     "coverage_urgent": kpis["timely_coverage_urgent"],
                     "cost_per_case": ratio(own["cost"], n),
                     "cost_per_covered_case": ratio(own["cost"], covered)})
    return pd.DataFrame(rows, columns=list(AGENCY_COLUMNS)).astype({"cases": "int64"})


def agency_summary(agencies: pd.DataFrame) -> pd.DataFrame:
    """Mean over replications of every numeric column per agency (first-seen order)."""
    numeric = [c for c in AGENCY_COLUMNS if c != "agency"]
    return agencies.groupby("agency", sort=False)[numeric].mean()
