"""Confidence intervals of a KPI's mean across replications that respect the KPI's range.

The t interval of the mean is used while it lies inside the range the KPI declares in the
registry (:mod:`sim.analysis.kpis`). Where it would leave it -- ``served_share`` near 1,
``abandonment_rate`` near 0, a count near 0 -- another interval is used:

- a KPI with a finite range (a share in [0, 1], a difference of shares in [-1, 1]): a
  Wilson-type score interval on the range scaled to [0, 1], with the effective sample size
  ``p(1 - p) / Var(mean)`` that makes its variance the replications' (as for proportions
  from clustered samples) and the t quantile with ``n - 1`` degrees of freedom. A score
  interval lies inside [0, 1] by construction, so a share's interval never leaves it;
- a KPI bounded on one side (counts, durations, money): the t interval cut at the bound. The
  mean cannot lie beyond it, so cutting there keeps every true mean the interval covered.

``interval(values, kpi, confidence)`` is the public entry: ``(low, mean, high)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.analysis.registry import Range

UNBOUNDED: Range = (-math.inf, math.inf)


@dataclass(frozen=True)
class Interval:
    """A confidence interval of a mean: bounds, mean, and how it was made (``t``, ``wilson``,
    ``t-cut`` or ``none``)."""

    low: float
    mean: float
    high: float
    method: str

    @property
    def halfwidth(self) -> float:
        """Half the interval's width (it need not be symmetric about the mean)."""
        return (self.high - self.low) / 2.0


def t_quantile(confidence: float, dof: int) -> float:
    """The two-sided ``confidence`` quantile of Student's t with ``dof`` degrees of freedom."""
    from scipy import stats  # noqa: PLC0415 - scipy costs ~0.5 s to import; only needed here

    return float(stats.t.ppf(0.5 + confidence / 2.0, dof))


def t_halfwidth(values: np.ndarray, confidence: float = 0.95) -> float:
    """Half-width of the t confidence interval of the mean of ``values`` (NaN below 2)."""
    n = values.shape[0]
    if n < 2:
        return math.nan
    sd = float(np.std(values, ddof=1))
    return t_quantile(confidence, n - 1) * sd / math.sqrt(n)


def kpi_range(kpi: str | None) -> Range:
    """The range the registry declares for ``kpi`` (unbounded for a name it does not know)."""
    from sim.analysis.kpis import KPI_BY_NAME  # noqa: PLC0415 - kpis imports the KPI context

    item = KPI_BY_NAME.get(kpi or "")
    return UNBOUNDED if item is None else item.range


def wilson_bounds(mean: float, var_mean: float, z: float, bounds: Range) -> tuple[float, float]:
    """Wilson-type score interval of a mean in the finite ``bounds`` (scaled to [0, 1]).

    Parameters
    ----------
    mean, var_mean
        The sample mean and the estimated variance of the mean (``s^2 / n``).
    z
        The quantile (t with ``n - 1`` degrees of freedom).
    bounds
        The finite range of the values.
    """
    lo, hi = bounds
    span = hi - lo
    p, v = (mean - lo) / span, var_mean / span**2
    if v == 0.0:
        return mean, mean
    n_eff = max(p * (1.0 - p), 1e-300) / v
    denom = 1.0 + z * z / n_eff
    centre = (p + z * z / (2.0 * n_eff)) / denom
    half = z / denom * math.sqrt(v + z * z / (4.0 * n_eff * n_eff))
    low, high = max(centre - half, 0.0), min(centre + half, 1.0)
    return lo + span * low, lo + span * high


def mean_interval(values: Sequence[float] | np.ndarray, bounds: Range = UNBOUNDED,
                  confidence: float = 0.95) -> Interval:
    """The confidence interval of the mean of ``values`` inside ``bounds``.

    Parameters
    ----------
    values
        One value per replication; NaNs (KPI undefined in a replication) are left out.
    bounds
        The closed range every value and the mean can take.
    confidence
        Two-sided confidence level, in (0, 1).

    Returns
    -------
    Interval
        The t interval if it lies inside ``bounds`` (``method="t"``), or if some values are
        outside ``bounds`` (``"t-unbounded"``: they are not the KPI's, e.g. differences), else
        the Wilson-type
        interval for a finite range (``"wilson"``) or the t interval cut at the bound
        (``"t-cut"``); NaN bounds for fewer than two values (``"none"``).
    """
    clean = np.asarray(values, dtype=float)
    clean = clean[~np.isnan(clean)]
    if clean.size == 0:
        return Interval(math.nan, math.nan, math.nan, "none")
    mean = float(clean.mean())
    if clean.size < 2:
        return Interval(math.nan, mean, math.nan, "none")
    lo, hi = bounds
    half = t_halfwidth(clean, confidence)
    if clean.min() < lo or clean.max() > hi:
        # not values of the KPI (e.g. differences between two runs'): its range does not apply
        return Interval(mean - half, mean, mean + half, "t-unbounded")
    if lo <= mean - half and mean + half <= hi:
        return Interval(mean - half, mean, mean + half, "t")
    if math.isfinite(lo) and math.isfinite(hi):
        z = t_quantile(confidence, clean.size - 1)
        low, high = wilson_bounds(mean, float(np.var(clean, ddof=1)) / clean.size, z, bounds)
        # a score interval is inside the range; the clip only absorbs rounding
        return Interval(max(low, lo), mean, min(high, hi), "wilson")
    return Interval(max(mean - half, lo), mean, min(mean + half, hi), "t-cut")


def interval(values: Sequence[float] | np.ndarray, kpi: str | None = None,
             confidence: float = 0.95) -> tuple[float, float, float]:
    """``(low, mean, high)``: the confidence interval of a KPI's mean, inside its range.

    Parameters
    ----------
    values
        The KPI's value in each replication.
    kpi
        Its name in the registry (gives the range); ``None`` or an unknown name: unbounded.
    confidence
        Two-sided confidence level; ``low`` is then a lower confidence bound at level
        ``(1 + confidence) / 2``.
    """
    found = mean_interval(values, kpi_range(kpi), confidence)
    return found.low, found.mean, found.high
