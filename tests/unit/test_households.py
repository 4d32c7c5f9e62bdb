"""Columnar households: shares drawn per community, eligibility as row indices."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.agents.households import ATTRIBUTES, CommunityProfile, Households, generate_households

SHARES = {"has_elderly": "elderly_share", "has_disabled": "disabled_share",
          "has_minor": "minor_share", "low_income": "low_income_share",
          "minority_language": "minority_language_share"}


def profile(n: int, **kw: float) -> CommunityProfile:
    """A community of ``n`` households with the given shares (others default)."""
    values = {"mean_household_size": 2.62, "elderly_share": 0.3, "disabled_share": 0.1,
              "minor_share": 0.25, "low_income_share": 0.05, "minority_language_share": 0.2,
              "trust_mean": 0.6, "trust_concentration": 5.0, **kw}
    return CommunityProfile(households=n, **values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def region() -> Households:
    """Two communities with different shares."""
    profiles = [profile(30_000), profile(20_000, elderly_share=0.6, minority_language_share=0.0,
                                         trust_mean=0.3, mean_household_size=4.0)]
    return generate_households(profiles, np.random.default_rng(1))


def within_binomial(values: np.ndarray, p: float) -> bool:
    """Share of True in ``values`` within 4.5 binomial standard errors of ``p``."""
    n = values.shape[0]
    return abs(values.mean() - p) <= 4.5 * math.sqrt(p * (1 - p) / n) + 1e-12


def test_sizes_and_communities(region: Households) -> None:
    assert len(region) == 50_000
    assert np.array_equal(np.bincount(region.community), [30_000, 20_000])
    assert np.all(np.diff(region.community) >= 0)  # communities in order
    for column in ("size", "trust", *ATTRIBUTES):
        assert getattr(region, column).shape == (50_000,)


@pytest.mark.parametrize("attribute", ATTRIBUTES)
def test_shares_within_binomial_tolerance(region: Households, attribute: str) -> None:
    for index, prof in enumerate((profile(30_000), profile(20_000, elderly_share=0.6,
                                                           minority_language_share=0.0))):
        rows = region.community == index
        assert within_binomial(getattr(region, attribute)[rows], getattr(prof, SHARES[attribute]))


def test_household_size(region: Households) -> None:
    first, second = region.size[region.community == 0], region.size[region.community == 1]
    assert first.min() >= 1
    assert first.mean() == pytest.approx(2.62, abs=0.03)
    assert second.mean() == pytest.approx(4.0, abs=0.05)


def test_trust_is_beta_around_its_mean(region: Households) -> None:
    first, second = region.trust[region.community == 0], region.trust[region.community == 1]
    assert first.min() >= 0.0 and first.max() <= 1.0
    assert first.mean() == pytest.approx(0.6, abs=0.01)
    assert second.mean() == pytest.approx(0.3, abs=0.01)
    # Beta(m k, (1 - m) k) has variance m (1 - m) / (k + 1)
    assert first.var() == pytest.approx(0.6 * 0.4 / 6.0, rel=0.05)


@pytest.mark.parametrize("mean", [0.0, 1.0])
def test_trust_at_the_bounds_is_constant(mean: float) -> None:
    hh = generate_households([profile(100, trust_mean=mean)], np.random.default_rng(0))
    assert np.all(hh.trust == mean)


def test_eligible_indices(region: Households) -> None:
    assert np.array_equal(region.eligible("all"), np.arange(50_000))
    elderly = region.eligible("has_elderly")
    assert np.array_equal(elderly, np.flatnonzero(region.has_elderly))
    assert np.all(region.has_elderly[elderly])
    assert elderly.shape[0] == int(region.has_elderly.sum())
    assert np.all(np.diff(elderly) > 0)  # sorted, unique


def test_no_minority_in_a_community_without_one(region: Households) -> None:
    minority = region.eligible("minority_language")
    assert np.all(region.community[minority] == 0)


def test_same_generator_same_households() -> None:
    a = generate_households([profile(500)], np.random.default_rng(9))
    b = generate_households([profile(500)], np.random.default_rng(9))
    assert all(np.array_equal(getattr(a, c), getattr(b, c)) for c in ("size", "trust",
                                                                     *ATTRIBUTES))
