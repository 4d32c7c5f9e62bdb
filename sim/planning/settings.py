"""The planner's settings (``plan.*``): what to reach, with what confidence, within which caps.

A plain dataclass (Hydra-free): :mod:`sim.loading` registers it as the schema
``plan/base_plan`` and ``conf/plan/default.yaml`` fills it; :meth:`PlanConfig.check` refuses
bad values with one :class:`~sim.checks.ConfigError` naming the key, the value and what is
allowed, before anything is simulated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.checks import ConfigError, check_choice, check_min, not_allowed

SENSES = ("at_least", "at_most")
"""``at_least``: the KPI's lower confidence bound must reach the target (coverage);
``at_most``: its upper bound must stay at or below it (waits, abandonment)."""


@dataclass
class PlanConfig:
    """What ``swsim-plan`` searches for.

    Parameters
    ----------
    kpi
        A KPI of the registry (:data:`sim.analysis.kpis.KPI_BY_NAME`).
    target
        The value the KPI's confidence bound must meet; ``None`` only with ``budget``.
    sense
        ``at_least`` (the lower bound >= target) or ``at_most`` (the upper bound <= target).
    confidence
        Two-sided confidence level of the KPI's interval; its lower (upper) end is the bound.
    budget
        Yuan per year: instead of the smallest headcount for the target, the best KPI that
        ``budget // cost_per_worker_year`` workers buy.
    stations
        The stations whose headcount may change; ``None``: all (the others keep the
        scenario's headcount).
    replications
        Replications of each evaluated staffing (common random numbers across staffings).
    max_replications
        Cap: a staffing whose interval straddles the target gets more replications (doubled)
        up to this many.
    max_workers
        Cap on the total headcount; at the cap the search stops, and a target not met there
        is reported as unreachable with the best value reached.
    """

    kpi: str = "timely_coverage_urgent"
    target: float | None = 0.9
    sense: str = "at_least"
    confidence: float = 0.95
    budget: float | None = None
    stations: list[str] | None = None
    replications: int = 10
    max_replications: int = 40
    max_workers: int = 40

    def check(self, key: str, kpis: list[str], stations: list[str]) -> None:
        """Refuse values the planner cannot use (``kpis``/``stations``: what exists).

        Raises
        ------
        ConfigError
            Naming the first bad key, its value and what is allowed.
        """
        check_choice(f"{key}.kpi", self.kpi, kpis)
        check_choice(f"{key}.sense", self.sense, SENSES)
        if self.target is None and self.budget is None:
            raise not_allowed(f"{key}.target", None, "give a target (a number) or a budget "
                              f"({key}.budget=YUAN)")
        if self.target is not None:
            check_min(f"{key}.target", self.target, -math.inf)
        if not 0.5 <= self.confidence < 1.0:
            raise not_allowed(f"{key}.confidence", self.confidence, "must be in [0.5, 1)")
        if self.budget is not None:
            check_min(f"{key}.budget", self.budget, 0.0, strict=True)
        for name in self.stations or []:
            check_choice(f"{key}.stations", name, stations)
        if self.stations is not None and not self.stations:
            raise not_allowed(f"{key}.stations", [], f"name at least one of {', '.join(stations)}")
        check_min(f"{key}.replications", self.replications, 2)
        check_min(f"{key}.max_replications", self.max_replications, self.replications)
        check_min(f"{key}.max_workers", self.max_workers, 1)


__all__ = ["SENSES", "ConfigError", "PlanConfig"]
