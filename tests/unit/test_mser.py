"""MSER-5 finds where a known initial transient ends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.analysis.mser import batch_means, mser5, mser_statistic, warmup_from_pilots


def biased(seed: int, n: int = 1000, bias_end: int = 100) -> np.ndarray:
    """Unit normal noise plus a bias that falls linearly from 10 to 0 over ``bias_end``."""
    x = np.random.default_rng(seed).standard_normal(n)
    x[:bias_end] += np.linspace(10.0, 0.0, bias_end)
    return x


def test_mser5_finds_a_known_transient() -> None:
    """The bias ends at observation 100: MSER-5 cuts there (it must cut at least 80, where
    the bias left is still 2 standard deviations)."""
    cuts = [mser5(biased(seed)) for seed in range(20)]
    assert all(cut >= 80 for cut in cuts), cuts
    assert 85 <= float(np.median(cuts)) <= 115, cuts
    assert all(cut % 5 == 0 for cut in cuts)


def test_mser5_keeps_a_stationary_series() -> None:
    cuts = [mser5(np.random.default_rng(seed).standard_normal(1000)) for seed in range(20)]
    assert float(np.median(cuts)) <= 10 and max(cuts) <= 100


def test_mser_statistic_is_the_marginal_standard_error_rule() -> None:
    y = np.random.default_rng(3).standard_normal(30)
    brute = [np.var(y[d:]) / (30 - d) for d in range(29)]
    assert mser_statistic(y) == pytest.approx(brute)
    assert batch_means(np.arange(12.0), 5).tolist() == [2.0, 7.0]


def test_mser5_refuses_short_or_missing_series() -> None:
    with pytest.raises(ValueError, match="at least 20"):
        mser5(np.ones(19))
    with pytest.raises(ValueError, match="NaN"):
        mser5([1.0, np.nan] * 20)


def test_warmup_from_pilots_averages_replications_and_returns_a_time() -> None:
    t = np.arange(0.0, 7.0 * 400, 7.0)
    rows = [pd.DataFrame({"t": t, "replication": r, "backlog_mean": biased(r, 400, 60)})
            for r in range(5)]
    warmup = warmup_from_pilots(pd.concat(rows))
    assert warmup in set(t)
    assert 7.0 * 50 <= warmup <= 7.0 * 90
