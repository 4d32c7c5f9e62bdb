"""swsim: a discrete-event simulator of social-work staffing and service coverage.

Public API::

    cfg = load_config(["scenario=mmc", "scenario.servers=3"])
    result = run(cfg, seed=0)            # one replication: result.kpis, result.cases, ...
    df = run_replications(cfg, n=10, n_jobs=2)
    summarise(df)                        # mean, sd and 95% CI half-width per KPI
"""

from __future__ import annotations

from sim.analysis.kpis import KPI_DICTIONARY
from sim.analysis.summary import summarise
from sim.config import ConfigError, SwsimConfig
from sim.loading import load_config
from sim.runner import RunResult, run, run_replications

__all__ = [
    "KPI_DICTIONARY",
    "ConfigError",
    "RunResult",
    "SwsimConfig",
    "load_config",
    "run",
    "run_replications",
    "summarise",
]
