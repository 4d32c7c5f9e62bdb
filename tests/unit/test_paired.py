"""Paired comparison with common random numbers: the table's arithmetic and whole runs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim import load_config
from sim.analysis.paired import paired_table
from sim.compare import compare, same_seed

SMALL = ["scenario.horizon_days=300", "scenario.warmup_days=60", "run.seed=5"]


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


def test_identical_configs_give_exactly_zero_differences() -> None:
    cfg = load_config(SMALL)
    table = compare(cfg, load_config(SMALL), n=3)
    defined = table[table["n"] > 0]
    assert len(defined) > 40
    assert (defined["diff_mean"] == 0.0).all()
    assert (defined["diff_ci_low"] == 0.0).all() and (defined["diff_ci_high"] == 0.0).all()
    varying = defined[defined["var_unpaired"] > 0]
    assert len(varying) > 10 and np.isinf(varying["variance_reduction"]).all()


def test_b_runs_from_as_seed() -> None:
    cfg_a = load_config(SMALL)
    cfg_b = load_config(["run.seed=99"])
    assert same_seed(cfg_a, cfg_b).run.seed == 5
    with pytest.raises(ValueError, match="at least 2"):
        compare(cfg_a, cfg_b, n=1)
    assert math.isinf(paired_table(frame([1.0, 2.0]), frame([1.0, 2.0])).loc[
        "x", "variance_reduction"])
