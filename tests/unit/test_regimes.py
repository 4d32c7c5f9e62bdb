"""The regime split of replications, on hand-made frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sim.analysis.regimes import FUNDING_REGIMES, REGIME_COLUMNS, regime_table

NAN = math.nan


def frame() -> pd.DataFrame:
    """Five replications: two without a gap, two with one, one failed."""
    return pd.DataFrame({
        "replication": [0, 1, 2, 3, 4],
        "funding_gap_days": [0.0, 91.25, 0.0, 182.5, NAN],
        "timely_coverage": [0.9, 0.6, 0.8, NAN, NAN],
        "layoffs": [0, 3, 0, 2, NAN],
        "error": [None, None, None, None, "ValueError: boom"],
    })


def cell(table: pd.DataFrame, regime: str, kpi: str, column: str) -> object:
    row = table[(table["regime"] == regime) & (table["kpi"] == kpi)]
    assert len(row) == 1, (regime, kpi)
    return row[column].iloc[0]


def test_each_regime_has_its_share_and_kpi_means() -> None:
    table = regime_table(frame(), kpis=("timely_coverage", "layoffs", "absent_kpi"))
    assert list(table.columns) == list(REGIME_COLUMNS)
    assert table["regime"].tolist() == [FUNDING_REGIMES[0]] * 2 + [FUNDING_REGIMES[1]] * 2
    assert table["kpi"].tolist() == ["timely_coverage", "layoffs"] * 2  # absent KPI skipped
    without, with_gap = FUNDING_REGIMES
    assert cell(table, without, "layoffs", "replications") == 2
    assert cell(table, with_gap, "layoffs", "share") == pytest.approx(0.5)  # failed run out
    assert cell(table, without, "timely_coverage", "mean") == pytest.approx(0.85)
    assert cell(table, with_gap, "timely_coverage", "mean") == pytest.approx(0.6)
    assert cell(table, with_gap, "timely_coverage", "n") == 1  # NaN coverage not counted
    assert cell(table, with_gap, "layoffs", "mean") == pytest.approx(2.5)


def test_an_empty_regime_is_still_shown() -> None:
    no_gaps = frame().assign(funding_gap_days=0.0)
    table = regime_table(no_gaps, kpis=("layoffs",))
    assert cell(table, FUNDING_REGIMES[1], "layoffs", "replications") == 0
    assert cell(table, FUNDING_REGIMES[1], "layoffs", "n") == 0
    assert pd.isna(cell(table, FUNDING_REGIMES[1], "layoffs", "mean"))
    assert cell(table, FUNDING_REGIMES[0], "layoffs", "share") == 1.0


def test_any_column_and_labels_split_the_replications() -> None:
    table = regime_table(frame(), by="layoffs", kpis=("timely_coverage",),
                         labels=("kept everyone", "laid off"))
    assert table["regime"].tolist() == ["kept everyone", "laid off"]
    assert table["replications"].tolist() == [2, 2]


def test_no_split_without_the_column_or_without_values() -> None:
    assert regime_table(frame().drop(columns="funding_gap_days")).empty
    assert regime_table(frame().assign(funding_gap_days=NAN)).empty
    assert list(regime_table(frame().iloc[0:0]).columns) == list(REGIME_COLUMNS)
