"""Command line: ``swsim [hydra overrides]`` runs replications and writes a result bundle.

::

    swsim                                          # default scenario, run/default.yaml
    swsim scenario=mmc policy/dispatch=priority run.replications=20
    swsim hydra.run.dir=out/my_run run.progress=false

The overrides are checked before Hydra starts the run (so a bad one creates no run folder):
composition errors, unknown keys and values that :mod:`sim.validation` refuses end
with one line ``swsim: error: <key> ...`` on stderr and exit code 2, never a traceback.
``key={}`` on a mapping empties it (plain Hydra would merge ``{}`` and change nothing).
The same checks cover every job of a sweep (``-m``) and ``--config-dir``, ``--config-name``
and ``hydra.searchpath`` (see :mod:`sim.command_line`); ``--help`` lists the config groups
and options (:mod:`sim.helptext`).

Every replication is stored as soon as it finishes (:mod:`sim.store`, folder ``run.store``),
and the same command run again reuses what is stored ("reused 7 of 20"), so an interrupted
run resumes. A run claims its folder (:mod:`sim.rundir`); a second run into it is refused.

Exit codes: 0 done; 1 some replications failed (the bundle lists them) or the bundle could
not be written; 2 bad input; 130 interrupted (SIGINT); 143 stopped (SIGTERM).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf, open_dict
from tqdm import tqdm

from sim.command_line import precheck
from sim.config import CONF_DIR, ConfigError, SwsimConfig
from sim.helptext import help_text
from sim.loading import (
    CONFIG_NAME,
    compose_node,
    config_yaml,
    label_variant,
    register_schemas,
    rewrite_overrides,
    to_config,
)
from sim.rundir import check_free, check_writable, claimed
from sim.runner import compute, plan, sort_rows
from sim.sizing import cap_n_jobs
from sim.store import Lookup, ResultStore

if TYPE_CHECKING:
    from sim.bundle import RunInfo

PROG = "swsim"
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

register_schemas()


# --------------------------------------------------------------------------- messages


def fail(message: str, code: int = EXIT_USAGE, prog: str = PROG) -> NoReturn:
    """Print ``<prog>: error: <message>`` as one line on stderr and exit with ``code``."""
    one_line = " ".join(message.split())
    print(f"{prog}: error: {one_line}", file=sys.stderr, flush=True)
    sys.exit(code)


def warn(message: str) -> None:
    """Print ``swsim: warning: <message>`` on stderr."""
    print(f"{PROG}: warning: {message}", file=sys.stderr, flush=True)


def check_run_dir(run_dir: str) -> None:
    """Refuse a run folder that already holds a finished bundle (it is never overwritten)."""
    if not Path(run_dir).exists():
        return
    from sim.bundle import is_finished  # noqa: PLC0415 - see execute

    if is_finished(Path(run_dir)):
        raise ConfigError(f"hydra.run.dir = '{run_dir}' is not allowed: it already holds a "
                          f"finished bundle; choose a new folder")


def prevalidate(overrides: Sequence[str],
                check: Callable[[SwsimConfig], object] | None = None) -> list[str]:
    """Compose and validate the overrides as Hydra will; return them as Hydra should get them.

    ``check`` refuses what a particular command cannot use (``swsim-plan``'s settings).

    Raises
    ------
    ConfigError
        With one message that names the key and what is allowed.
    """
    rewritten = rewrite_overrides(overrides)
    node = compose_node(rewritten, with_hydra=True)
    run_dir = str(OmegaConf.select(node, "hydra.run.dir"))
    with open_dict(node):
        node.pop("hydra")
    cfg = to_config(node)
    if check is not None:
        check(cfg)
    check_run_dir(run_dir)
    check_writable(run_dir)
    check_free(run_dir)
    check_writable(ResultStore(cfg.run.store).root, "run.store")
    return rewritten


# --------------------------------------------------------------------------- running


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


def _on_sigterm(signum: int, frame: Any) -> None:
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


@hydra.main(version_base="1.3", config_path=str(CONF_DIR), config_name=CONFIG_NAME)
def _app(node: DictConfig) -> None:
    try:
        cfg = label_variant(to_config(node), tuple(HydraConfig.get().overrides.task))
    except ConfigError as exc:
        fail(str(exc))
    hydra_cfg = HydraConfig.get()
    cfg.run.n_jobs = processes(cfg.run.n_jobs, str(hydra_cfg.launcher.get("_target_", "")))
    code = execute(cfg, Path(hydra_cfg.runtime.output_dir), tuple(hydra_cfg.overrides.task))
    if code:
        sys.exit(code)


def processes(n_jobs: int, launcher: str) -> int:
    """Processes for the replications of this job: capped at the cores (with a warning);
    one inside a job that a parallel launcher (joblib, submitit) started."""
    if "BasicLauncher" not in launcher:
        return 1
    capped, note = cap_n_jobs(n_jobs)
    if note:
        warn(note)
    return capped


def main() -> None:
    """Entry point of ``swsim`` and ``python -m sim``."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        try:
            line, args, folder = precheck(sys.argv[1:])
            if folder is not None:
                check_run_dir(folder)
                check_writable(folder)
                check_free(folder)
        except ConfigError as exc:
            fail(str(exc))
        if line.help:
            print(help_text())
            return
        sys.argv = [sys.argv[0], *args]
        _app()
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)


# --------------------------------------------------------------------------- swsim-plan


@hydra.main(version_base="1.3", config_path=str(CONF_DIR), config_name=CONFIG_NAME)
def _plan_app(node: DictConfig) -> None:
    from sim.planning.command import PROG as PLAN  # noqa: PLC0415 - see execute
    from sim.planning.command import run_plan  # noqa: PLC0415

    try:
        cfg = to_config(node)
        code = run_plan(cfg, Path(HydraConfig.get().runtime.output_dir))
    except ConfigError as exc:
        fail(str(exc), prog=PLAN)
    if code:
        sys.exit(code)


def plan_main() -> None:
    """Entry point of ``swsim-plan`` (settings ``plan.*``: ``conf/plan/default.yaml``)."""
    from sim.planning.plan import settings_of  # noqa: PLC0415 - see execute

    args = sys.argv[1:]
    try:
        if not any(arg.startswith("-") for arg in args):
            try:
                args = prevalidate(args, settings_of)
            except ConfigError as exc:
                fail(str(exc), prog="swsim-plan")
            sys.argv = [sys.argv[0], *args]
        _plan_app()
    except KeyboardInterrupt:
        print("swsim-plan: interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
