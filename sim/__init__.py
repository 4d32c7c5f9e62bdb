"""swsim: a discrete-event simulator of social-work staffing and service coverage.

Public API::

    cfg = load_config(["scenario=mmc", "scenario.servers=3"])
    result = run(cfg, seed=0)            # one replication: result.kpis, result.cases, ...
    df = run_replications(cfg, n=10, n_jobs=2)
    summarise(df)                        # mean, 95% CI inside the KPI's range, p10/50/90
    compare(cfg_a, cfg_b, n=10)          # paired (CRN) differences, variance reduction
    replications_needed(values, 0.05)    # the CI method; mser5(series): warm-up truncation
    plan_staffing(cfg)                   # the planner (swsim-plan): smallest headcount for a target
    calibrate(TargetsFile.model_validate({...}))   # swsim-calibrate: fit parameters to counts

The names are loaded lazily (PEP 562): ``import sim`` or importing a leaf module such as
``sim.calendar`` loads neither Hydra, pandas nor matplotlib until a name that needs them is
used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.analysis.intervals import interval
    from sim.analysis.kpis import KPI_DICTIONARY
    from sim.analysis.mser import mser5
    from sim.analysis.replications import replications_needed
    from sim.analysis.summary import summarise
    from sim.calibration import TargetsFile, calibrate
    from sim.comparison import compare
    from sim.config import ConfigError, SwsimConfig
    from sim.loading import load_config
    from sim.planning.plan import plan_staffing
    from sim.runner import RunResult, run, run_replications

# public name -> module that defines it
_EXPORTS = {
    "KPI_DICTIONARY": "sim.analysis.kpis",
    "ConfigError": "sim.config",
    "RunResult": "sim.runner",
    "SwsimConfig": "sim.config",
    "TargetsFile": "sim.calibration",
    "calibrate": "sim.calibration",
    "compare": "sim.comparison",
    "interval": "sim.analysis.intervals",
    "mser5": "sim.analysis.mser",
    "replications_needed": "sim.analysis.replications",
    "load_config": "sim.loading",
    "plan_staffing": "sim.planning.plan",
    "run": "sim.runner",
    "run_replications": "sim.runner",
    "summarise": "sim.analysis.summary",
}

__all__ = [
    "KPI_DICTIONARY",
    "ConfigError",
    "RunResult",
    "SwsimConfig",
    "TargetsFile",
    "calibrate",
    "compare",
    "interval",
    "load_config",
    "mser5",
    "plan_staffing",
    "replications_needed",
    "run",
    "run_replications",
    "summarise",
]


def __getattr__(name: str) -> Any:
    """Import the module behind a public name on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
