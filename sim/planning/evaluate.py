"""Evaluating a staffing: replications of the scenario with the given headcount per station.

Every staffing is run with the same seed and replication numbers ``0 .. n-1`` (common random
numbers: replication *i* sees the same households and needs whatever the staffing), through
:func:`sim.run_replications`, so a persistent result store behind it serves repeated plans.
Evaluations are also kept in memory for the length of a plan: asking again for a staffing
costs nothing, asking for more replications runs only the plan's larger ``n``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.config import CommunityScenario, ConfigError, MMCScenario, SwsimConfig
from sim.planning.bounds import Interval, kpi_interval
from sim.planning.settings import PlanConfig
from sim.region import as_region
from sim.runner import run_replications

Staffing = dict[str, int]
"""Headcount by station name, in the scenario's station order."""


@dataclass(frozen=True)
class Evaluation:
    """A staffing, its KPI interval and the KPI of each replication."""

    workers: Staffing
    interval: Interval
    values: tuple[float, ...]

    @property
    def total(self) -> int:
        """Total headcount."""
        return sum(self.workers.values())


def scenario_staffing(scenario: CommunityScenario | MMCScenario) -> Staffing:
    """The scenario's own headcount per station (``queue`` for the M/M/c scenario)."""
    if isinstance(scenario, MMCScenario):
        return {"queue": scenario.servers}
    return {name: st.workers for name, st in scenario.stations.items()}


def station_names(scenario: CommunityScenario | MMCScenario) -> list[str]:
    """The stations a plan can staff."""
    return list(as_region(scenario).stations)


def with_staffing(cfg: SwsimConfig, workers: Mapping[str, int]) -> SwsimConfig:
    """``cfg`` with the headcount of ``workers`` (other stations as they are)."""
    sc = cfg.scenario
    if isinstance(sc, MMCScenario):
        scenario = dataclasses.replace(sc, servers=int(workers.get("queue", sc.servers)))
    else:
        stations = {name: dataclasses.replace(st, workers=int(workers.get(name, st.workers)))
                    for name, st in sc.stations.items()}
        scenario = dataclasses.replace(sc, stations=stations)
    return dataclasses.replace(cfg, scenario=scenario)


def check_fixed_staffing(cfg: SwsimConfig) -> None:
    """The planner sets each station's headcount, which only ``policy/staffing=fixed`` keeps."""
    name = getattr(cfg.policy.staffing, "name", "fixed")
    if name != "fixed":
        raise ConfigError(f"policy/staffing = {name!r} is not allowed with swsim-plan: the "
                          f"planner sets each station's headcount, which only "
                          f"policy/staffing=fixed keeps")


class Evaluator:
    """Runs and remembers the evaluations of one plan.

    Parameters
    ----------
    cfg
        The scenario and policies to staff (validated).
    kpi, confidence
        What is measured and the two-sided level of its interval.
    n_jobs
        Processes for the replications (the numbers do not depend on it).
    log
        Called with one line per evaluation run (progress).
    """

    def __init__(self, cfg: SwsimConfig, kpi: str, confidence: float, n_jobs: int = 1,
                 log: Callable[[str], None] | None = None) -> None:
        self.cfg, self.kpi, self.confidence, self.n_jobs = cfg, kpi, confidence, n_jobs
        self.log = log
        self.replications_run = 0
        self._values: dict[tuple[tuple[str, int], ...], np.ndarray] = {}
        self._staffings: dict[tuple[tuple[str, int], ...], Staffing] = {}

    def evaluate(self, workers: Mapping[str, int], n: int) -> Evaluation:
        """The KPI over replications ``0 .. n-1`` of ``workers`` (cached)."""
        key = tuple(sorted(workers.items()))
        known = self._values.get(key)
        if known is None or known.shape[0] < n:
            known = self._run(dict(workers), n)
            self._values[key] = known
            self._staffings[key] = dict(workers)
        values = known[:n]
        return Evaluation(dict(workers), kpi_interval(values, self.kpi, self.confidence),
                          tuple(float(v) for v in values))

    def evaluations(self) -> list[Evaluation]:
        """Every staffing evaluated so far, with all the replications run for it."""
        return [self.evaluate(self._staffings[key], values.shape[0])
                for key, values in self._values.items()]

    def _run(self, workers: Staffing, n: int) -> np.ndarray:
        # the plan's own settings are not part of the model: a plan for another target or
        # KPI reuses the same replications from a result store
        cfg = dataclasses.replace(with_staffing(self.cfg, workers), plan=PlanConfig())
        df = run_replications(cfg, n=n, n_jobs=self.n_jobs)
        self.replications_run += n
        failed = df[df["error"].notna()] if "error" in df else df.iloc[0:0]
        if not failed.empty:
            raise RuntimeError(f"replication {failed.iloc[0]['replication']} of staffing "
                               f"{workers} failed: {failed.iloc[0]['error']}")
        values = pd.to_numeric(df[self.kpi], errors="coerce").to_numpy(dtype=float)
        if self.log is not None:
            est = kpi_interval(values, self.kpi, self.confidence)
            self.log(f"{sum(workers.values())} workers {workers}: {self.kpi} "
                     f"{est.mean:.3f} [{est.low:.3f}, {est.high:.3f}] (n={n})")
        return values
