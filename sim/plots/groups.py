"""Which replications a figure draws together: finished ones, one group per variant.

Rows of different variants (``variant`` label, and ``scenario``/``dispatch``) are never
pooled: every figure draws one bar, line or panel per group of :func:`variant_groups`.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd

from sim.analysis.intervals import interval, t_halfwidth

VARIANT_KEYS = ("scenario", "dispatch", "variant")
"""Columns whose combination is one variant."""


def succeeded(replications: pd.DataFrame) -> pd.DataFrame:
    """The rows of replications that did not fail (all rows if there is no ``error``)."""
    if "error" not in replications:
        return replications
    return replications[replications["error"].isna()]


def variant_groups(rows: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """``(label, rows)`` per variant in order of appearance (one ``all`` group if unlabelled).

    The label joins scenario, dispatch and variant (``default`` left out).
    """
    keys = [k for k in VARIANT_KEYS if k in rows]
    if not keys or rows.empty:
        return [("all", rows)]
    groups = []
    for key, group in rows.groupby(keys, sort=False, dropna=False):
        parts = key if isinstance(key, tuple) else (key,)
        named = [str(p) for k, p in zip(keys, parts, strict=True)
                 if not (k == "variant" and p == "default")]
        groups.append((" / ".join(named) or "all", group))
    return groups


def wrapped(label: str, width: int = 36) -> str:
    """A variant label broken into lines of at most ``width`` characters (at spaces)."""
    return textwrap.fill(label, width=width, break_long_words=False, break_on_hyphens=False)


def mean_ci(values: pd.Series) -> tuple[float, float]:
    """Mean and t-based 95% CI half-width of the non-missing values (NaN when undefined)."""
    clean = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    if clean.size == 0:
        return math.nan, math.nan
    return float(clean.mean()), t_halfwidth(clean)


def kpi_interval(values: pd.Series, kpi: str) -> tuple[float, float, float]:
    """``(low, mean, high)``: the 95% CI of a KPI's mean inside the KPI's declared range."""
    return interval(pd.to_numeric(values, errors="coerce").to_numpy(dtype=float), kpi)
