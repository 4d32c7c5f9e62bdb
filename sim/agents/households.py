"""Households held as columns (one numpy array per attribute, one row per household).

There is no process per household: households only matter when a need arises, so the cost
of a run grows with needs, not with households.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ATTRIBUTES = ("has_elderly", "has_disabled", "has_minor", "low_income", "minority_language")


@dataclass(frozen=True)
class CommunityProfile:
    """What the household generator needs to know of one community."""

    households: int
    mean_household_size: float
    elderly_share: float
    disabled_share: float
    minor_share: float
    low_income_share: float
    minority_language_share: float
    trust_mean: float
    trust_concentration: float


@dataclass(frozen=True)
class Households:
    """All households of a region, column by column."""

    community: np.ndarray
    size: np.ndarray
    has_elderly: np.ndarray
    has_disabled: np.ndarray
    has_minor: np.ndarray
    low_income: np.ndarray
    minority_language: np.ndarray
    trust: np.ndarray

    def __len__(self) -> int:
        return int(self.community.shape[0])

    def eligible(self, attribute: str) -> np.ndarray:
        """Row indices of households with ``attribute`` (``"all"``: every household)."""
        if attribute == "all":
            return np.arange(len(self), dtype=np.int64)
        return np.flatnonzero(getattr(self, attribute))


def _trust(rng: np.random.Generator, n: int, mean: float, concentration: float) -> np.ndarray:
    """Referral propensities, Beta-distributed around ``mean``."""
    if mean <= 0.0 or mean >= 1.0:
        return np.full(n, mean)
    return rng.beta(mean * concentration, (1.0 - mean) * concentration, size=n)


def _one_community(rng: np.random.Generator, index: int, p: CommunityProfile) -> dict:
    n = p.households
    return {
        "community": np.full(n, index, dtype=np.int32),
        "size": (1 + rng.poisson(p.mean_household_size - 1.0, size=n)).astype(np.int16),
        "has_elderly": rng.random(n) < p.elderly_share,
        "has_disabled": rng.random(n) < p.disabled_share,
        "has_minor": rng.random(n) < p.minor_share,
        "low_income": rng.random(n) < p.low_income_share,
        "minority_language": rng.random(n) < p.minority_language_share,
        "trust": _trust(rng, n, p.trust_mean, p.trust_concentration),
    }


def generate_households(profiles: list[CommunityProfile], rng: np.random.Generator) -> Households:
    """Draw every household of the region from its community's shares."""
    parts = [_one_community(rng, i, p) for i, p in enumerate(profiles)]
    columns = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
    return Households(**columns)
