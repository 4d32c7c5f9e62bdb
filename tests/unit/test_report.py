"""The text of report.md and the printed KPI table, from hand-made bundles."""

from __future__ import annotations

import math

import pandas as pd
import pytest

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
