"""Summaries across replications: mean, sd and the t-based CI half-width."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.analysis.summary import summarise, t_halfwidth


def scipy_halfwidth(values: np.ndarray, confidence: float) -> float:
    """Half the width of scipy's t interval of the mean."""
    low, high = stats.t.interval(confidence, values.size - 1, loc=values.mean(),
                                 scale=stats.sem(values))
    return (high - low) / 2.0


@pytest.mark.parametrize("n", [2, 3, 10, 50])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_halfwidth_equals_scipys_t_interval(n: int, confidence: float) -> None:
    values = np.random.default_rng(n).normal(5.0, 2.0, size=n)
    assert t_halfwidth(values, confidence) == pytest.approx(scipy_halfwidth(values, confidence))


def test_halfwidth_needs_two_values() -> None:
    assert math.isnan(t_halfwidth(np.array([3.0])))
    assert math.isnan(t_halfwidth(np.array([])))


def test_halfwidth_of_constant_values_is_zero() -> None:
    assert t_halfwidth(np.array([2.0, 2.0, 2.0])) == 0.0


@pytest.fixture
def replications() -> pd.DataFrame:
    """Four replications, one failed; labels that are not KPIs."""
    return pd.DataFrame({
        "scenario": ["a"] * 4, "dispatch": ["fifo"] * 4, "replication": [0, 1, 2, 3],
        "seed": [1] * 4, "error": [None, None, "ValueError: boom", None],
        "timely_coverage": [0.8, 0.9, np.nan, 0.7],
        "wait_mean_days": [1.0, 2.0, np.nan, np.nan],
    })


def test_summarise_rows_and_values(replications: pd.DataFrame) -> None:
    table = summarise(replications)
    assert list(table.index) == ["timely_coverage", "wait_mean_days"]  # labels left out
    row = table.loc["timely_coverage"]
    values = np.array([0.8, 0.9, 0.7])  # the failed replication is left out
    assert row["n"] == 3
    assert row["mean"] == pytest.approx(0.8)
    assert row["sd"] == pytest.approx(values.std(ddof=1))
    assert row["ci_halfwidth"] == pytest.approx(scipy_halfwidth(values, 0.95))
    # the t interval (0.55, 1.05) leaves [0, 1]: the share gets a Wilson-type interval
    assert row["ci_method"] == "wilson"
    assert 0.0 <= row["ci_low"] < 0.8 < row["ci_high"] <= 1.0
    assert (row["p10"], row["median"], row["p90"]) == pytest.approx(
        tuple(np.quantile(values, [0.1, 0.5, 0.9])))


def test_summarise_keeps_the_t_interval_inside_the_range(replications: pd.DataFrame) -> None:
    row = summarise(replications).loc["wait_mean_days"]  # (1, 2): t interval crosses 0
    assert row["ci_method"] == "t-cut" and row["ci_low"] == 0.0
    assert row["ci_high"] == pytest.approx(1.5 + scipy_halfwidth(np.array([1.0, 2.0]), 0.95))
    wide = pd.DataFrame({"timely_coverage": [0.50, 0.52, 0.54]})
    row = summarise(wide).loc["timely_coverage"]
    assert row["ci_method"] == "t"
    assert row["ci_low"] == pytest.approx(0.52 - row["ci_halfwidth"])


def test_summarise_drops_missing_values(replications: pd.DataFrame) -> None:
    row = summarise(replications).loc["wait_mean_days"]
    assert row["n"] == 2 and row["mean"] == pytest.approx(1.5)


def test_summarise_without_error_column_and_single_run() -> None:
    table = summarise(pd.DataFrame({"x": [4.0]}))
    assert table.loc["x", "n"] == 1 and table.loc["x", "mean"] == 4.0
    assert math.isnan(table.loc["x", "sd"]) and math.isnan(table.loc["x", "ci_halfwidth"])
