"""Paired comparison of two sets of replications run with common random numbers (CRN).

Replication ``i`` of both configurations runs from the same master seed, so both see the
same households, needs and every other named random stream; the per-replication
differences ``d_i = KPI_b(i) - KPI_a(i)`` then vary less than the difference of two
independent samples (:func:`sim.comparison.compare` runs them). Per KPI, :func:`paired_table`
gives the mean difference, its paired t
interval, and the variance reduction against unpaired runs,
``(Var(a) + Var(b)) / Var(d)``: the factor by which CRN cuts the variance of the estimated
difference (equivalently, the replications it saves), ``inf`` when every difference is 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from sim.analysis.intervals import t_halfwidth
from sim.analysis.summary import LABELS

COMPARE_COLUMNS = ("n", "mean_a", "mean_b", "diff_mean", "diff_ci_low", "diff_ci_high",
                   "var_paired", "var_unpaired", "variance_reduction", "significant")
"""Columns of :func:`paired_table` (its index is ``kpi``)."""


def _kpi_columns(a: pd.DataFrame, b: pd.DataFrame) -> list[str]:
    return [c for c in a.columns if c in b and c not in LABELS
            and pd.api.types.is_numeric_dtype(a[c]) and pd.api.types.is_numeric_dtype(b[c])]


def _ok(df: pd.DataFrame) -> pd.DataFrame:
    ok = df[df["error"].isna()] if "error" in df else df
    return ok.set_index("replication") if "replication" in ok else ok


def _paired_row(a: pd.Series, b: pd.Series, confidence: float) -> dict[str, object]:
    both = pd.concat([a.rename("a"), b.rename("b")], axis=1).dropna()
    xa, xb = both["a"].to_numpy(dtype=float), both["b"].to_numpy(dtype=float)
    diff = xb - xa
    n = int(diff.size)
    if n == 0:
        return {"n": 0}
    mean = float(diff.mean())
    half = t_halfwidth(diff, confidence)
    var_paired = float(np.var(diff, ddof=1)) if n > 1 else math.nan
    var_unpaired = float(np.var(xa, ddof=1) + np.var(xb, ddof=1)) if n > 1 else math.nan
    if var_paired == 0.0:
        reduction = math.inf if var_unpaired > 0 or mean == 0.0 else math.nan
    else:
        reduction = var_unpaired / var_paired
    return {"n": n, "mean_a": float(xa.mean()), "mean_b": float(xb.mean()),
            "diff_mean": mean, "diff_ci_low": mean - half, "diff_ci_high": mean + half,
            "var_paired": var_paired, "var_unpaired": var_unpaired,
            "variance_reduction": reduction,
            "significant": bool(mean - half > 0 or mean + half < 0)}


def paired_table(a: pd.DataFrame, b: pd.DataFrame, kpis: Sequence[str] | None = None,
                 confidence: float = 0.95) -> pd.DataFrame:
    """Per KPI: means, the mean of ``b - a`` with its paired t interval, variance reduction.

    Parameters
    ----------
    a, b
        One KPI row per replication (paired by ``replication``; failed ones left out).
    kpis
        KPIs to compare; ``None``: every numeric KPI column the two share.
    confidence
        Two-sided confidence level of the interval.
    """
    ok_a, ok_b = _ok(a), _ok(b)
    names = list(kpis) if kpis is not None else _kpi_columns(ok_a, ok_b)
    rows = []
    for name in names:
        if name not in ok_a or name not in ok_b:
            raise KeyError(f"compare: KPI {name!r} is not a column of both runs")
        rows.append({"kpi": name, **_paired_row(ok_a[name], ok_b[name], confidence)})
    return pd.DataFrame(rows, columns=["kpi", *COMPARE_COLUMNS]).set_index("kpi")
