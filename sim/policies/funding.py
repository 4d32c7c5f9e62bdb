"""Funding policies: when money reaches the agency, and how much.

A policy is a set of streams, each a share of the annual budget paid in equal instalments,
with its own volatility (lognormal, mean one) and a probability of renewal at the start of
every contract year after the first; a stream that fails to renew pays nothing that year.

=====================  ======================================================================
``single_government``  one annual government purchase-of-service grant (renewal risk)
``diversified``        government, community fund, donations, social capital: independent
                       shocks, same mean budget
``per_capita``         a monthly amount per household, no renewal risk
=====================  ======================================================================
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.distributions import DrawSource, make_lognormal
from sim.units import DAYS_PER_YEAR


@dataclass(frozen=True)
class FundingStream:
    """One source of money."""

    name: str
    share: float
    payments_per_year: int
    volatility: float
    renewal_prob: float

    def renews(self, year: int, u: float) -> bool:
        """Whether the stream pays in contract year ``year`` (the first always does)."""
        return year == 0 or u < self.renewal_prob

    def instalment(self, budget: float, source: DrawSource) -> float:
        """One payment: the mean instalment times a mean-one lognormal shock."""
        mean = budget * self.share / self.payments_per_year
        if self.volatility <= 0.0:
            return mean
        return make_lognormal(self.volatility)(source, mean)

    def payment_days(self) -> list[float]:
        """Days within a contract year at which instalments are paid."""
        step = DAYS_PER_YEAR / self.payments_per_year
        return [k * step for k in range(self.payments_per_year)]


@dataclass(frozen=True)
class FundingPolicy:
    """The agency's funding: an annual budget split over streams."""

    name: str
    budget_per_year: float
    streams: tuple[FundingStream, ...]
