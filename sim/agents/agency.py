"""The agency: a balance fed by funding streams, from which it pays its workers.

Under a hard budget the balance never goes negative: payroll is paid at every review for as
many workers as the balance covers (the rest are laid off), and a vacancy is filled only when
the balance covers the payroll, with the new post, for ``reserve_months``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

from sim.policies.funding import FundingPolicy, FundingStream
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
    ) -> None:
        self.sched = sched
        self.cost_per_worker_year = cost_per_worker_year
        self.funding = funding
        self.streams = streams
        self._spend_tally = spend or Tally(-math.inf, math.inf)
        self._shortfall = shortfall or Tally(-math.inf, math.inf)
        self.reserve_months = reserve_months
        self.balance = 0.0
        self.income = 0.0
        self.balance_min = 0.0
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
                "balance_min": self.balance_min}

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
            if not stream.renews(year, draws.uniform()):
                continue
            for day in stream.payment_days():
                self.sched.after(day, partial(self._receive, stream))

    def _receive(self, stream: FundingStream, _event: object = None) -> None:
        assert self.funding is not None and self.streams is not None
        amount = stream.instalment(self.funding.budget_per_year,
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
