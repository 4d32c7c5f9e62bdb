"""The regime split of replications, on hand-made frames."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sim.analysis.regimes import (
    FUNDING_REGIMES,
    REGIME_COLUMNS,
    SEPARATION,
    bimodal_split,
    bimodal_table,
    regime_table,
    separation,
    widest_gap_split,
)

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


# --------------------------------------------------------------------------- bimodal KPIs


def test_two_separate_modes_are_found_and_shown() -> None:
    """Seven replications near 0.9 and three collapsed near 0.3 (a regime split)."""
    values = [0.90, 0.92, 0.88, 0.91, 0.89, 0.93, 0.90, 0.30, 0.28, 0.33]
    df = pd.DataFrame({"timely_coverage": values, "workers": [3.0] * 10,
                       "error": [None] * 10})
    table = bimodal_table(df, ["timely_coverage", "workers", "missing"])
    assert list(table["kpi"]) == ["timely_coverage"]
    row = table.iloc[0]
    assert (row["low_n"], row["high_n"]) == (3, 7)
    assert row["low_mean"] == pytest.approx(np.mean(values[7:]))
    assert row["high_min"] == 0.88 and row["separation"] > SEPARATION


def test_one_mode_or_a_lone_outlier_is_not_bimodal() -> None:
    rng = np.random.default_rng(2)
    assert all(bimodal_split(rng.normal(0.8, 0.05, 40)) is None for _ in range(50))
    assert bimodal_split(np.array([0.9] * 19 + [0.1])) is None  # one run is not a mode
    assert bimodal_split(np.array([0.5, 0.5, 0.5, 0.5])) is None
    assert bimodal_split(np.array([0.0] * 6 + [40.0] * 4))["separation"] == math.inf


def test_the_split_is_at_the_widest_gap_leaving_enough_on_each_side() -> None:
    x = np.sort(np.array([5.0, 1.0, 1.2, 5.3, 0.9, 5.1, 30.0]))
    assert widest_gap_split(x, 2) == 3  # 30 alone is not a mode
    assert widest_gap_split(x, 1) == 6
    assert separation(np.array([1.0, 1.2]), np.array([5.0, 5.3])) > SEPARATION
