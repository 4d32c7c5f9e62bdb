"""MSER-5: where an output series' initial transient ends (the warm-up to truncate).

MSER (White 1997; White, Cobb and Spratt 2000) picks the truncation point ``d`` that
minimises the marginal standard error of the mean of what is left,
``MSER(d) = S^2(d) / (n - d)`` with ``S^2(d)`` the (biased) variance of ``y[d:]``. MSER-5
applies it to the means of consecutive batches of 5 observations, which smooths the series;
as is usual, only truncation points in the first half of the series are considered (a
minimum in the second half means the series is too short to tell).

:func:`warmup_from_pilots` applies it to the mean, across pilot replications, of a run's
``timeseries`` column (the allocation backlog by default) and returns the warm-up in days.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BATCH = 5
"""Observations per batch (the "5" of MSER-5)."""


def batch_means(series: np.ndarray, batch: int = BATCH) -> np.ndarray:
    """Means of consecutive, non-overlapping batches (an incomplete last batch is dropped)."""
    k = series.size // batch
    return series[: k * batch].reshape(k, batch).mean(axis=1)


def mser_statistic(series: np.ndarray) -> np.ndarray:
    """``MSER(d)`` for every truncation ``d = 0 .. n-2`` of ``series``."""
    n = series.size
    rest = n - np.arange(n - 1)  # observations left after truncating d
    tail_sum = np.cumsum(series[::-1])[::-1][: n - 1]
    tail_sq = np.cumsum((series**2)[::-1])[::-1][: n - 1]
    variance = np.maximum(tail_sq / rest - (tail_sum / rest) ** 2, 0.0)
    return variance / rest


def mser5(series: np.ndarray | pd.Series | list[float], batch: int = BATCH) -> int:
    """The MSER-5 truncation point of ``series``: how many leading observations to drop.

    Parameters
    ----------
    series
        Observations in time order (NaNs are not allowed).
    batch
        Batch size (5 for MSER-5; 1 gives plain MSER).

    Returns
    -------
    int
        An index into ``series`` (a multiple of ``batch``), in its first half.

    Raises
    ------
    ValueError
        If the series has fewer than 4 batches or contains NaN.
    """
    values = np.asarray(series, dtype=float)
    if np.isnan(values).any():
        raise ValueError("mser5: the series contains NaN")
    means = batch_means(values, batch)
    if means.size < 4:
        raise ValueError(f"mser5: needs at least {4 * batch} observations, got {values.size}")
    statistic = mser_statistic(means)[: means.size // 2]
    return int(np.argmin(statistic)) * batch


def warmup_from_pilots(timeseries: pd.DataFrame, column: str = "backlog_mean") -> float:
    """MSER-5 warm-up (in the unit of ``t``) of ``column`` averaged across replications.

    Parameters
    ----------
    timeseries
        Audit rows with ``t``, ``column`` and, for several replications, ``replication``
        (pilot runs should start at ``t = 0`` with no warm-up).
    column
        The output series; the allocation backlog by default.

    Returns
    -------
    float
        The audit time at the MSER-5 truncation point.
    """
    mean = timeseries.groupby("t", sort=True)[column].mean()
    return float(mean.index[mser5(mean.to_numpy(dtype=float))])
