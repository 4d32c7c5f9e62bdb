"""Regimes of a run: the replications with and without an event, side by side.

A mean over replications can hide two regimes, e.g. the replications in which a funding
stream failed to renew (``funding_gap_days > 0``) and those in which every stream renewed.
:func:`regime_table` splits the finished replications by whether a column is positive and
gives each regime's share of them and its KPI means. :func:`bimodal_table` finds KPIs whose
replications fall into two separate modes whatever caused them (an empty gap between them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

REGIME_COLUMNS = ("regime", "replications", "share", "kpi", "n", "mean")
"""Columns of :func:`regime_table`."""
FUNDING_REGIMES = ("no funding gap", "funding gap")
"""Labels of the regimes split by ``funding_gap_days`` (zero, positive)."""
DEFAULT_KPIS = ("funding_gap_days", "layoffs", "workers", "timely_coverage")


def regime_table(replications: pd.DataFrame, by: str = "funding_gap_days",
                 kpis: Sequence[str] = DEFAULT_KPIS,
                 labels: tuple[str, str] = FUNDING_REGIMES) -> pd.DataFrame:
    """Each regime's share of the replications and its KPI means.

    Parameters
    ----------
    replications
        One row per replication; rows with an ``error`` (failed runs) and rows where ``by``
        is missing are left out.
    by
        The column that defines the regimes: ``by == 0`` is the first, ``by > 0`` the second.
    kpis
        Columns to average in each regime (those not in ``replications`` are skipped).
    labels
        Names of the regimes without and with a positive ``by``.

    Returns
    -------
    DataFrame
        One row per (regime, KPI), both regimes always, in :data:`REGIME_COLUMNS`:
        ``replications`` in the regime, their ``share`` of the split replications, and the
        KPI's ``mean`` over the ``n`` of them where it is defined (NaN if none). Empty when
        ``by`` is not a column or no replication can be split.
    """
    ok = replications[replications["error"].isna()] if "error" in replications else replications
    if by not in ok or ok[by].notna().sum() == 0:
        return pd.DataFrame(columns=list(REGIME_COLUMNS))
    ok = ok[ok[by].notna()]
    positive = ok[by].astype(float) > 0
    rows = []
    for label, members in zip(labels, (ok[~positive], ok[positive]), strict=True):
        for kpi in (k for k in kpis if k in ok):
            values = pd.to_numeric(members[kpi], errors="coerce").dropna()
            rows.append({"regime": label, "replications": len(members),
                         "share": len(members) / len(ok), "kpi": kpi, "n": len(values),
                         "mean": float(values.mean()) if len(values) else float("nan")})
    return pd.DataFrame(rows, columns=list(REGIME_COLUMNS))


# --------------------------------------------------------------------------- bimodal KPIs

SPLIT_COLUMNS = ("kpi", "n", "low_n", "low_mean", "low_max", "high_n", "high_mean",
                 "high_min", "separation")
"""Columns of :func:`bimodal_table`."""
SEPARATION = 3.0
"""An empty gap wider than this many within-mode standard deviations splits two modes
(normal samples of 10 replications are split so about 3% of the time, of 20 almost never;
a long right tail is split more often: the report shows both modes so a reader can judge)."""
MIN_GROUP_SHARE = 0.1
"""A mode holds at least this share of the replications (and at least 2)."""


def widest_gap_split(values: np.ndarray, least: int) -> int:
    """Size of the low group at the widest gap of the sorted ``values`` that leaves at least
    ``least`` values on each side (``values`` sorted, ``len >= 2 * least``)."""
    cuts = np.arange(least, values.size - least + 1)
    return int(cuts[np.argmax(values[cuts] - values[cuts - 1])])


def separation(low: np.ndarray, high: np.ndarray) -> float:
    """The gap between two sorted groups over their pooled standard deviation (``inf`` if
    both are constant)."""
    dof = low.size + high.size - 2
    pooled = math.sqrt(float((low.size - 1) * np.var(low, ddof=1)
                             + (high.size - 1) * np.var(high, ddof=1)) / dof)
    gap = float(high[0] - low[-1])
    if pooled == 0.0:
        return math.inf if gap > 0 else 0.0
    return gap / pooled


def bimodal_split(values: np.ndarray) -> dict[str, float] | None:
    """The two modes of ``values`` if an empty gap splits them, else ``None``.

    The split is at the widest gap between sorted values that leaves at least
    :data:`MIN_GROUP_SHARE` of them (and 2) on each side; it counts when the gap is wider
    than :data:`SEPARATION` pooled within-group standard deviations.
    """
    x = np.sort(values[~np.isnan(values)])
    least = max(2, math.ceil(MIN_GROUP_SHARE * x.size))
    if x.size < 2 * least or x[0] == x[-1]:
        return None
    cut = widest_gap_split(x, least)
    low, high = x[:cut], x[cut:]
    d = separation(low, high)
    if d <= SEPARATION:
        return None
    return {"n": float(x.size), "low_n": float(low.size), "low_mean": float(low.mean()),
            "low_max": float(low[-1]), "high_n": float(high.size),
            "high_mean": float(high.mean()), "high_min": float(high[0]), "separation": d}


def bimodal_table(replications: pd.DataFrame, kpis: Sequence[str]) -> pd.DataFrame:
    """One row per KPI of ``kpis`` whose replications split into two separate modes."""
    ok = replications[replications["error"].isna()] if "error" in replications else replications
    rows = []
    for kpi in (k for k in kpis if k in ok):
        split = bimodal_split(pd.to_numeric(ok[kpi], errors="coerce").to_numpy(dtype=float))
        if split is not None:
            rows.append({"kpi": kpi, **split})
    return pd.DataFrame(rows, columns=list(SPLIT_COLUMNS))
