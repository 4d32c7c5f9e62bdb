"""Effort distributions and the small-mean Poisson sampler."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.distributions import DISTRIBUTIONS, make_lognormal, make_sampler, poisson
from sim.rng import Streams

N = 40_000


def sample(name: str, mean: float, cv: float = 0.5, n: int = N, seed: int = 3) -> np.ndarray:
    """``n`` draws of the sampler ``name``."""
    stream = Streams(seed, 0)["effort"]
    sampler = make_sampler(name, cv)
    return np.array([sampler(stream, mean) for _ in range(n)])


def test_fixed_is_fixed() -> None:
    values = sample("fixed", 1.75, n=100)
    assert np.all(values == 1.75)


def test_fixed_draws_nothing() -> None:
    streams = Streams(3, 0)
    make_sampler("fixed")(streams["a"], 2.0)
    assert streams["a"].uniform() == Streams(3, 0)["a"].uniform()


@pytest.mark.parametrize("name", ["exponential", "lognormal"])
@pytest.mark.parametrize("mean", [0.5, 2.0])
def test_sample_mean(name: str, mean: float) -> None:
    values = sample(name, mean)
    sd = mean * (1.0 if name == "exponential" else 0.5)
    assert values.mean() == pytest.approx(mean, abs=4.5 * sd / math.sqrt(N))
    assert values.min() > 0.0


def test_exponential_cv_is_one() -> None:
    values = sample("exponential", 3.0)
    assert values.std() / values.mean() == pytest.approx(1.0, abs=0.03)


@pytest.mark.parametrize("cv", [0.2, 0.5, 1.0])
def test_lognormal_cv(cv: float) -> None:
    values = sample("lognormal", 2.0, cv=cv, n=80_000)
    assert values.std() / values.mean() == pytest.approx(cv, rel=0.06)
    # log of a lognormal is normal with variance log(1 + cv^2)
    assert np.log(values).var() == pytest.approx(math.log(1 + cv * cv), rel=0.04)


def test_lognormal_zero_cv_is_the_mean() -> None:
    stream = Streams(1, 0)["x"]
    sampler = make_lognormal(0.0)
    assert all(sampler(stream, 1.5) == pytest.approx(1.5) for _ in range(10))


def test_unknown_distribution_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="gamma") as info:
        make_sampler("gamma")
    for name in DISTRIBUTIONS:
        assert name in str(info.value)


@pytest.mark.parametrize("mean", [0.3, 2.0, 6.0])
def test_poisson_mean_and_variance(mean: float) -> None:
    stream = Streams(4, 0)["poisson"]
    values = np.array([poisson(stream, mean) for _ in range(N)])
    assert values.mean() == pytest.approx(mean, abs=4.5 * math.sqrt(mean / N))
    assert values.var() == pytest.approx(mean, rel=0.05)
    assert values.min() >= 0


def test_poisson_of_zero_mean_is_zero_and_draws_nothing() -> None:
    streams = Streams(4, 0)
    assert poisson(streams["p"], 0.0) == 0
    assert poisson(streams["p"], -1.0) == 0
    assert streams["p"].exponential(1.0) == Streams(4, 0)["p"].exponential(1.0)
