"""Unit tests of funding streams and policies."""

from __future__ import annotations

import numpy as np
import pytest

from sim.policies.funding import FundingStream
from sim.rng import Stream


def stream(seed: int = 0) -> Stream:
    return Stream(np.random.default_rng(seed))


def test_first_year_always_renews_later_years_by_probability() -> None:
    s = FundingStream("g", 1.0, 1, 0.0, 0.0)
    assert s.renews(0, 0.99)
    assert not s.renews(1, 0.0)
    assert FundingStream("g", 1.0, 1, 0.0, 0.7).renews(3, 0.69)


def test_instalments_without_volatility_are_exact() -> None:
    s = FundingStream("g", 0.5, 4, 0.0, 1.0)
    assert s.instalment(1000.0, stream()) == pytest.approx(125.0)
    assert s.payment_days() == pytest.approx([0.0, 91.25, 182.5, 273.75])


def test_volatile_instalments_keep_their_mean() -> None:
    s = FundingStream("d", 1.0, 12, 0.4, 1.0)
    src = stream(3)
    draws = np.array([s.instalment(1200.0, src) for _ in range(20000)])
    assert draws.mean() == pytest.approx(100.0, rel=0.02)
    assert draws.std() / draws.mean() == pytest.approx(0.4, rel=0.1)
