"""The run behind ``swsim``: replications with a progress bar, the KPI table, the bundle.

Every replication is stored as soon as it finishes (:mod:`sim.store`, folder ``run.store``),
and the same command run again reuses what is stored ("reused 7 of 20"), so an interrupted
run resumes. A run claims its folder (:mod:`sim.rundir`); a second run into it is refused.
Ctrl-C and SIGTERM (:class:`Terminated`) stop the run with a line saying what is kept.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from tqdm import tqdm

from sim.config import ConfigError, SwsimConfig
from sim.console import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_TERMINATED, PROG, fail, warn
from sim.loading import config_yaml
from sim.rundir import claimed
from sim.runner import compute, plan, sort_rows
from sim.store import Lookup, ResultStore

if TYPE_CHECKING:
    from sim.bundle import RunInfo


def run_info(cfg: SwsimConfig, overrides: Sequence[str], replications: int | None = None,
             ) -> RunInfo:
    """What the report says was run (``replications``: how many ran, if not as configured)."""
    from sim.bundle import RunInfo  # noqa: PLC0415 - see execute

    sc = cfg.scenario
    return RunInfo(scenario=sc.name, dispatch=cfg.policy.dispatch.name,
                   replications=cfg.run.replications if replications is None else replications,
                   seed=cfg.run.seed, warmup_days=sc.warmup_days,
                   horizon_days=sc.horizon_days, n_jobs=cfg.run.n_jobs,
                   overrides=tuple(overrides), variant=cfg.run.variant or "default",
                   precision=tuple(cfg.run.precision.items()),
                   max_replications=cfg.run.max_replications)


class Terminated(BaseException):
    """Raised in the main process by SIGTERM, so that the run stops as on Ctrl-C."""


def on_sigterm(signum: int, frame: Any) -> None:
    """The SIGTERM handler: raise :class:`Terminated`."""
    raise Terminated


def open_store(cfg: SwsimConfig) -> ResultStore:
    """The run's store, created and checked writable (one line, exit 2, if it is not)."""
    store = ResultStore(cfg.run.store)
    try:
        store.prepare(cfg, cfg.run.seed, config_yaml(cfg))
    except OSError as exc:
        fail(f"run.store = '{store.root}' is not allowed: it cannot be written "
             f"({exc.strerror or exc})")
    return store


def _say_found(found: Lookup, count: int, store: ResultStore, cfg: SwsimConfig) -> None:
    if found.corrupt:
        warn(f"{len(found.corrupt)} stored replication(s) were corrupt or partial and are "
             f"computed again: {', '.join(map(str, found.corrupt))}")
    if found.found:
        print(f"{PROG}: reused {len(found.found)} of {count} replications from the store "
              f"{store.folder(cfg, cfg.run.seed)}", file=sys.stderr, flush=True)
    if found.failed_reused:
        warn(f"{len(found.failed_reused)} replication(s) are stored as failed; "
             f"run.retry_failed=true computes them again")


def run_with_progress(cfg: SwsimConfig, store: ResultStore) -> list[dict[str, Any]]:
    """All replications with their tables (reused from the store or computed and stored),
    in order, with a progress bar (done/total, ETA) on stderr unless turned off.

    With ``run.precision`` targets, replications are added until they are met or the cap
    (:mod:`sim.precision`); the report then states where each target stands.
    """
    from sim.precision import run_precise  # noqa: PLC0415 - see execute

    n = cfg.run.replications
    with tqdm(total=n, desc="replications", unit="rep", file=sys.stderr,
              disable=not cfg.run.progress, dynamic_ncols=True) as bar:

        def iterate(c: SwsimConfig, count: int, start: int) -> Any:
            bar.total = max(bar.total or 0, start + count)
            found = plan(c, count, store, c.run.retry_failed, start)
            _say_found(found, count, store, c)
            for row in sort_rows(found.found.values()):
                bar.update(1)
                yield row
            for row in compute(c, found.todo, store, c.run.n_jobs, keep_tables=True):
                bar.update(1)
                yield row

        rows, _ = run_precise(cfg, iterate)
    return sort_rows(rows)


def interrupted(cfg: SwsimConfig, store: ResultStore, code: int) -> NoReturn:
    """Say what is kept and how to resume, then exit with ``code``."""
    n = cfg.run.replications
    kept = sum(store.path(cfg, cfg.run.seed, i).exists() for i in range(n))
    what = "interrupted" if code == EXIT_INTERRUPTED else "stopped"
    print(f"{PROG}: {what}: {kept} of {n} replications are kept in the store "
          f"{store.folder(cfg, cfg.run.seed)}; run the same command again to resume",
          file=sys.stderr, flush=True)
    sys.exit(code)


def execute(cfg: SwsimConfig, folder: Path, overrides: Sequence[str] = ()) -> int:
    """Run, print the KPI table, write the bundle into ``folder``; return the exit code."""
    try:
        with claimed(folder):
            return _execute(cfg, folder, overrides)
    except ConfigError as exc:
        fail(str(exc))


def _execute(cfg: SwsimConfig, folder: Path, overrides: Sequence[str]) -> int:
    # imported here so that bad input is refused without loading matplotlib first
    from sim.bundle import collect, is_finished, write_bundle  # noqa: PLC0415
    from sim.report import format_kpi_table  # noqa: PLC0415

    if is_finished(folder):
        fail(f"hydra.run.dir = '{folder}' is not allowed: it already holds a finished "
             f"bundle; choose a new folder")
    store = open_store(cfg)
    try:
        rows = run_with_progress(cfg, store)
    except KeyboardInterrupt:
        interrupted(cfg, store, EXIT_INTERRUPTED)
    except Terminated:
        interrupted(cfg, store, EXIT_TERMINATED)
    bundle = collect(rows, run_info(cfg, overrides, len(rows)), config_yaml(cfg))
    info, failed = bundle.info, bundle.failed
    print(f"{PROG}: {info.scenario}, dispatch {info.dispatch}, {info.replications} "
          f"replications, seed {info.seed}")
    print(format_kpi_table(bundle.summary))
    try:
        write_bundle(folder, bundle)
    except OSError as exc:
        fail(f"cannot write the bundle to {folder}: {exc}; the finished replications are in "
             f"the store {store.folder(cfg, cfg.run.seed)}; rebuild the bundle with: "
             f"swsim-report {store.folder(cfg, cfg.run.seed)} --out {folder} "
             f"--replications {cfg.run.replications}", EXIT_FAILED)
    print(f"bundle: {folder}", flush=True)
    if failed.empty:
        return 0
    first = failed.iloc[0]
    message = (f"replication {first['replication']} failed: {first['error']}"
               if len(failed) == 1 else
               f"{len(failed)} of {info.replications} replications failed, first: "
               f"{first['error']}")
    warn(f"{message} (listed in {folder / 'report.md'}; run.retry_failed=true computes "
         f"failed replications again)")
    return EXIT_FAILED
