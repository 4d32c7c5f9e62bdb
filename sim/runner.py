"""Running: one replication (pure, picklable) and many (joblib, loky processes)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from joblib import Parallel, delayed

from sim.analysis.kpis import compute_kpis
from sim.build import build
from sim.config import SwsimConfig
from sim.results.tables import RunTables, run_tables


@dataclass
class RunResult:
    """One replication: its KPI row and tidy tables."""

    kpis: dict[str, float]
    cases: pd.DataFrame
    workers: pd.DataFrame
    timeseries: pd.DataFrame
    scalars: dict[str, Any]
    seed: int
    replication: int

    @property
    def kpi_frame(self) -> pd.DataFrame:
        """The KPI row as a one-row DataFrame."""
        return pd.DataFrame([self.kpis])


def run(cfg: SwsimConfig, seed: int | None = None, replication: int = 0) -> RunResult:
    """Run one replication and return its KPIs and tables.

    Parameters
    ----------
    cfg
        A validated configuration (see :func:`sim.load_config`).
    seed
        Master seed; ``None`` takes ``cfg.run.seed``.
    replication
        Replication number: with the seed, it keys every random stream.
    """
    seed = cfg.run.seed if seed is None else seed
    built = build(cfg, seed, replication)
    built.model.run()
    tables: RunTables = run_tables(built.model, built.need_names)
    kpis = compute_kpis(tables.cases, tables.workers, tables.scalars)
    return RunResult(kpis, tables.cases, tables.workers, tables.timeseries, tables.scalars,
                     seed, replication)


def _labels(cfg: SwsimConfig, seed: int, replication: int) -> dict[str, Any]:
    return {"scenario": cfg.scenario.name, "dispatch": cfg.policy.dispatch.name,
            "variant": cfg.run.variant or "default", "replication": replication, "seed": seed}


def run_replication(cfg: SwsimConfig, replication: int, seed: int | None = None,
                    keep_tables: bool = False) -> dict[str, Any]:
    """One replication as a labelled KPI row (and its tables if asked); never raises.

    A replication that fails is returned with its error so that the others are not lost.
    """
    seed = cfg.run.seed if seed is None else seed
    started = time.perf_counter()
    try:
        result = run(cfg, seed, replication)
    except Exception as exc:  # recorded, not swallowed: see "error"
        return {**_labels(cfg, seed, replication), "error": f"{type(exc).__name__}: {exc}"}
    row: dict[str, Any] = {**_labels(cfg, seed, replication), **result.kpis, "error": None,
                           "wall_seconds": time.perf_counter() - started}
    if keep_tables:
        row["_result"] = result
    return row


def iter_replications(
    cfg: SwsimConfig, n: int, n_jobs: int = 1, keep_tables: bool = False, start: int = 0
) -> Iterable[dict[str, Any]]:
    """Replications ``start .. start+n-1`` as they finish, in order (serial or on loky)."""
    numbers = range(start, start + n)
    if n_jobs == 1:
        return (run_replication(cfg, i, keep_tables=keep_tables) for i in numbers)
    parallel = Parallel(n_jobs=n_jobs, backend="loky", return_as="generator")
    return parallel(delayed(run_replication)(cfg, i, None, keep_tables) for i in numbers)


def run_replications(
    cfg: SwsimConfig,
    n: int | None = None,
    n_jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """One KPI row per replication; same numbers whatever ``n_jobs`` is.

    Parameters
    ----------
    cfg
        A validated configuration.
    n
        Replications; ``None`` takes ``cfg.run.replications``.
    n_jobs
        Processes (loky); the numbers do not depend on it. ``-1``: all cores.
    progress
        Called with ``(done, total)`` after each replication.
    """
    n = cfg.run.replications if n is None else n
    rows = []
    for row in iter_replications(cfg, n, n_jobs):
        rows.append(row)
        if progress is not None:
            progress(len(rows), n)
    return pd.DataFrame(rows).drop(columns=["wall_seconds"], errors="ignore")
