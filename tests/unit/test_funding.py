"""Unit tests of funding streams and policies."""

from __future__ import annotations

import numpy as np
import pytest

from sim.checks import ConfigError
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


def test_a_renewed_stream_pays_every_instalment_in_full() -> None:
    s = FundingStream("g", 1.0, 4, 0.0, 1.0, gap_months=3.0)
    assert s.payments(True) == [(0.0, 1.0), (91.25, 1.0), (182.5, 1.0), (273.75, 1.0)]


def test_a_failed_renewal_loses_the_gaps_share_of_the_year() -> None:
    annual = FundingStream("g", 1.0, 1, 0.0, 0.9, gap_months=3.0)
    assert annual.payments(False) == [(pytest.approx(91.25), pytest.approx(0.75))]
    monthly = FundingStream("m", 1.0, 12, 0.0, 0.9, gap_months=3.0)
    paid = monthly.payments(False)
    assert [f for _, f in paid] == [1.0] * 9
    assert paid[0][0] == pytest.approx(91.25)
    quarterly = FundingStream("q", 1.0, 4, 0.0, 0.9, gap_months=4.0)
    assert quarterly.payments(False) == [(pytest.approx(365 / 3), pytest.approx(2 / 3)),
                                         (182.5, 1.0), (273.75, 1.0)]
    for s in (annual, monthly, quarterly):  # the year pays 1 - gap / 12 of the stream
        assert sum(f for _, f in s.payments(False)) / s.payments_per_year == \
            pytest.approx(1 - s.gap_months / 12)


def test_a_gap_of_zero_pays_as_a_renewal_and_a_year_long_gap_pays_nothing() -> None:
    for n in (1, 4, 12):
        assert FundingStream("g", 1.0, n, 0.0, 0.5, 0.0).payments(False) == \
            FundingStream("g", 1.0, n, 0.0, 0.5, 0.0).payments(True)
        assert FundingStream("g", 1.0, n, 0.0, 0.5, 12.0).payments(False) == []


@pytest.mark.parametrize("months", [-1.0, 12.5])
def test_a_gap_lasts_zero_to_twelve_months(months: float) -> None:
    with pytest.raises(ConfigError, match="gap_months"):
        FundingStream("g", 1.0, 1, 0.0, 0.9, months).check("streams.g", "g")
