"""Command line ``swsim-plan [hydra overrides]``: the planner (settings ``plan.*``:
``conf/plan/default.yaml``; :mod:`sim.planning`).

The overrides are composed and validated before Hydra starts the run
(:func:`sim.command_line.prevalidate`, with the planner's settings checked too), so bad
input ends with one line ``swsim-plan: error: <key> ...`` on stderr and exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig

from sim.command_line import prevalidate
from sim.config import CONF_DIR, ConfigError
from sim.console import EXIT_INTERRUPTED, fail
from sim.loading import CONFIG_NAME, register_schemas, to_config

PROG = "swsim-plan"

register_schemas()


@hydra.main(version_base="1.3", config_path=str(CONF_DIR), config_name=CONFIG_NAME)
def _plan_app(node: DictConfig) -> None:
    from sim.planning.command import PROG as PLAN  # noqa: PLC0415 - loads matplotlib
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
    from sim.planning.plan import settings_of  # noqa: PLC0415 - it loads pandas

    args = sys.argv[1:]
    try:
        if not any(arg.startswith("-") for arg in args):
            try:
                args = prevalidate(args, settings_of)
            except ConfigError as exc:
                fail(str(exc), prog=PROG)
            sys.argv = [sys.argv[0], *args]
        _plan_app()
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    plan_main()
