"""The paired table: mean difference, paired CI and variance reduction against unpaired."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.analysis.paired import paired_table


def frame(values: list[float], error: list[object] | None = None) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame({"replication": range(n), "seed": 1, "x": values,
                         "error": error or [None] * n})


def test_paired_table_arithmetic() -> None:
    a, b = [1.0, 2.0, 3.0, 4.0], [1.5, 2.4, 3.6, 4.4]
    row = paired_table(frame(a), frame(b)).loc["x"]
    d = np.subtract(b, a)
    half = stats.t.ppf(0.975, 3) * d.std(ddof=1) / 2.0
    assert row["diff_mean"] == pytest.approx(d.mean())
    assert (row["diff_ci_low"], row["diff_ci_high"]) == pytest.approx(
        (d.mean() - half, d.mean() + half))
    assert row["variance_reduction"] == pytest.approx(
        (np.var(a, ddof=1) + np.var(b, ddof=1)) / d.var(ddof=1))
    assert row["significant"]


def test_pairs_by_replication_and_leaves_failures_out() -> None:
    a = frame([1.0, 2.0, 3.0], error=[None, "boom", None])
    b = frame([2.0, 9.0, 4.0])
    row = paired_table(a, b).loc["x"]
    assert row["n"] == 2 and row["diff_mean"] == 1.0
    with pytest.raises(KeyError, match="nope"):
        paired_table(a, b, ["nope"])


def test_equal_runs_have_an_infinite_variance_reduction() -> None:
    row = paired_table(frame([1.0, 2.0]), frame([1.0, 2.0])).loc["x"]
    assert row["diff_mean"] == 0.0 and np.isinf(row["variance_reduction"])
    assert not row["significant"]
