"""The agency: a balance fed by funding streams, from which it pays its workers.

Under a hard budget the balance never goes negative. The balance is the agency's reserve:
payroll is paid from it at every review for as many workers as it covers (the rest are laid
off only once it runs out), and a vacancy is filled only when the balance covers the payroll,
with the new post, for ``reserve_months``; every instalment that arrives calls the income
listeners (the workforce re-opens the posts left vacant). A stream that fails to renew is in
a re-tender gap for its ``gap_months`` (see :mod:`sim.policies.funding`); the days with at
least one stream in a gap are the agency's ``funding_gap_days``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

from sim.policies.funding import FundingPolicy, FundingStream
from sim.results.monitors import TimeWeighted
from sim.results.probes import Tally
from sim.rng import Streams
from sim.scheduling import Scheduler
from sim.units import DAYS_PER_YEAR


class Agency:
    """The employer's money.

    Parameters
    ----------
    sched
        The replication's scheduler (``None`` for bookkeeping without events).
    cost_per_worker_year
        What one worker costs a year.
    funding
        Funding streams; ``None``: unlimited money.
    streams
        Named random streams (renewals and shocks of each funding stream).
    spend, shortfall
        Tallies of money spent and of days posts stood unfilled for lack of money, in the
        measurement period (``None``: everything counts).
    reserve_months
        Payroll months the balance must cover before a vacancy is filled.
    gaps
        Time-weighted level, 1 while at least one stream is in a re-tender gap (``None``:
        one over the measurement period of ``spend``).
    """

    def __init__(
        self,
        sched: Scheduler | None,
        cost_per_worker_year: float,
        funding: FundingPolicy | None = None,
        streams: Streams | None = None,
        spend: Tally | None = None,
        shortfall: Tally | None = None,
        reserve_months: float = 1.0,
        gaps: TimeWeighted | None = None,
    ) -> None:
        self.sched = sched
        self.cost_per_worker_year = cost_per_worker_year
        self.funding = funding
        self.streams = streams
        self._spend_tally = spend or Tally(-math.inf, math.inf)
        self._shortfall = shortfall or Tally(-math.inf, math.inf)
        self.reserve_months = reserve_months
        self._gaps = gaps or TimeWeighted(self._spend_tally.start, self._spend_tally.end)
        self._streams_in_gap = 0
        self.balance = 0.0
        self.income = 0.0
        self.balance_min = 0.0
        self.spent_total = 0.0  # over the whole run (``spend`` counts the measurement period)
        self._income_listeners: list[Callable[[], None]] = []

    def on_income(self, listener: Callable[[], None]) -> None:
        """Register ``listener`` to be called whenever money arrives (once, when connecting)."""
        self._income_listeners.append(listener)

    @property
    def spend(self) -> float:
        """Money spent in the measurement period."""
        return self._spend_tally.total

    @property
    def shortfall_days(self) -> float:
        """Days in the measurement period with posts unfilled for lack of money."""
        return self._shortfall.total

    def results(self, staffed_mean: float, measured_days: float) -> dict[str, Any]:
        """What the agency reports (with unlimited money, cost is the payroll it would pay)."""
        cost = self.spend if not self.unlimited else self.cost(staffed_mean, measured_days)
        return {"cost_total": cost, "budget_shortfall_days": self.shortfall_days,
                "balance_min": self.balance_min, "funding_gap_days": self.gap_days}

    @property
    def gap_days(self) -> float:
        """Days of the measurement period so far with at least one stream in a gap."""
        return self._gaps.area(self._now())

    @property
    def unlimited(self) -> bool:
        """Whether money never runs out."""
        return self.funding is None or self.cost_per_worker_year == 0

    def affordable(self, requested: list[int]) -> list[int]:
        """Headcount per station that the annual budget pays for, filling stations in order."""
        if self.unlimited:
            return list(requested)
        assert self.funding is not None
        left = math.floor(self.funding.budget_per_year / self.cost_per_worker_year + 1e-9)
        granted = []
        for wanted in requested:
            take = min(wanted, left)
            granted.append(take)
            left -= take
        return granted

    def cost(self, workers: float, days: float) -> float:
        """What ``workers`` cost over ``days``."""
        return workers * self.cost_per_worker_year * days / DAYS_PER_YEAR

    # ------------------------------------------------------------------ income
    def start(self, horizon: float) -> None:
        """Schedule every contract year's renewal decisions and instalments."""
        if self.funding is None or self.sched is None:
            return
        for year in range(math.ceil(horizon / DAYS_PER_YEAR)):
            self.sched.after(year * DAYS_PER_YEAR, partial(self._contract_year, year))

    def _contract_year(self, year: int, _event: object = None) -> None:
        assert self.funding is not None and self.streams is not None and self.sched is not None
        for stream in self.funding.streams:
            draws = self.streams[f"funding-{stream.name}"]
            renewed = stream.renews(year, draws.uniform())
            if not renewed and stream.gap_days > 0:
                self._gap(+1)
                self.sched.after(stream.gap_days, partial(self._gap, -1))
            for day, fraction in stream.payments(renewed):
                self.sched.after(day, partial(self._receive, stream, fraction))

    def _gap(self, change: int, _event: object = None) -> None:
        """A stream's re-tender gap opens (``+1``) or closes (``-1``)."""
        self._streams_in_gap += change
        self._gaps.set(self._now(), float(self._streams_in_gap > 0))
        if self.sched is not None and self.sched.tracing:
            self.sched.log("funding_gap", streams=self._streams_in_gap)

    def _receive(self, stream: FundingStream, fraction: float = 1.0,
                 _event: object = None) -> None:
        assert self.funding is not None and self.streams is not None
        amount = fraction * stream.instalment(self.funding.budget_per_year,
                                              self.streams[f"funding-{stream.name}"])
        self.balance += amount
        self.income += amount
        for listener in self._income_listeners:
            listener()

    # ------------------------------------------------------------------ spending
    def _now(self) -> float:
        return self.sched.now if self.sched is not None else 0.0

    def pay(self, workers: int, days: float) -> int:
        """Pay ``workers`` for ``days``; return how many the balance covered."""
        unit = self.cost(1, days)
        paid = workers if self.unlimited or unit <= 0 else min(
            workers, math.floor(self.balance / unit + 1e-9))
        self._spend(paid * unit)
        return paid

    def _spend(self, amount: float) -> None:
        self.spent_total += amount
        if not self.unlimited:
            self.balance -= amount
            self.balance_min = min(self.balance_min, self.balance)
        self._spend_tally.observe(self._now(), amount)

    def can_pay(self, amount: float) -> bool:
        """Whether the balance covers ``amount`` (always, with unlimited money)."""
        return self.unlimited or self.balance >= amount - 1e-9

    def buy(self, amount: float) -> bool:
        """Spend ``amount`` if the balance allows; return whether it was spent."""
        if not self.can_pay(amount):
            return False
        self._spend(amount)
        return True

    def can_hire(self, committed: int) -> bool:
        """Whether one more post fits the annual budget and the balance covers the reserve.

        ``committed`` counts the workers employed or being hired. The annual budget caps the
        posts an agency sustains; the balance must cover all of them for ``reserve_months``.
        """
        if self.unlimited:
            return True
        assert self.funding is not None
        sustainable = math.floor(self.funding.budget_per_year / self.cost_per_worker_year + 1e-9)
        reserve = self.cost(committed + 1, self.reserve_months * DAYS_PER_YEAR / 12)
        return committed + 1 <= sustainable and self.can_pay(reserve)

    def note_shortfall(self, days: float) -> None:
        """Posts stood unfilled for lack of money for ``days``."""
        self._shortfall.observe(self._now(), days)
