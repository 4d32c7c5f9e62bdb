"""What ``swsim-plan`` does once Hydra has composed the configuration (no Hydra here).

Exit codes: 0 a plan meets the target (or the budget's best was found); 2 bad input;
3 the target cannot be met (the message says why and gives the best reachable value).
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim.config import SwsimConfig
from sim.planning.output import write_plan
from sim.planning.plan import plan_staffing

PROG = "swsim-plan"
EXIT_UNREACHABLE = 3


def _progress(line: str) -> None:
    print(f"{PROG}: {line}", file=sys.stderr, flush=True)


def run_plan(cfg: SwsimConfig, folder: Path) -> int:
    """Plan, print the answer in one line, write the plan into ``folder``; the exit code.

    Raises
    ------
    ConfigError
        For ``plan.*`` settings the planner cannot use (before any simulation).
    """
    answer = plan_staffing(cfg, _progress if cfg.run.progress else None)
    write_plan(folder, answer)
    print(f"{PROG}: {answer.message}", flush=True)
    print(f"plan: {folder}", flush=True)
    if not answer.outcome.feasible and cfg.plan.target is not None:
        return EXIT_UNREACHABLE
    return 0
