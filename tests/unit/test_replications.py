"""The confidence-interval method on a metric of known variance."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from sim.analysis.replications import achieved_halfwidth, replications_needed


def exact_sample(mean: float, sd: float, n: int = 50) -> np.ndarray:
    """``n`` values whose sample mean and sample sd are exactly ``mean`` and ``sd``."""
    z = np.random.default_rng(0).standard_normal(n)
    return mean + sd * (z - z.mean()) / z.std(ddof=1)


def by_brute_force(sd: float, h: float, start: int, confidence: float = 0.95) -> int:
    i = start
    while stats.t.ppf(0.5 + confidence / 2, i - 1) * sd / math.sqrt(i) > h:
        i += 1
    return i


@pytest.mark.parametrize(("sd", "h"), [(1.0, 0.2), (2.0, 0.1), (0.05, 0.01), (3.0, 2.0)])
def test_absolute_target_on_a_metric_of_known_variance(sd: float, h: float) -> None:
    values = exact_sample(5.0, sd, n=3)
    expected = by_brute_force(sd, h, 3)
    assert replications_needed(values, h, relative=False) == expected
    if sd == 1.0:  # t_{98} / sqrt(99) = 0.1994 <= 0.2 < t_{97} / sqrt(98) = 0.2005
        assert expected == 99


def test_relative_target_and_confidence() -> None:
    values = exact_sample(10.0, 2.0, n=5)
    # 5% of the mean 10: half-width 0.5
    assert replications_needed(values, 0.05) == by_brute_force(2.0, 0.5, 5)
    assert replications_needed(values, 0.05, confidence=0.9) == by_brute_force(2.0, 0.5, 5, 0.9)


def test_enough_replications_already_and_constant_values() -> None:
    values = exact_sample(1.0, 0.1, n=200)
    assert achieved_halfwidth(values) < 0.05
    assert replications_needed(values, 0.05, relative=False) == 200
    assert replications_needed([3.0, 3.0, 3.0], 0.01) == 3


def test_estimate_from_a_sample_is_close_to_the_truth() -> None:
    """With sd estimated from 500 draws of N(0, 4^2), the count is within 15% of the true one."""
    values = np.random.default_rng(11).normal(20.0, 4.0, 500)
    truth = by_brute_force(4.0, 0.25, 2)
    assert replications_needed(values[:2], 0.25, relative=False) >= 2
    assert abs(max(replications_needed(values, 0.25, relative=False), truth) / truth - 1) < 0.15


@pytest.mark.parametrize(("values", "kwargs", "match"), [
    ([1.0], {}, "at least 2"),
    ([1.0, 2.0], {"half_width": 0.0}, "> 0"),
    ([1.0, 2.0], {"confidence": 1.0}, "confidence"),
    ([-1.0, 1.0], {}, "non-zero mean"),
])
def test_bad_arguments(values: list[float], kwargs: dict[str, float], match: str) -> None:
    args = {"half_width": 0.1, **kwargs}
    with pytest.raises(ValueError, match=match):
        replications_needed(values, **args)
