"""The text of report.md and the printed KPI table, from hand-made bundles."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sim.analysis.mser import warmup_from_pilots
from sim.bundle import Bundle, RunInfo
from sim.report import HEADLINE_KPIS, REGIME_KPIS, format_kpi_table, format_value, render_report

INFO = RunInfo(scenario="j_community", dispatch="fifo", replications=4, seed=1,
               warmup_days=180.0, horizon_days=1275.0)


def bundle(gap_days: list[float]) -> Bundle:
    """Four replications, the last failed; every regime KPI 0.5 but coverage and gaps."""
    n = len(gap_days)
    df = pd.DataFrame({kpi: [0.5] * n for kpi in REGIME_KPIS})
    df["replication"] = range(n)
    df["funding_gap_days"] = gap_days
    df["timely_coverage"] = [0.9, 0.6, 0.8, math.nan][:n]
    df["error"] = [None] * (n - 1) + ["RuntimeError: x"]
    return Bundle(INFO, "", df, pd.DataFrame(), pd.DataFrame())


def test_kpi_table_lists_headline_kpis_in_order() -> None:
    lines = format_kpi_table(bundle([0.0, 91.25, 0.0, 0.0]).summary).splitlines()
    assert lines[0].split()[1:] == ["mean", "95%", "CI", "p10", "median", "p90", "n"]
    assert [ln.split()[0] for ln in lines[1:]] == list(HEADLINE_KPIS)
    assert lines[1].split()[-1] == "3"  # the failed replication is left out


@pytest.mark.parametrize(("value", "text"), [
    (0.98765, "0.988"), (12.345, "12.3"), (63000.4, "63,000"), (math.nan, "n/a"),
    (-0.5, "-0.500"),
])
def test_format_value(value: float, text: str) -> None:
    assert format_value(value) == text


def test_report_compares_replications_with_and_without_a_funding_gap() -> None:
    report = render_report(bundle([0.0, 91.25, 0.0, 0.0]), [])
    assert "## Funding regimes" in report
    section = report.split("## Funding regimes")[1].split("## Stations")[0]
    assert "| | no funding gap | funding gap |" in section
    assert "| replications (share) | 2 (67%) | 1 (33%) |" in section
    assert "| `timely_coverage` | 0.850 (2) | 0.600 (1) |" in section
    assert "| `funding_gap_days` | 0.000 (2) | 91.2 (1) |" in section
    for kpi in REGIME_KPIS:
        assert f"| `{kpi}` |" in section, kpi


def test_report_says_when_there_are_no_regimes() -> None:
    b = bundle([0.0, 0.0, 0.0, 0.0])
    b.replications = b.replications.drop(columns="funding_gap_days")
    assert "No regimes" in render_report(b, [])


def test_report_shows_percentiles_and_a_shares_interval_inside_0_1() -> None:
    b = bundle([0.0, 0.0, 0.0, 0.0])
    b.replications["served_share"] = [1.0, 1.0, 0.9, None]
    b = Bundle(INFO, "", b.replications, pd.DataFrame(), pd.DataFrame())
    row = b.summary.loc["served_share"]
    assert row["ci_low"] >= 0.0 and row["ci_high"] <= 1.0
    line = next(ln for ln in render_report(b, []).splitlines() if "`served_share`" in ln)
    cells = [c.strip() for c in line.split("|")]
    assert cells[3].startswith("[") and cells[4:7] == ["0.920", "1.000", "1.000"]


def test_report_flags_a_bimodal_kpi_and_shows_both_modes() -> None:
    n = 10
    df = pd.DataFrame({"timely_coverage": [0.9, 0.91, 0.92, 0.9, 0.89, 0.9, 0.91, 0.3, 0.31,
                                           0.29], "workers": [3.0] * n,
                       "replication": range(n), "error": [None] * n})
    section = render_report(Bundle(INFO, "", df, pd.DataFrame(), pd.DataFrame()), []).split(
        "## Bimodal KPIs")[1].split("## Warm-up")[0]
    assert "| `timely_coverage` | 3, 0.300 (0.310) | 7, 0.904 (0.890) |" in section
    assert "`workers`" not in section
    assert "None: no headline KPI" in render_report(bundle([0.0, 0.0, 0.0, 0.0]), [])


def test_report_checks_the_warmup_with_mser5_and_lists_precision_targets() -> None:
    t = np.arange(0.0, 7.0 * 100, 7.0)
    level = np.where(t < 7.0 * 40, 10.0 - t / 28.0, 0.0)
    ts = pd.DataFrame({"t": t, "replication": 0, "backlog_mean": level})
    info = RunInfo(scenario="s", dispatch="fifo", replications=3, seed=1, warmup_days=100.0,
                   horizon_days=700.0, precision=(("timely_coverage", 0.5),),
                   max_replications=3)
    report = render_report(Bundle(info, "", bundle([0.0, 0.0, 0.0, 0.0]).replications,
                                  pd.DataFrame(), ts), [])
    warmup = report.split("## Warm-up")[1].split("##")[0]
    found = warmup_from_pilots(ts)
    assert 7.0 * 35 <= found <= 7.0 * 45  # the bias ends at audit 40 (day 280)
    assert "Warm-up 100 days" in warmup and f"truncates at day {found:g}:" in warmup
    assert "later than the configured warm-up" in warmup
    precision = report.split("## Precision")[1].split("##")[0]
    assert "| `timely_coverage` | 0.5 |" in precision and "| 3 | yes |" in precision
