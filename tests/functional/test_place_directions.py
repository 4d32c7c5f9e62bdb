"""Directions of effect in the two new places, paired under common random numbers.

Each comparison runs both configurations with the same master seed and replication numbers
(the ``arrivals``, ``referral`` and ``case`` streams are keyed by name, so both see the same
referrals). The scenarios run with their defaults, turnover and absences included: that is
where Xicheng's thin staffing bites (exploratory runs: with ``STATIC_WORKFORCE`` from
``scenario_overrides.py``, coverage is set by the working calendar and one more worker
changes it by less than 0.01 in each of 10 pairs). No theorem makes each pair move the same
way, so the checks are on the paired mean difference: its two-sided 95% t interval must
exclude zero in the stated direction.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from scipy import stats

from sim import load_config, run

PAIRS = 10
SEED = 20261121


@cache
def kpis(overrides: tuple[str, ...]) -> list[dict[str, float]]:
    """The KPIs of replications ``0 .. PAIRS-1`` (run once per configuration)."""
    cfg = load_config(list(overrides))
    return [run(cfg, seed=SEED, replication=i).kpis for i in range(PAIRS)]


def paired(base: list[str], alt: list[str], kpi: str) -> np.ndarray:
    """``kpi`` of ``alt`` minus that of ``base``, one difference per replication."""
    return np.array([b[kpi] - a[kpi] for a, b in zip(kpis(tuple(base)), kpis(tuple(alt)),
                                                       strict=True)])


def interval(diff: np.ndarray) -> tuple[float, float]:
    """Two-sided 95% t interval of the mean of ``diff``."""
    half = stats.t.ppf(0.975, len(diff) - 1) * diff.std(ddof=1) / np.sqrt(len(diff))
    return float(diff.mean() - half), float(diff.mean() + half)


@pytest.mark.slow
@pytest.mark.parametrize("kpi", ["timely_coverage", "timely_coverage_urgent"])
def test_more_staff_in_xicheng_raises_timely_coverage(kpi: str) -> None:
    base = ["scenario=xicheng"]
    diff = paired(base, [*base, "scenario.stations.service_centre.workers=3"], kpi)
    low, _ = interval(diff)
    assert low > 0.0, (kpi, diff)


@pytest.mark.slow
def test_bilingual_training_narrows_the_language_gap_in_border_county() -> None:
    base = ["scenario=border_county"]
    alt = [*base, "policy/training=bilingual"]
    assert load_config(alt).policy.training.per_year >= 1
    diff = paired(base, alt, "equity_gap_language")
    _, high = interval(diff)
    assert high < 0.0, diff
    minority = paired(base, alt, "timely_coverage_minority")
    assert interval(minority)[0] > 0.0, minority
