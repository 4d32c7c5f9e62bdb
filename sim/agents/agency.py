"""The agency: a balance fed by funding streams, from which it pays its workers.

Under a hard budget the balance never goes negative: payroll is paid at every review for as
many workers as the balance covers (the rest are laid off), and a vacancy is filled only when
the balance covers the payroll, with the new post, for ``reserve_months``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import simpy

from sim.policies.funding import FundingPolicy, FundingStream
from sim.rng import Streams
from sim.units import DAYS_PER_YEAR


class Agency:
    """The employer's money.

    Parameters
    ----------
    env
        The simulation environment (``None`` for bookkeeping without events).
    cost_per_worker_year
        What one worker costs a year.
    funding
        Funding streams; ``None``: unlimited money.
    streams
        Named random streams (renewals and shocks of each funding stream).
    window
        Measurement period for spend and shortfall.
    reserve_months
        Payroll months the balance must cover before a vacancy is filled.
    """

    def __init__(
        self,
        env: simpy.Environment | None,
        cost_per_worker_year: float,
        funding: FundingPolicy | None = None,
        streams: Streams | None = None,
        window: tuple[float, float] = (0.0, math.inf),
        reserve_months: float = 1.0,
    ) -> None:
        self.env = env
        self.cost_per_worker_year = cost_per_worker_year
        self.funding = funding
        self.streams = streams
        self.window = window
        self.reserve_months = reserve_months
        self.balance = 0.0
        self.income = 0.0
        self.spend = 0.0
        self.shortfall_days = 0.0
        self.balance_min = 0.0
        self.on_income: Callable[[], None] | None = None

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
        if self.funding is None or self.env is None:
            return
        for year in range(math.ceil(horizon / DAYS_PER_YEAR)):
            at = year * DAYS_PER_YEAR
            self.env.timeout(at).callbacks.append(partial(self._contract_year, year))

    def _contract_year(self, year: int, _event: object = None) -> None:
        assert self.funding is not None and self.streams is not None and self.env is not None
        for stream in self.funding.streams:
            draws = self.streams[f"funding-{stream.name}"]
            if not stream.renews(year, draws.uniform()):
                continue
            for day in stream.payment_days():
                self.env.timeout(day).callbacks.append(partial(self._receive, stream))

    def _receive(self, stream: FundingStream, _event: object = None) -> None:
        assert self.funding is not None and self.streams is not None
        amount = stream.instalment(self.funding.budget_per_year,
                                   self.streams[f"funding-{stream.name}"])
        self.balance += amount
        self.income += amount
        if self.on_income is not None:
            self.on_income()

    # ------------------------------------------------------------------ spending
    def _in_window(self) -> bool:
        now = self.env.now if self.env is not None else 0.0
        return self.window[0] <= now <= self.window[1]

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
        if self._in_window():
            self.spend += amount

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
        if self._in_window():
            self.shortfall_days += days
