"""The text of a run's ``report.md``, and the headline KPI table the command line prints.

The report states what was run (and its ``variant``), the headline KPIs with their 95% CIs
(inside each KPI's range) and percentiles, the precision targets, the KPIs whose replications
split into two modes, the MSER-5 check of the warm-up, the funding regimes (the replications
with and without a funding gap, side by side: a mean over both can describe neither), the
stations, the figures and the failed replications.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from sim.analysis.agencies import agency_summary
from sim.analysis.kpis import KPI_DICTIONARY
from sim.analysis.mser import warmup_from_pilots
from sim.analysis.regimes import FUNDING_REGIMES, bimodal_table, regime_table
from sim.analysis.replications import format_precision, precision_status
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
    "backlog": "Allocation backlog over time (median, 10-90% band, outlying replications, "
               "warm-up shaded)",
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


def format_interval(row: pd.Series) -> str:
    """``[low, high]`` of a summary row (``n/a`` below two replications)."""
    return f"[{format_value(row['ci_low'])}, {format_value(row['ci_high'])}]"


def format_kpi_table(summary: pd.DataFrame, kpis: tuple[str, ...] = HEADLINE_KPIS) -> str:
    """A plain-text table of ``kpis``: mean, 95% CI, p10/median/p90, replications used."""
    rows = headline(summary, kpis)
    width = max([len("KPI"), *(len(k) for k in rows.index)])
    lines = [f"{'KPI':<{width}}  {'mean':>8}  {'95% CI':>18}  {'p10':>8}  {'median':>8}  "
             f"{'p90':>8}  {'n':>4}"]
    for name, row in rows.iterrows():
        lines.append(f"{name!s:<{width}}  {format_value(row['mean']):>8}  "
                     f"{format_interval(row):>18}  {format_value(row['p10']):>8}  "
                     f"{format_value(row['median']):>8}  {format_value(row['p90']):>8}  "
                     f"{int(row['n']):>4}")
    return "\n".join(lines)


def _report_kpis(summary: pd.DataFrame) -> list[str]:
    lines = ["| KPI | mean | 95% CI | p10 | median | p90 | n | meaning |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for name, row in headline(summary).iterrows():
        lines.append(f"| `{name}` | {format_value(row['mean'])} | {format_interval(row)} | "
                     f"{format_value(row['p10'])} | {format_value(row['median'])} | "
                     f"{format_value(row['p90'])} | {int(row['n'])} | "
                     f"{KPI_DICTIONARY.get(str(name), '')} |")
    return lines


def _report_bimodal(replications: pd.DataFrame) -> list[str]:
    """KPIs whose replications fall into two separate modes, each mode shown."""
    table = bimodal_table(replications, tuple(dict.fromkeys(REGIME_KPIS)))
    if table.empty:
        return ["None: no headline KPI splits into two separate modes."]
    lines = ["| KPI | low mode: n, mean (max) | high mode: n, mean (min) | gap / sd |",
             "|---|---:|---:|---:|"]
    for _, row in table.iterrows():
        lines.append(f"| `{row['kpi']}` | {int(row['low_n'])}, {format_value(row['low_mean'])} "
                     f"({format_value(row['low_max'])}) | {int(row['high_n'])}, "
                     f"{format_value(row['high_mean'])} ({format_value(row['high_min'])}) | "
                     f"{format_value(row['separation'])} |")
    return lines


def _report_warmup(bundle: Bundle) -> list[str]:
    """The configured warm-up beside MSER-5 on this run's mean backlog series."""
    ts, warmup = bundle.timeseries, bundle.info.warmup_days
    try:
        found = warmup_from_pilots(ts) if "backlog_mean" in ts else None
    except ValueError:
        found = None
    if found is None:
        return [f"Warm-up {warmup:g} days; the backlog series is too short for MSER-5."]
    verdict = ("the configured warm-up covers it" if found <= warmup else
               "later than the configured warm-up: the backlog is still settling, or it "
               "shifts later in the run, e.g. in a funding-gap regime (check the backlog "
               "figure, the bimodal KPIs and the funding regimes)")
    return [f"Warm-up {warmup:g} days (the scenario's default, chosen with MSER-5 over pilot "
            f"runs: docs/output_analysis.md). MSER-5 on this run's backlog series (mean over "
            f"replications, batches of 5 audits) truncates at day {found:g}: {verdict}."]


def _report_precision(bundle: Bundle) -> list[str]:
    info = bundle.info
    if not info.precision:
        return []
    rows = bundle.replications.to_dict("records")
    for row in rows:  # the frame stores a missing error as NaN
        row["error"] = row["error"] if isinstance(row.get("error"), str) else None
    statuses = precision_status(rows, dict(info.precision))
    return ["## Precision", "",
            f"`run.precision`: replications were added until each KPI's 95% t half-width "
            f"met its target or {info.max_replications} had run.", "",
            *format_precision(statuses, info.max_replications), ""]


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
        f"| overrides | `{overrides}` |",
        f"| variant | `{info.variant}` |", "",
        "## Headline KPIs", "",
        "Mean over finished replications with its 95% CI (the t interval, or a bootstrap "
        "interval where the t interval would leave the KPI's range: a share's interval stays "
        "in [0, 1]), and the 10th, 50th and 90th percentiles across replications; every KPI "
        "is in `kpis.csv`, every replication in `replications.parquet`.", "",
        *_report_kpis(bundle.summary), "",
        *_report_precision(bundle),
        "## Bimodal KPIs", "",
        "KPIs whose replications fall into two separate modes (an empty gap wider than 3 "
        "within-mode standard deviations, at least 10% of the replications on each side): a "
        "mean over both describes neither, so each mode is shown.", "",
        *_report_bimodal(bundle.replications), "",
        "## Warm-up", "",
        *_report_warmup(bundle), "",
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
