"""Issue 10 (c): the planner's answer for the default target, checked by independent runs.

Question: ``swsim-plan`` says how many workers, at which stations, give 90% of J community's
urgent cases a first contact within their target (lower end of the 95% CI). Does the answer
hold up in replications the planner never saw (another master seed), and does the plan with
one worker fewer miss the target there too? How long does the plan take?

The planner runs exactly as ``swsim-plan`` does (same settings from ``conf/plan/``, plus any
overrides given); the check reruns both staffings with ``--check-seed`` for
``--check-replications`` replications. The last line is ready for the README.

Command (from the repository root, after ``make install``; one command to re-run after the
scenario changes)::

    .venv/bin/python experiments/plan_check.py --check-replications 40
    .venv/bin/python experiments/plan_check.py policy/cover=office_hours   # the ceiling
"""

from __future__ import annotations

import argparse
import time

from sim import load_config, run_replications
from sim.planning.bounds import kpi_interval
from sim.planning.evaluate import Evaluation, with_staffing
from sim.planning.plan import plan_staffing


def check(overrides: list[str], ev: Evaluation, kpi: str, seed: int, n: int,
          jobs: int) -> str:
    """The KPI of staffing ``ev`` over ``n`` fresh replications with master seed ``seed``."""
    cfg = with_staffing(load_config([*overrides, f"run.seed={seed}"]), ev.workers)
    values = run_replications(cfg, n=n, n_jobs=jobs)[kpi].to_numpy(dtype=float)
    iv = kpi_interval(values, kpi, 0.95)
    return f"{iv.mean:.3f} (95% CI {iv.low:.3f} to {iv.high:.3f}, n={iv.n})"


def main() -> None:
    """Plan, then check the plan and the plan with one worker fewer on fresh runs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, as for swsim-plan")
    parser.add_argument("--check-seed", type=int, default=4242)
    parser.add_argument("--check-replications", type=int, default=40)
    args = parser.parse_args()
    cfg = load_config(args.overrides)
    started = time.perf_counter()
    answer = plan_staffing(cfg, print)
    seconds = time.perf_counter() - started
    print(f"\nplan ({seconds:.0f} s, {answer.replications_run} replications): {answer.message}")
    out = answer.outcome
    for label, ev in (("plan", out.plan), ("one fewer", out.fewer)):
        if ev is not None:
            fresh = check(args.overrides, ev, answer.settings.kpi, args.check_seed,
                          args.check_replications, cfg.run.n_jobs)
            print(f"fresh runs (seed {args.check_seed}): {label} {ev.workers} -> {fresh}")


if __name__ == "__main__":
    main()
