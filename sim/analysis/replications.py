"""How many replications a question needs: the confidence-interval method.

Law (*Simulation Modeling and Analysis*, 5th ed. 2015, sec. 9.4.1) and Robinson
(*Simulation: The Practice of Model Development and Use*, 2nd ed. 2014, ch. 9): with the
sample variance ``S^2(n)`` of ``n`` replications, the number needed for a confidence
interval of half-width at most ``h`` is the smallest ``i >= n`` with
``t_{i-1, 1-a/2} * sqrt(S^2(n) / i) <= h``. With a relative target ``g``, ``h = g * |mean|``.
Used sequentially (run, estimate, run more until the half-width is met, as in sim-tools'
replications algorithm), it is the loop of :mod:`sim.precision`; :func:`precision_status`
says where each target stands.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.analysis.intervals import t_quantile

MAX_SEARCH = 1_000_000
"""No count above this is returned (the search stops there and says so)."""


def achieved_halfwidth(values: np.ndarray, confidence: float = 0.95) -> float:
    """The t half-width the ``values`` themselves give (NaN below two values)."""
    if values.size < 2:
        return math.nan
    return t_quantile(confidence, values.size - 1) * float(np.std(values, ddof=1)) \
        / math.sqrt(values.size)


def replications_needed(values: Sequence[float] | np.ndarray, half_width: float,
                        relative: bool = True, confidence: float = 0.95) -> int:
    """Replications needed for a CI half-width of at most ``half_width`` (the CI method).

    Parameters
    ----------
    values
        The KPI in each replication run so far (at least two; NaNs are left out).
    half_width
        The target half-width: a fraction of the mean if ``relative``, else in the KPI's unit.
    relative
        Whether ``half_width`` is relative to the mean's magnitude.
    confidence
        Two-sided confidence level, in (0, 1).

    Returns
    -------
    int
        The smallest ``i >= len(values)`` whose t half-width with the current sample variance
        is at most the target (``len(values)`` if that already meets it).

    Raises
    ------
    ValueError
        For fewer than two values, a target that is not positive, a confidence outside
        (0, 1), a relative target with a mean of 0, or a count above :data:`MAX_SEARCH`.
    """
    clean = np.asarray(values, dtype=float)
    clean = clean[~np.isnan(clean)]
    if clean.size < 2:
        raise ValueError(f"replications_needed: needs at least 2 values, got {clean.size}")
    if not half_width > 0:
        raise ValueError(f"replications_needed: half_width must be > 0, got {half_width}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"replications_needed: confidence must be in (0, 1), got {confidence}")
    target = half_width * abs(float(clean.mean())) if relative else half_width
    if not target > 0:
        raise ValueError("replications_needed: a relative half-width needs a non-zero mean")
    sd = float(np.std(clean, ddof=1))
    if sd == 0.0:
        return int(clean.size)
    # t_{i-1} decreases in i: start from the normal approximation, then step to the first i
    z = t_quantile(confidence, 10**9)
    i = max(int(clean.size), math.ceil((z * sd / target) ** 2) - 1, 2)
    while i > clean.size and t_quantile(confidence, i - 2) * sd / math.sqrt(i - 1) <= target:
        i -= 1
    while t_quantile(confidence, i - 1) * sd / math.sqrt(i) > target:
        i += 1
        if i > MAX_SEARCH:
            raise ValueError(f"replications_needed: more than {MAX_SEARCH} replications")
    return i


# --------------------------------------------------------------------------- precision targets


@dataclass(frozen=True)
class PrecisionStatus:
    """Where one KPI's precision stands after some replications."""

    kpi: str
    target: float
    achieved: float
    n: int
    needed: int

    @property
    def met(self) -> bool:
        """Whether the achieved half-width is within the target."""
        return not math.isnan(self.achieved) and self.achieved <= self.target


def precision_status(rows: list[dict[str, Any]], targets: dict[str, float],
                     confidence: float = 0.95) -> list[PrecisionStatus]:
    """Each target KPI's achieved t half-width and estimated replications needed."""
    ok = [r for r in rows if r.get("error") is None]
    out = []
    for name, target in targets.items():
        values = np.array([r.get(name, math.nan) for r in ok], dtype=float)
        values = values[~np.isnan(values)]
        achieved = achieved_halfwidth(values, confidence)
        if values.size < 2:  # too few defined values to estimate: ask for twice as many
            needed = 2 * max(len(rows), 1)
        else:
            needed = replications_needed(values, target, relative=False,
                                         confidence=confidence)
            needed = len(rows) + max(needed - values.size, 0)
        out.append(PrecisionStatus(name, target, achieved, int(values.size), needed))
    return out


def format_precision(statuses: list[PrecisionStatus], cap: int) -> list[str]:
    """Markdown table lines: each target, what was achieved, whether it was met."""
    lines = ["| KPI | target ± | achieved ± | n | met |", "|---|---:|---:|---:|---|"]
    for s in statuses:
        met = "yes" if s.met else f"no (cap {cap}; about {s.needed} needed)"
        lines.append(f"| `{s.kpi}` | {s.target:g} | {s.achieved:.4g} | {s.n} | {met} |")
    return lines
