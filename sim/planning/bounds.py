"""The KPI's confidence interval across replications, kept inside the KPI's declared range.

The planner's view of :func:`sim.analysis.intervals.interval` (the output analysis's
range-respecting interval: a t-interval where it fits, a Wilson-type score interval for a
share near its bound, a count's never below 0), with the number of replications beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.analysis.intervals import interval


@dataclass(frozen=True)
class Interval:
    """Mean and two-sided confidence interval of a KPI over ``n`` replications."""

    n: int
    mean: float
    low: float
    high: float


def kpi_interval(values: np.ndarray, kpi: str, confidence: float) -> Interval:
    """The range-respecting interval of the mean of ``values`` (NaN dropped).

    Fewer than two values give an interval of NaN (nothing can be claimed).
    """
    finite = values[~np.isnan(values)]
    n = int(finite.shape[0])
    if n == 0:
        return Interval(0, math.nan, math.nan, math.nan)
    low, mean, high = interval(finite, kpi, confidence)
    return Interval(n, float(mean), float(low), float(high))
