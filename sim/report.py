"""The text of a run's ``report.md``, and the headline KPI table the command line prints.

The report states what was run, the headline KPIs with their 95% CIs, the funding regimes
(the replications with and without a funding gap, side by side: a mean over both can
describe neither), the stations, the figures and the failed replications.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from sim.analysis.agencies import agency_summary
from sim.analysis.kpis import KPI_DICTIONARY
from sim.analysis.regimes import FUNDING_REGIMES, regime_table
from sim.analysis.stations import station_summary

if TYPE_CHECKING:
    from sim.bundle import Bundle

HEADLINE_KPIS: tuple[str, ...] = (
    "timely_coverage",
    "timely_coverage_urgent",
    "timely_coverage_standard",
    "equity_gap_language",
    "served_share",
    "abandonment_rate",
    "wait_mean_days",
    "wait_p90_days",
    "backlog_mean",
    "caseload_mean",
    "share_direct",
    "share_idle",
    "overtime_share",
    "cost_per_closed_case",
)
REGIME_KPIS: tuple[str, ...] = ("funding_gap_days", "layoffs", "workers", *HEADLINE_KPIS)
"""The KPIs the funding-regime table compares."""
FIGURE_TITLES: dict[str, str] = {
    "coverage": "Timely coverage by priority and language group (95% CI)",
    "wait_distribution": "Time to first contact, with response targets",
    "backlog": "Allocation backlog over time (median, 5-95% band, warm-up shaded)",
    "time_use": "Worker time use",
}


def format_value(x: float) -> str:
    """A KPI value for a table: 3 decimals below 10, 1 below 1000, thousands above."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3f}"


def headline(summary: pd.DataFrame, kpis: tuple[str, ...] = HEADLINE_KPIS) -> pd.DataFrame:
    """The rows of a :func:`~sim.analysis.summary.summarise` table for ``kpis``, in order."""
    return summary.loc[[k for k in kpis if k in summary.index]]


def format_kpi_table(summary: pd.DataFrame, kpis: tuple[str, ...] = HEADLINE_KPIS) -> str:
    """A plain-text table of ``kpis``: mean, 95% CI half-width and replications used."""
    rows = headline(summary, kpis)
    width = max([len("KPI"), *(len(k) for k in rows.index)])
    lines = [f"{'KPI':<{width}}  {'mean':>10}  {'± 95% CI':>10}  {'n':>4}"]
    for name, row in rows.iterrows():
        lines.append(f"{name!s:<{width}}  {format_value(row['mean']):>10}  "
                     f"{format_value(row['ci_halfwidth']):>10}  {int(row['n']):>4}")
    return "\n".join(lines)


def _report_kpis(summary: pd.DataFrame) -> list[str]:
    lines = ["| KPI | mean | ± 95% CI | n | meaning |", "|---|---:|---:|---:|---|"]
    for name, row in headline(summary).iterrows():
        lines.append(f"| `{name}` | {format_value(row['mean'])} | "
                     f"{format_value(row['ci_halfwidth'])} | {int(row['n'])} | "
                     f"{KPI_DICTIONARY.get(str(name), '')} |")
    return lines


def _report_regimes(replications: pd.DataFrame) -> list[str]:
    """The funding regimes: replications, share and KPI means (n) without and with a gap."""
    table = regime_table(replications, "funding_gap_days", REGIME_KPIS, FUNDING_REGIMES)
    if table.empty:
        return ["No regimes: no finished replication reports `funding_gap_days`."]
    regimes = table.drop_duplicates("regime").set_index("regime")
    lines = ["| | " + " | ".join(FUNDING_REGIMES) + " |", "|---|---:|---:|",
             "| replications (share) | " + " | ".join(
                 f"{int(regimes.loc[r, 'replications'])} ({regimes.loc[r, 'share']:.0%})"
                 for r in FUNDING_REGIMES) + " |"]
    cells = table.set_index(["kpi", "regime"])
    for kpi in dict.fromkeys(table["kpi"]):
        lines.append(f"| `{kpi}` | " + " | ".join(
            f"{format_value(cells.loc[(kpi, r), 'mean'])} ({int(cells.loc[(kpi, r), 'n'])})"
            for r in FUNDING_REGIMES) + " |")
    return lines


def _report_stations(stations: pd.DataFrame) -> list[str]:
    if stations.empty:
        return ["No station results: no replication finished."]
    lines = ["| station | workers (FTE) | timely coverage | urgent | wait mean (days) |",
             "|---|---:|---:|---:|---:|"]
    for name, row in station_summary(stations).iterrows():
        lines.append(f"| {name} | " + " | ".join(format_value(x) for x in row) + " |")
    return lines


def _report_agencies(agencies: pd.DataFrame) -> list[str]:
    if agencies.empty:
        return ["No agency results: no replication finished."]
    summary = agency_summary(agencies)
    columns = ("workers", "layoffs", "funding_gap_days", "cost", "cases", "coverage",
               "coverage_urgent", "cost_per_covered_case")
    lines = ["| agency | " + " | ".join(c.replace("_", " ") for c in columns) + " |",
             "|---|" + "---:|" * len(columns)]
    for name, row in summary.iterrows():
        lines.append(f"| {name} | " + " | ".join(format_value(row[c]) for c in columns) + " |")
    return lines


def _report_failures(failed: pd.DataFrame) -> list[str]:
    if failed.empty:
        return ["None: every replication finished."]
    lines = ["| replication | seed | error |", "|---:|---:|---|"]
    for _, row in failed.iterrows():
        error = str(row["error"]).replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {row.get('replication', '')} | {row.get('seed', '')} | {error} |")
    return lines


def render_report(bundle: Bundle, figures: list[str]) -> str:
    """The text of ``report.md``.

    Parameters
    ----------
    bundle
        The run.
    figures
        File names (under ``figures/``) of the figures written.
    """
    info, n_failed = bundle.info, len(bundle.failed)
    overrides = " ".join(info.overrides) if info.overrides else "(none)"
    lines = [
        f"# swsim run: {info.scenario}, dispatch {info.dispatch}", "",
        "| | |", "|---|---|",
        f"| scenario | `{info.scenario}` |",
        f"| dispatch policy | `{info.dispatch}` |",
        f"| replications | {info.replications} ({info.replications - n_failed} finished, "
        f"{n_failed} failed) on {info.n_jobs} process(es) |",
        f"| master seed | {info.seed} |",
        f"| horizon, warm-up | {info.horizon_days:g} days, {info.warmup_days:g} days |",
        f"| overrides | `{overrides}` |", "",
        "## Headline KPIs", "",
        "Mean over finished replications and t-based 95% CI half-width; every KPI is in "
        "`kpis.csv`, every replication in `replications.parquet`.", "",
        *_report_kpis(bundle.summary), "",
        "## Funding regimes", "",
        "Replications in which at least one funding stream was in a re-tender gap after a "
        "failed renewal (`funding_gap_days` > 0) against those without one: each regime's "
        "replications and share, and each KPI's mean over them (n, the replications where "
        "it is defined, in brackets).", "",
        *_report_regimes(bundle.replications), "",
        "## Stations", "",
        "Mean over finished replications; a station's cases are those of its communities "
        "(whoever served them), its workers are full-time equivalents (`stations.csv`).", "",
        *_report_stations(bundle.stations), "",
        "## Agencies", "",
        "Mean over finished replications; an agency's cases are those routed to it by need "
        "type and area, its cost includes re-tender transition costs (`agencies.csv`).", "",
        *_report_agencies(bundle.agencies), "",
        "## Figures", "",
        *([f"- {FIGURE_TITLES.get(Path(f).stem, f)}: ![{Path(f).stem}](figures/{f})"
           for f in figures] or ["No figures: no replication finished."]), "",
        "## Failed replications", "",
        *_report_failures(bundle.failed), "",
    ]
    return "\n".join(lines)
