"""``plan_staffing``: the smallest headcount (and its allocation) whose KPI meets a target.

The steps: check the ``plan.*`` settings (before anything runs), estimate a starting
staffing per station from queueing theory (:mod:`sim.planning.queueing`), search by marginal
allocation with common random numbers (:mod:`sim.planning.search`), and return a
:class:`PlanAnswer` that :mod:`sim.planning.output` writes as ``plan.json``, ``plan.md`` and
the staffing-curve figure.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from sim.analysis.kpis import KPI_BY_NAME
from sim.config import ConfigError, SwsimConfig
from sim.planning.evaluate import (
    Evaluation,
    Evaluator,
    Staffing,
    check_fixed_staffing,
    scenario_staffing,
    station_names,
)
from sim.planning.queueing import initial_staffing
from sim.planning.search import Outcome, Search
from sim.planning.settings import PlanConfig
from sim.region import as_region

OFFICE_HOURS_CEILING = (
    "under policy/cover=office_hours an urgent case referred outside duty hours (an evening, "
    "a weekend, a holiday) waits for the next duty time, so the calendar caps timely "
    "coverage whatever the headcount (policy/cover=on_call lifts that ceiling)")


@dataclass(frozen=True)
class PlanAnswer:
    """A plan with everything needed to report it."""

    settings: PlanConfig
    outcome: Outcome
    evaluations: list[Evaluation]
    cost_per_worker_year: float
    replications_run: int
    seconds: float
    scenario: str
    cover: str

    def cost(self, ev: Evaluation) -> float:
        """Yuan per year of a staffing: its headcount x the cost of a worker-year."""
        return ev.total * self.cost_per_worker_year

    @property
    def message(self) -> str:
        """One line: the answer, or why there is none and the best reachable value."""
        s, out = self.settings, self.outcome
        iv = out.plan.interval
        what = (f"{s.kpi} {iv.mean:.3f} (CI {iv.low:.3f} to {iv.high:.3f}, "
                f"n={iv.n})")
        staffing = ", ".join(f"{k} {v}" for k, v in out.plan.workers.items())
        cost = f"{self.cost(out.plan):,.0f} yuan a year"
        if s.budget is not None:
            head = (f"the budget of {s.budget:,.0f} yuan buys {out.plan.total} workers "
                    f"({staffing}), {cost}: {what}")
            if s.target is not None:
                head += ("; meets" if out.feasible else "; does not meet") + \
                    f" the target {s.target:g}"
            return head
        if out.feasible:
            return (f"{out.plan.total} workers ({staffing}), {cost}: {what} meets the "
                    f"target {s.target:g} at {s.confidence:.0%} confidence")
        return (f"the target {s.kpi} {'>=' if s.sense == 'at_least' else '<='} {s.target:g} "
                f"cannot be met: {out.reason}; the best reachable value is {what}, reached "
                f"(within its CI) with {out.plan.total} workers ({staffing}), {cost}")


def settings_of(cfg: SwsimConfig) -> PlanConfig:
    """The ``plan.*`` settings of ``cfg`` (defaults if it has none), checked.

    Raises
    ------
    ConfigError
        For a value the planner cannot use, naming the key.
    """
    settings = getattr(cfg, "plan", None) or PlanConfig()
    settings.check("plan", list(KPI_BY_NAME), station_names(cfg.scenario))
    check_fixed_staffing(cfg)
    if settings.budget is not None:
        paid = workers_paid(cfg, settings)
        fixed = sum(v for k, v in scenario_staffing(cfg.scenario).items()
                    if k not in allowed_stations(cfg, settings))
        if paid < max(fixed, 1):
            raise ConfigError(f"plan.budget = {settings.budget!r} is not allowed: it pays "
                              f"{paid} workers, fewer than the {max(fixed, 1)} the stations "
                              f"that may not change need")
    return settings


def allowed_stations(cfg: SwsimConfig, settings: PlanConfig) -> list[str]:
    """The stations whose headcount the plan may change."""
    return list(settings.stations or station_names(cfg.scenario))


def workers_paid(cfg: SwsimConfig, settings: PlanConfig) -> int:
    """How many worker-years ``plan.budget`` pays for."""
    cost = as_region(cfg.scenario).agency.cost_per_worker_year
    return math.floor((settings.budget or 0.0) / cost + 1e-9)


def start_staffing(cfg: SwsimConfig, settings: PlanConfig) -> Staffing:
    """The queueing estimate for the allowed stations (the others as in the scenario), at
    most ``plan.max_workers`` and at least one worker in total."""
    x = scenario_staffing(cfg.scenario)
    allowed = allowed_stations(cfg, settings)
    coverage = settings.kpi.startswith("timely_coverage") and settings.sense == "at_least"
    level = settings.target if coverage else None
    fixed = {name: n for name, n in x.items() if name not in allowed}
    x.update(initial_staffing(cfg.scenario, level, "urgent" in settings.kpi, fixed))
    while sum(x.values()) > settings.max_workers:
        biggest = max(allowed, key=lambda name: x[name])
        if x[biggest] == 0:
            break
        x[biggest] -= 1
    if sum(x.values()) == 0:
        x[allowed[0]] = 1
    return x


def ceiling_reason(cfg: SwsimConfig, settings: PlanConfig) -> str:
    """A known reason for a ceiling whatever the headcount, or ``""``."""
    cover = getattr(cfg.policy.cover, "name", "")
    if cover == "office_hours" and settings.kpi.startswith("timely_coverage"):
        return OFFICE_HOURS_CEILING
    return ""


def plan_staffing(cfg: SwsimConfig, log: Callable[[str], None] | None = None) -> PlanAnswer:
    """Search the staffing ``cfg.plan`` asks for (see the module docstring).

    Parameters
    ----------
    cfg
        A validated configuration with ``plan.*`` settings (``policy/staffing=fixed``).
    log
        Called with one line per evaluated staffing.

    Raises
    ------
    ConfigError
        Before any simulation, for settings the planner cannot use.
    """
    started = time.perf_counter()
    settings = settings_of(cfg)
    evaluator = Evaluator(cfg, settings.kpi, settings.confidence, cfg.run.n_jobs, log)
    search = Search(evaluator, settings, allowed_stations(cfg, settings),
                    ceiling_reason(cfg, settings))
    start = start_staffing(cfg, settings)
    if settings.budget is not None:
        outcome = search.for_budget(start, workers_paid(cfg, settings))
    else:
        outcome = search.for_target(start)
    return PlanAnswer(settings, outcome, evaluator.evaluations(),
                      as_region(cfg.scenario).agency.cost_per_worker_year,
                      evaluator.replications_run, time.perf_counter() - started,
                      cfg.scenario.name, getattr(cfg.policy.cover, "name", ""))
