"""Issue 10 (a): the staffing curve of J community under office-hours and on-call cover.

Question: how does the share of urgent cases first contacted within their target (and of all
cases) change with the total headcount, with and without an out-of-hours on-call rota? Where
does each curve level off, and can office-hours cover reach 90% at any headcount?

Each total headcount is spread over the three stations in proportion to their offered loads
(the planner's queueing estimate, :mod:`sim.planning.queueing`). Replications share their
random numbers across headcounts and covers (common random numbers), so neighbouring points
are paired. The interval is the planner's: a t-interval clipped to the KPI's range.

Command (from the repository root, after ``make install``)::

    nice -n 10 .venv/bin/python experiments/staffing_curve.py --max-workers 10 \
        --replications 20 --jobs 2 --out experiments/results/staffing_curve
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from sim import load_config, run_replications
from sim.config import CommunityScenario
from sim.planning.bounds import kpi_interval
from sim.planning.evaluate import with_staffing
from sim.planning.queueing import apportion, station_loads
from sim.plots.style import BAND_COLOUR, PRIORITY_COLOURS, new_figure

KPIS = ("timely_coverage_urgent", "timely_coverage")
COVERS = ("office_hours", "on_call")


def spread(scenario: CommunityScenario, total: int) -> dict[str, int]:
    """``total`` workers over the stations in proportion to their offered loads."""
    return apportion(total, {x.station: x.offered_load for x in station_loads(scenario)})


def study(max_workers: int, replications: int, jobs: int) -> pd.DataFrame:
    """One row per (cover, total headcount): mean and CI of each KPI."""
    rows = []
    for cover in COVERS:
        cfg = load_config([f"policy/cover={cover}"])
        for total in range(1, max_workers + 1):
            workers = spread(cfg.scenario, total)
            df = run_replications(with_staffing(cfg, workers), n=replications, n_jobs=jobs)
            row: dict[str, object] = {"cover": cover, "workers": total,
                                      "staffing": " ".join(f"{v}" for v in workers.values())}
            for kpi in KPIS:
                iv = kpi_interval(df[kpi].to_numpy(dtype=float), kpi, 0.95)
                row.update({kpi: iv.mean, f"{kpi}_low": iv.low, f"{kpi}_high": iv.high})
            rows.append(row)
            print(f"{cover} {total}: {row['timely_coverage_urgent']:.3f}", flush=True)
    return pd.DataFrame(rows)


def figure(table: pd.DataFrame, out: Path) -> None:
    """Urgent timely coverage against headcount, one curve per cover, with the 0.9 line."""
    fig, (ax,) = new_figure()
    for cover, colour in zip(COVERS, (PRIORITY_COLOURS["urgent"], BAND_COLOUR), strict=True):
        rows = table[table["cover"] == cover]
        ax.fill_between(rows["workers"], rows["timely_coverage_urgent_low"],
                        rows["timely_coverage_urgent_high"], color=colour, alpha=0.2,
                        linewidth=0)
        ax.plot(rows["workers"], rows["timely_coverage_urgent"], "o-", color=colour,
                label=cover)
    ax.axhline(0.9, color="black", linestyle="--", label="target 0.9")
    ax.set_xlabel("total headcount")
    ax.set_ylabel("timely_coverage_urgent")
    ax.set_title("J community: urgent timely coverage")
    ax.legend(loc="lower right", fontsize="small")
    fig.savefig(out.with_suffix(".png"), dpi=120, bbox_inches="tight")


def main() -> None:
    """Parse arguments, run the study, print and save the table and figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-workers", type=int, default=10)
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("experiments/results/staffing_curve"))
    args = parser.parse_args()
    table = study(args.max_workers, args.replications, args.jobs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out.with_suffix(".csv"), index=False)
    figure(table, args.out)
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))


if __name__ == "__main__":
    main()
