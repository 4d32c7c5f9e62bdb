"""Effort distributions: how long a task takes, given its mean.

Each is a small callable built once from config; all draw from a :class:`sim.rng.Stream`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol


class DrawSource(Protocol):
    """What a distribution needs from a stream."""

    def uniform(self) -> float: ...

    def exponential(self, mean: float) -> float: ...


Sampler = Callable[[DrawSource, float], float]

DISTRIBUTIONS = ("exponential", "fixed", "lognormal")


def _fixed(stream: DrawSource, mean: float) -> float:
    return mean


def _exponential(stream: DrawSource, mean: float) -> float:
    return stream.exponential(mean)


def make_lognormal(cv: float) -> Sampler:
    """A lognormal sampler with coefficient of variation ``cv`` (Box-Muller from uniforms)."""
    sigma2 = math.log(1.0 + cv * cv)
    sigma = math.sqrt(sigma2)

    def sample(stream: DrawSource, mean: float) -> float:
        u1 = 1.0 - stream.uniform()  # in (0, 1], so log is finite
        u2 = stream.uniform()
        z = math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)
        return mean * math.exp(sigma * z - sigma2 / 2.0)

    return sample


def make_sampler(name: str, cv: float = 0.5) -> Sampler:
    """The sampler called ``name`` (one of :data:`DISTRIBUTIONS`)."""
    if name == "fixed":
        return _fixed
    if name == "exponential":
        return _exponential
    if name == "lognormal":
        return make_lognormal(cv)
    raise ValueError(f"unknown distribution {name!r}; allowed: {', '.join(DISTRIBUTIONS)}")


def poisson(stream: DrawSource, mean: float) -> int:
    """A Poisson draw by counting exponential gaps in one unit of time (small means)."""
    if mean <= 0.0:
        return 0
    count, total = 0, stream.exponential(1.0 / mean)
    while total < 1.0:
        count += 1
        total += stream.exponential(1.0 / mean)
    return count
