"""The KPI's confidence interval across replications, kept inside the KPI's declared range.

A t-interval of the mean clipped to the range the KPI registry declares
(:data:`sim.analysis.kpis.KPI_BY_NAME`): a share's interval never leaves [0, 1], a count's
never goes below 0. A small local stand-in until the output-analysis module of issue 10
(intervals that respect each KPI's range) lands; the planner calls only :func:`kpi_interval`,
so switching is one import.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.analysis.kpis import KPI_BY_NAME
from sim.analysis.summary import t_halfwidth


@dataclass(frozen=True)
class Interval:
    """Mean and two-sided confidence interval of a KPI over ``n`` replications."""

    n: int
    mean: float
    low: float
    high: float


def kpi_interval(values: np.ndarray, kpi: str, confidence: float) -> Interval:
    """The t-interval of the mean of ``values`` (NaN dropped), clipped to ``kpi``'s range.

    Fewer than two values give an interval of NaN (nothing can be claimed).
    """
    finite = values[~np.isnan(values)]
    n = int(finite.shape[0])
    if n == 0:
        return Interval(0, math.nan, math.nan, math.nan)
    mean = float(finite.mean())
    half = t_halfwidth(finite, confidence)
    if math.isnan(half):
        return Interval(n, mean, math.nan, math.nan)
    lo, hi = KPI_BY_NAME[kpi].range
    return Interval(n, mean, max(lo, mean - half), min(hi, mean + half))
