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
and options (:mod:`sim.helptext`). The run itself (store, resume, bundle) is
:mod:`sim.run_flow`'s; ``swsim-plan`` is :mod:`sim.plan_cli`.

Exit codes: 0 done; 1 some replications failed (the bundle lists them) or the bundle could
not be written; 2 bad input; 130 interrupted (SIGINT); 143 stopped (SIGTERM).
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig

from sim.command_line import check_run_dir, precheck
from sim.config import CONF_DIR, ConfigError
from sim.console import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    EXIT_USAGE,
    PROG,
    fail,
    warn,
)
from sim.helptext import help_text
from sim.loading import CONFIG_NAME, label_variant, register_schemas, to_config
from sim.run_flow import execute, on_sigterm
from sim.rundir import check_free, check_writable
from sim.sizing import cap_n_jobs

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_TERMINATED", "EXIT_USAGE", "PROG",
           "check_run_dir", "execute", "fail", "main", "processes", "warn"]

register_schemas()


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
    signal.signal(signal.SIGTERM, on_sigterm)
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
