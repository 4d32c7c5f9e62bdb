"""Running: one replication (pure, picklable) and many (serial, loky or Dask, with a store).

Replications run on the backend of :mod:`sim.backends` and, given a
:class:`~sim.store.ResultStore`, each is stored as soon as it finishes; the next call with the
same model configuration and seed reuses them (``run_replications(cfg, n, store=...)``).
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from sim.analysis.kpis import compute_kpis
from sim.api_checks import validate_call
from sim.backends import run_tasks
from sim.build import build
from sim.config import SwsimConfig
from sim.results.tables import RunTables, run_tables
from sim.store import Lookup, ResultStore, as_store


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

    Raises
    ------
    ConfigError
        For a configuration (perhaps changed since loading) that is not valid.
    """
    validate_call(cfg, 1, seed)
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


def _interrupt_is_a_fault() -> bool:
    """In a worker (SIGINT ignored) a KeyboardInterrupt was raised by code, not by Ctrl-C."""
    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def run_replication(cfg: SwsimConfig, replication: int, seed: int | None = None,
                    keep_tables: bool = False) -> dict[str, Any]:
    """One replication as a labelled KPI row (and its tables if asked); never raises.

    A replication that fails (also by ``SystemExit``, or by ``KeyboardInterrupt`` raised in a
    worker process) is returned with its error so that the others are not lost.
    """
    seed = cfg.run.seed if seed is None else seed
    started = time.perf_counter()
    try:
        result = run(cfg, seed, replication)
    except (Exception, SystemExit) as exc:  # recorded, not swallowed: see "error"
        return failed_row(cfg, seed, replication, exc)
    except KeyboardInterrupt as exc:
        if not _interrupt_is_a_fault():
            raise
        return failed_row(cfg, seed, replication, exc)
    row: dict[str, Any] = {**_labels(cfg, seed, replication), **result.kpis, "error": None,
                           "wall_seconds": time.perf_counter() - started}
    if keep_tables:
        row["_result"] = result
    return row


def failed_row(cfg: SwsimConfig, seed: int, replication: int,
               exc: BaseException) -> dict[str, Any]:
    """The row of a replication that failed with ``exc``."""
    text = str(exc) or repr(exc)
    if isinstance(exc, BrokenProcessError):
        text = f"its worker process died ({text})"
    return {**_labels(cfg, seed, replication), "error": f"{type(exc).__name__}: {text}"}


class BrokenProcessError(Exception):
    """Marks the failure of a replication whose worker process died."""


def _crashed(cfg: SwsimConfig, seed: int, replication: int, exc: BaseException
             ) -> dict[str, Any]:
    return failed_row(cfg, seed, replication, BrokenProcessError(" ".join(str(exc).split())))


def iter_replications(
    cfg: SwsimConfig, n: int, n_jobs: int = 1, keep_tables: bool = False,
    backend: str | None = None, replications: Iterable[int] | None = None, start: int = 0,
) -> Iterator[dict[str, Any]]:
    """Replications (``start .. start+n-1`` unless listed) as they finish, on the backend.

    The order of the rows is the order they finish in; their numbers do not depend on it.
    """
    seed = cfg.run.seed
    reps = range(start, start + n) if replications is None else list(replications)
    return run_tasks(partial(run_replication, cfg, seed=seed, keep_tables=keep_tables), reps,
                     on_crash=partial(_crashed, cfg, seed),
                     backend=backend or cfg.run.backend, n_jobs=n_jobs,
                     address=cfg.run.address)


def plan(cfg: SwsimConfig, n: int, store: ResultStore | None,
         retry_failed: bool = False, start: int = 0) -> Lookup:
    """What ``store`` holds of replications ``start .. start+n-1`` and what is left."""
    if store is None:
        return Lookup(todo=list(range(start, start + n)))
    found = store.lookup(cfg, cfg.run.seed, range(start, start + n), retry_failed)
    for rep, row in found.found.items():  # labels are this run's (e.g. its variant name)
        row.update(_labels(cfg, cfg.run.seed, rep))
    return found


def compute(cfg: SwsimConfig, todo: list[int], store: ResultStore | None, n_jobs: int = 1,
            keep_tables: bool = False, backend: str | None = None) -> Iterator[dict[str, Any]]:
    """Run ``todo`` and store each replication as soon as it finishes; yield its row."""
    for row in iter_replications(cfg, len(todo), n_jobs, keep_tables or store is not None,
                                 backend, todo):
        if store is not None:
            store.save(cfg, cfg.run.seed, row)
        if not keep_tables:
            row.pop("_result", None)
        yield row


def store_of(cfg: SwsimConfig, store: ResultStore | str | Path | None) -> ResultStore | None:
    """The store given, else ``run.store`` of the configuration, else none."""
    return as_store(store if store is not None else cfg.run.store)


def sort_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows in replication order."""
    return sorted(rows, key=lambda row: int(row["replication"]))


def run_replications(
    cfg: SwsimConfig,
    n: int | None = None,
    n_jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    store: ResultStore | str | Path | None = None,
    retry_failed: bool | None = None,
    backend: str | None = None,
) -> pd.DataFrame:
    """One KPI row per replication, in order; same numbers whatever the backend or ``n_jobs``.

    Parameters
    ----------
    cfg
        A validated configuration.
    n
        Replications; ``None`` takes ``cfg.run.replications``.
    n_jobs
        Worker processes; the numbers do not depend on it. ``-1``: all cores.
    progress
        Called with ``(done, total)`` after each replication (reused ones count as done).
    store
        A :class:`~sim.store.ResultStore` or its folder; ``None`` takes ``cfg.run.store``
        (no store if that is unset). Stored replications are reused, new ones stored.
    retry_failed
        Compute again the replications stored as failed; ``None`` takes
        ``cfg.run.retry_failed``.
    backend
        ``serial``, ``loky`` or ``dask``; ``None`` takes ``cfg.run.backend``.

    Raises
    ------
    ConfigError
        For ``n < 1`` or a configuration (perhaps changed since loading) that is not valid.
    """
    n = cfg.run.replications if n is None else n
    n_jobs = validate_call(cfg, n, None, n_jobs)
    found = plan(cfg, n, store_of(cfg, store),
                 cfg.run.retry_failed if retry_failed is None else retry_failed)
    rows = [{k: v for k, v in row.items() if k != "_result"} for row in found.found.values()]
    if progress is not None and rows:
        progress(len(rows), n)
    for row in compute(cfg, found.todo, store_of(cfg, store), n_jobs, backend=backend):
        rows.append(row)
        if progress is not None:
            progress(len(rows), n)
    return pd.DataFrame(sort_rows(rows)).drop(columns=["wall_seconds"], errors="ignore")
