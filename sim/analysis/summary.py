"""Summaries across replications: mean, sd, a 95% CI inside the KPI's range, percentiles.

The interval is the t interval of the mean where it lies inside the range the KPI declares
in the registry, else a percentile bootstrap (:mod:`sim.analysis.intervals`): a share's
interval never leaves [0, 1], a count's never goes below 0. ``ci_halfwidth`` is the t
half-width (the precision the replications achieve); ``ci_low``/``ci_high`` are the
interval's bounds and ``ci_method`` says which interval they are. ``p10``, ``median`` and
``p90`` are percentiles of the KPI across replications (its spread, not the mean's).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.analysis.intervals import kpi_range, mean_interval, t_halfwidth

__all__ = ["COLUMNS", "LABELS", "summarise", "t_halfwidth"]

LABELS = ("scenario", "dispatch", "variant", "replication", "seed", "error", "wall_seconds")
COLUMNS = ("n", "mean", "sd", "ci_halfwidth", "ci_low", "ci_high", "ci_method", "p10",
           "median", "p90")
"""Columns of :func:`summarise` (its index is ``kpi``)."""


def _row(name: str, values: np.ndarray, confidence: float) -> dict[str, object]:
    found = mean_interval(values, kpi_range(name), confidence)
    sd = float(np.std(values, ddof=1)) if values.size > 1 else math.nan
    p10, median, p90 = (np.quantile(values, [0.1, 0.5, 0.9]) if values.size
                        else (math.nan, math.nan, math.nan))
    return {"kpi": name, "n": int(values.size), "mean": found.mean, "sd": sd,
            "ci_halfwidth": t_halfwidth(values, confidence), "ci_low": found.low,
            "ci_high": found.high, "ci_method": found.method, "p10": float(p10),
            "median": float(median), "p90": float(p90)}


def summarise(df: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """One row per KPI in :data:`COLUMNS` (failed runs and missing values left out).

    Parameters
    ----------
    df
        One row per replication (of one variant).
    confidence
        Two-sided confidence level of the interval.
    """
    ok = df[df["error"].isna()] if "error" in df else df
    kpis = [c for c in ok.columns if c not in LABELS and pd.api.types.is_numeric_dtype(ok[c])]
    rows = [_row(name, ok[name].dropna().to_numpy(dtype=float), confidence) for name in kpis]
    return pd.DataFrame(rows, columns=["kpi", *COLUMNS]).set_index("kpi")
