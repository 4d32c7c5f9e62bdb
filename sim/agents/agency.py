"""The agency: employs workers at stations within its budget and pays for them."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.units import DAYS_PER_YEAR


@dataclass(frozen=True)
class Agency:
    """An employer with an annual budget (``None``: unlimited) and a cost per worker-year."""

    budget_per_year: float | None
    cost_per_worker_year: float

    def affordable(self, requested: list[int]) -> list[int]:
        """Headcount per station that the budget pays for, filling stations in order."""
        if self.budget_per_year is None or self.cost_per_worker_year == 0:
            return list(requested)
        left = math.floor(self.budget_per_year / self.cost_per_worker_year + 1e-9)
        granted = []
        for wanted in requested:
            take = min(wanted, left)
            granted.append(take)
            left -= take
        return granted

    def cost(self, workers: int, days: float) -> float:
        """What ``workers`` cost over ``days``."""
        return workers * self.cost_per_worker_year * days / DAYS_PER_YEAR
