"""Command line ``swsim-compare``: two configurations, paired with common random numbers.

::

    swsim-compare policy/admin=baseline -- policy/admin=burden_reduction
    swsim-compare --n 20 --kpis timely_coverage,overtime_share A_OVERRIDES -- B_OVERRIDES
    swsim-compare --out cmp scenario.horizon_days=900 -- policy/cover=office_hours -- \
        policy/cover=on_call

Overrides before ``--`` make configuration A, after it B (both start from the defaults of
``conf/``); with two ``--``, the first part is common to both, the second A, the third B.
B runs from A's master seed. Prints, per KPI, the means, the mean difference
``B - A`` with its paired 95% CI and the variance reduction against unpaired runs
(:mod:`sim.comparison`, :mod:`sim.analysis.paired`); ``--out DIR`` also writes
``DIR/compare.csv`` (every KPI).
Bad input ends with one line ``swsim-compare: error: ...`` and exit code 2 before anything
runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import pandas as pd

from sim.checks import ConfigError

PROG = "swsim-compare"
EXIT_USAGE = 2
DEFAULT_KPIS = ("timely_coverage", "timely_coverage_urgent", "wait_mean_days",
                "backlog_mean", "share_admin", "overtime_share", "cost_per_closed_case")


def fail(message: str) -> NoReturn:
    """Print ``swsim-compare: error: <message>`` on stderr and exit with code 2."""
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr, flush=True)
    sys.exit(EXIT_USAGE)


def parser() -> argparse.ArgumentParser:
    """The options (the overrides are split at ``--`` before parsing)."""
    p = argparse.ArgumentParser(prog=PROG, description="Paired (CRN) comparison: B - A.")
    p.add_argument("--n", type=int, default=10, help="replications of each (default 10)")
    p.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    p.add_argument("--kpis", default=",".join(DEFAULT_KPIS),
                   help="comma-separated KPIs to print (compare.csv has all)")
    p.add_argument("--out", type=Path, default=None, help="folder for compare.csv")
    p.add_argument("a", nargs="*", help="overrides of A (or, before a second --, of both)")
    return p


def split_args(argv: Sequence[str]) -> list[list[str]]:
    """The arguments split at each ``--``: two parts (A, B) or three (common, A, B)."""
    parts: list[list[str]] = [[]]
    for arg in argv:
        if arg == "--":
            parts.append([])
        else:
            parts[-1].append(arg)
    if len(parts) not in (2, 3):
        fail("expected [COMMON --] A_OVERRIDES -- B_OVERRIDES (configurations split by '--')")
    return parts


def format_table(table: pd.DataFrame, kpis: Sequence[str]) -> str:
    """Plain-text rows of :func:`~sim.analysis.paired.paired_table` for ``kpis``."""
    from sim.report import format_value  # noqa: PLC0415 - only for printing

    rows = table.loc[[k for k in kpis if k in table.index]]
    width = max([len("KPI"), *(len(str(k)) for k in rows.index)])
    lines = [f"{'KPI':<{width}}  {'A':>9}  {'B':>9}  {'B - A':>9}  {'paired 95% CI':>21}  "
             f"{'var. red.':>9}"]
    for name, r in rows.iterrows():
        ci = f"[{format_value(r['diff_ci_low'])}, {format_value(r['diff_ci_high'])}]"
        lines.append(f"{name!s:<{width}}  {format_value(r['mean_a']):>9}  "
                     f"{format_value(r['mean_b']):>9}  {format_value(r['diff_mean']):>9}  "
                     f"{ci:>21}  {format_value(r['variance_reduction']):>9}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``swsim-compare``."""
    parts = split_args(sys.argv[1:] if argv is None else argv)
    opts = parser().parse_args(parts[0])
    common, a_overrides = ([], opts.a) if len(parts) == 2 else (opts.a, parts[1])
    from sim.analysis.kpis import KPI_BY_NAME  # noqa: PLC0415
    from sim.comparison import compare  # noqa: PLC0415 - after the usage checks
    from sim.loading import load_config  # noqa: PLC0415

    kpis = [k.strip() for k in opts.kpis.split(",") if k.strip()]
    unknown = [k for k in kpis if k not in KPI_BY_NAME]
    if unknown:
        fail(f"--kpis = {unknown[0]!r} is not allowed: not a KPI (see docs/kpis.md)")
    if opts.n < 2 or opts.jobs == 0 or opts.jobs < -1:
        fail(f"--n = {opts.n}, --jobs = {opts.jobs} is not allowed: --n must be >= 2 and "
             f"--jobs positive or -1")
    try:
        cfg_a, cfg_b = load_config(common + a_overrides), load_config(common + parts[-1])
    except ConfigError as exc:
        fail(str(exc))
    table = compare(cfg_a, cfg_b, opts.n, opts.jobs)
    print(f"{PROG}: A = {cfg_a.run.variant}, B = {cfg_b.run.variant}, {opts.n} paired "
          f"replications, seed {cfg_a.run.seed}")
    print(format_table(table, kpis))
    if opts.out is not None:
        from sim.bundle import atomic_write  # noqa: PLC0415 - only when writing

        path = atomic_write(Path(opts.out) / "compare.csv", table.to_csv)
        print(f"written: {path}")


if __name__ == "__main__":
    main()
