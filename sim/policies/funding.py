"""Funding policies: when money reaches the agency, and how much.

A policy is a set of streams, each a share of the annual budget paid in equal instalments,
with its own volatility (lognormal, mean one) and a probability of renewal at the start of
every contract year after the first. A stream that fails to renew is re-tendered: it pays
nothing for ``gap_months`` from the start of the contract year, then pays again for the rest
of that year. Instalments due in the gap are lost; the first instalment after the gap is paid
at the gap's end, pro-rated to the part of its period that is left, and later instalments
come on their usual days. A failed year thus loses exactly ``gap_months / 12`` of the
stream's annual amount (``gap_months: 12`` is a whole year without money).

=====================  ======================================================================
``single_government``  one annual government purchase-of-service grant (renewal risk)
``diversified``        government, community fund, donations, social capital: independent
                       shocks, same mean budget
``per_capita``         a monthly amount per household, no renewal risk
``unlimited``          money is no limit (the queueing validation scenario uses it)
=====================  ======================================================================

The budget of ``single_government`` and ``diversified`` is ``scenario.agency.budget_per_year``
or, when that is null, the initial target headcount's cost times ``1 + budget_margin``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sim.checks import check_min, check_share, not_allowed
from sim.distributions import DrawSource, make_lognormal
from sim.policies.registry import Family, Option, Parameters
from sim.units import DAYS_PER_YEAR

MONTHS_PER_YEAR = 12.0
_EPS = 1e-9


@dataclass
class FundingStream:
    """One source of money (as a parameter, ``name`` is its key under ``streams``).

    Parameters
    ----------
    name
        The stream's name; the factory names each stream by its key.
    share
        Share of the annual budget.
    payments_per_year
        Equal instalments per contract year.
    volatility
        Coefficient of variation of a mean-one lognormal shock on each instalment.
    renewal_prob
        Probability that the stream renews at the start of a contract year after the first
        (it fails, and is re-tendered, with probability ``1 - renewal_prob``).
    gap_months
        Months without payment after a failed renewal (at most 12: the contract year).
    """

    name: str = ""
    share: float = 1.0
    payments_per_year: int = 1
    volatility: float = 0.0
    renewal_prob: float = 1.0
    gap_months: float = 3.0

    def renews(self, year: int, u: float) -> bool:
        """Whether the stream renews for contract year ``year`` (the first always does)."""
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

    @property
    def gap_days(self) -> float:
        """Days from the start of a contract year a failed renewal pays nothing."""
        return min(self.gap_months, MONTHS_PER_YEAR) * DAYS_PER_YEAR / MONTHS_PER_YEAR

    def payments(self, renewed: bool) -> list[tuple[float, float]]:
        """``(day within the contract year, fraction of an instalment)`` of each payment.

        Renewed: every instalment in full. Not renewed: the instalments whose period ends
        within the gap are lost; one whose period straddles the gap's end is paid at the
        gap's end for the part of its period left; later ones in full. A gap of zero pays
        as a renewal does.
        """
        step = DAYS_PER_YEAR / self.payments_per_year
        gap = 0.0 if renewed else self.gap_days
        paid: list[tuple[float, float]] = []
        for day in self.payment_days():
            if day + step <= gap + _EPS:
                continue
            paid.append((day, 1.0) if day >= gap - _EPS else (gap, (day + step - gap) / step))
        return paid

    def check(self, key: str, name: str) -> None:
        """A share, one payment or more, volatility ``>= 0``, a probability, a 0-12 month gap."""
        if self.name not in ("", name):
            raise not_allowed(f"{key}.name", self.name, f"a stream is named by its key ({name})")
        check_share(f"{key}.share", self.share)
        check_min(f"{key}.payments_per_year", self.payments_per_year, 1)
        check_min(f"{key}.volatility", self.volatility, 0.0)
        check_share(f"{key}.renewal_prob", self.renewal_prob)
        check_min(f"{key}.gap_months", self.gap_months, 0.0)
        if self.gap_months > MONTHS_PER_YEAR:
            raise not_allowed(f"{key}.gap_months", self.gap_months,
                              "a gap lasts at most the contract year (12 months)")


@dataclass(frozen=True)
class FundingPolicy:
    """The agency's funding: an annual budget split over streams."""

    name: str
    budget_per_year: float
    streams: tuple[FundingStream, ...]


@dataclass(frozen=True)
class FundingContext:
    """What a funding option may know when it sets the budget.

    Parameters
    ----------
    households
        Households in the region.
    target_headcount
        The initial target headcount over all stations.
    agency_budget_per_year
        ``scenario.agency.budget_per_year`` (``None``: sized by the policy).
    cost_per_worker_year
        What one worker costs a year.
    """

    households: int
    target_headcount: int
    agency_budget_per_year: float | None
    cost_per_worker_year: float


def check_streams(key: str, streams: dict[str, FundingStream], *, required: bool) -> None:
    """Each stream's values, and shares that sum to one."""
    if required and not streams:
        raise not_allowed(f"{key}.streams", {}, "at least one funding stream is required")
    for name, stream in streams.items():
        stream.check(f"{key}.streams.{name}", name)
    total = sum(st.share for st in streams.values())
    if streams and abs(total - 1.0) > 1e-6:
        raise not_allowed(f"{key}.streams", f"shares sum to {total:g}",
                          "stream shares must sum to 1")


def _named(streams: dict[str, FundingStream]) -> tuple[FundingStream, ...]:
    return tuple(replace(st, name=name) for name, st in streams.items())


@dataclass
class Granted(Parameters):
    """A budget granted in streams, sized to the target headcount unless the scenario sets it.

    Parameters
    ----------
    streams
        The funding streams by name; shares sum to one.
    budget_margin
        Budget = initial target headcount's cost x (1 + margin), when
        ``scenario.agency.budget_per_year`` is null.
    reserve_months
        A vacancy is filled only if the balance covers this many months of payroll with it.
    """

    name: str = ""
    streams: dict[str, FundingStream] = field(default_factory=dict)
    budget_margin: float = 0.1
    reserve_months: float = 1.0

    def check(self, key: str) -> None:
        """At least one stream; margin and reserve ``>= 0``."""
        check_streams(key, self.streams, required=True)
        check_min(f"{key}.budget_margin", self.budget_margin, 0.0)
        check_min(f"{key}.reserve_months", self.reserve_months, 0.0)


@dataclass
class SingleGovernment(Granted):
    """``single_government``: one annual grant, renewed each contract year with a probability."""

    name: str = "single_government"
    streams: dict[str, FundingStream] = field(default_factory=lambda: {
        "government": FundingStream(share=1.0, payments_per_year=1, renewal_prob=0.9)})


@dataclass
class Diversified(Granted):
    """``diversified``: four streams with independent shocks, the same mean budget."""

    name: str = "diversified"
    streams: dict[str, FundingStream] = field(default_factory=lambda: {
        "government": FundingStream(share=0.5, payments_per_year=1, renewal_prob=0.9),
        "community_fund": FundingStream(share=0.2, payments_per_year=4, volatility=0.2,
                                        renewal_prob=0.95),
        "donations": FundingStream(share=0.15, payments_per_year=12, volatility=0.4),
        "social_capital": FundingStream(share=0.15, payments_per_year=2, volatility=0.3,
                                        renewal_prob=0.9),
    })


@dataclass
class PerCapita(Parameters):
    """``per_capita``: a yearly amount per household, paid in streams (monthly by default).

    Parameters
    ----------
    per_household_per_year
        Budget per household per year (yuan).
    streams
        How the budget is paid; may be empty.
    reserve_months
        As for :class:`Granted`.
    """

    name: str = "per_capita"
    per_household_per_year: float = 30.0
    streams: dict[str, FundingStream] = field(default_factory=lambda: {
        "per_capita": FundingStream(share=1.0, payments_per_year=12)})
    reserve_months: float = 1.0

    def check(self, key: str) -> None:
        """Amount and reserve ``>= 0``."""
        check_streams(key, self.streams, required=False)
        check_min(f"{key}.per_household_per_year", self.per_household_per_year, 0.0)
        check_min(f"{key}.reserve_months", self.reserve_months, 0.0)


@dataclass
class Unlimited(Parameters):
    """``unlimited``: money is no limit (no parameters)."""

    name: str = "unlimited"

    @property
    def reserve_months(self) -> float:
        """No reserve: with unlimited money every post can be filled."""
        return 0.0


def granted(params: Granted, context: FundingContext) -> FundingPolicy:
    """The scenario's budget, or the target headcount's cost with a margin, in streams."""
    if context.agency_budget_per_year is not None:
        budget = context.agency_budget_per_year
    else:
        budget = (context.target_headcount * context.cost_per_worker_year
                  * (1.0 + params.budget_margin))
    return FundingPolicy(params.name, budget, _named(params.streams))


def per_capita(params: PerCapita, context: FundingContext) -> FundingPolicy:
    """A budget proportional to the households served."""
    budget = params.per_household_per_year * context.households
    return FundingPolicy(params.name, budget, _named(params.streams))


def unlimited(params: Unlimited, context: FundingContext) -> None:
    """No funding policy: the agency's money never runs out."""
    return None


FUNDING: Family[FundingPolicy | None] = Family("funding", [
    Option("single_government", SingleGovernment, granted),
    Option("diversified", Diversified, granted),
    Option("per_capita", PerCapita, per_capita),
    Option("unlimited", Unlimited, unlimited),
])
