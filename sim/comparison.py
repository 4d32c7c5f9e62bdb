"""Running a paired comparison: two configurations on common random numbers.

:func:`compare` runs ``n`` replications of each configuration from the same master seed
(replication ``i`` of both sees the same households, needs and every other named stream)
and compares them with :func:`sim.analysis.paired.paired_table`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pandas as pd

from sim.analysis.paired import paired_table
from sim.config import SwsimConfig
from sim.runner import run_replications


def same_seed(cfg_a: SwsimConfig, cfg_b: SwsimConfig) -> SwsimConfig:
    """``cfg_b`` with the master seed of ``cfg_a`` (so the two runs share random numbers)."""
    return dataclasses.replace(cfg_b, run=dataclasses.replace(cfg_b.run, seed=cfg_a.run.seed))


def compare(cfg_a: SwsimConfig, cfg_b: SwsimConfig, n: int, n_jobs: int = 1,
            kpis: Sequence[str] | None = None, confidence: float = 0.95) -> pd.DataFrame:
    """Run ``n`` paired replications of both configurations and compare them (``b - a``).

    Parameters
    ----------
    cfg_a, cfg_b
        Validated configurations; ``b`` runs from ``a``'s master seed (common random numbers).
    n
        Replications of each (at least 2).
    n_jobs
        Processes for each batch of replications (the numbers do not depend on it).
    kpis
        KPIs to compare; ``None``: all.
    confidence
        Two-sided confidence level of the difference's interval.

    Returns
    -------
    DataFrame
        :func:`~sim.analysis.paired.paired_table`: per KPI the means, the mean difference
        with its paired CI and the variance reduction against unpaired runs.
    """
    if n < 2:
        raise ValueError(f"compare: n must be at least 2, got {n}")
    rows_a = run_replications(cfg_a, n, n_jobs)
    rows_b = run_replications(same_seed(cfg_a, cfg_b), n, n_jobs)
    return paired_table(rows_a, rows_b, kpis, confidence)
