"""``run.precision``: keep adding replications until every named KPI is precise enough.

The sequential confidence-interval method (:mod:`sim.analysis.replications`): run
``run.replications``; for each KPI named in ``run.precision`` (KPI -> target half-width of
its 95% t interval, in the KPI's unit) estimate from the sample variance how many
replications the target needs; run up to the largest estimate; re-estimate; stop when every
target is met or ``run.max_replications`` replications have run (the cap: a KPI whose
variance would need more is reported as not met, never looped on).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from sim.analysis.replications import PrecisionStatus, precision_status
from sim.checks import ConfigError, check_min, not_allowed
from sim.config import RunConfig, SwsimConfig

Iterate = Callable[[SwsimConfig, int, int], Iterable[dict[str, Any]]]
"""``(cfg, n, start) -> rows`` of replications ``start .. start+n-1``."""


def check_precision(run: RunConfig) -> None:
    """Refuse unknown KPI names, targets that are not positive and a cap below the start.

    Raises
    ------
    ConfigError
        Naming the key, the value and what is allowed.
    """
    from sim.analysis.kpis import KPI_BY_NAME  # noqa: PLC0415 - the registry loads pandas

    check_min("run.max_replications", run.max_replications, 2)
    if run.precision and run.max_replications < run.replications:
        raise not_allowed("run.max_replications", run.max_replications,
                          f"must be >= run.replications ({run.replications})")
    for name, target in run.precision.items():
        if name not in KPI_BY_NAME:
            raise ConfigError(f"run.precision.{name} is not a known KPI: allowed are the "
                              f"KPIs of the registry, e.g. timely_coverage_urgent (docs/kpis.md)")
        check_min(f"run.precision.{name}", target, 0.0, strict=True)


def run_precise(cfg: SwsimConfig, iterate: Iterate,
                on_rows: Callable[[list[dict[str, Any]]], None] | None = None,
                ) -> tuple[list[dict[str, Any]], list[PrecisionStatus]]:
    """Replications until every ``cfg.run.precision`` target is met or the cap is reached.

    Parameters
    ----------
    cfg
        A validated configuration; ``run.replications`` is the first batch.
    iterate
        Runs replications ``start .. start+n-1`` (e.g. :func:`sim.runner.iter_replications`).
    on_rows
        Called with each new batch's rows as it finishes (progress, storing).

    Returns
    -------
    rows, statuses
        Every replication's row (numbered from 0) and each target's final status.
    """
    cap, targets = cfg.run.max_replications, dict(cfg.run.precision)
    rows: list[dict[str, Any]] = []
    want = min(cfg.run.replications, cap) if targets else cfg.run.replications
    while True:
        batch = list(iterate(cfg, want - len(rows), len(rows)))
        rows += batch
        if on_rows is not None:
            on_rows(batch)
        statuses = precision_status(rows, targets)
        if all(s.met for s in statuses) or len(rows) >= cap:
            return rows, statuses
        want = min(cap, max(len(rows) + 1, *(s.needed for s in statuses if not s.met)))


def run_until_precise(cfg: SwsimConfig, n_jobs: int | None = None,
                      ) -> tuple[pd.DataFrame, list[PrecisionStatus]]:
    """:func:`run_precise` with :func:`sim.runner.iter_replications`: the Python API of
    ``run.precision`` (one KPI row per replication, as :func:`sim.run_replications`).

    Parameters
    ----------
    cfg
        A validated configuration with ``run.precision`` targets (none: ``run.replications``).
    n_jobs
        Processes; ``None`` takes ``cfg.run.n_jobs``.
    """
    from sim.runner import iter_replications  # noqa: PLC0415 - the runner loads the model

    jobs = cfg.run.n_jobs if n_jobs is None else n_jobs
    rows, statuses = run_precise(cfg, lambda c, n, start: iter_replications(c, n, jobs,
                                                                              start=start))
    return pd.DataFrame(rows).drop(columns=["wall_seconds"], errors="ignore"), statuses
