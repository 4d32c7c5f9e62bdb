"""Regimes of a run: the replications with and without an event, side by side.

A mean over replications can hide two regimes, e.g. the replications in which a funding
stream failed to renew (``funding_gap_days > 0``) and those in which every stream renewed.
:func:`regime_table` splits the finished replications by whether a column is positive and
gives each regime's share of them and its KPI means.
"""

from __future__ import annotations

from collections.abc import Sequence

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
