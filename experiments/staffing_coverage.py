"""Staffing vs coverage in J community.

Question: with 1 to 5 workers at the service centre (other stations as in the scenario),
what share of urgent cases gets a first contact within its response target, with a 95% CI?
Replications share their random numbers across headcounts (common random numbers), so the
differences between rows are paired.

Command (from the repository root, after ``make install``)::

    .venv/bin/python experiments/staffing_coverage.py --replications 20 --jobs 2
"""

from __future__ import annotations

import argparse

import pandas as pd

from sim import load_config, run_replications, summarise

KPIS = ["timely_coverage_urgent", "timely_coverage", "wait_mean_days", "cost_per_closed_case"]


def study(headcounts: list[int], replications: int, jobs: int) -> pd.DataFrame:
    """One summary row per headcount: mean and CI half-width of the headline KPIs."""
    rows = []
    for workers in headcounts:
        cfg = load_config([f"scenario.stations.service_centre.workers={workers}"])
        summary = summarise(run_replications(cfg, n=replications, n_jobs=jobs))
        row: dict[str, float] = {"service_centre_workers": workers}
        for kpi in KPIS:
            row[kpi] = summary.loc[kpi, "mean"]
            row[f"{kpi}_ci"] = summary.loc[kpi, "ci_halfwidth"]
        rows.append(row)
    return pd.DataFrame(rows)


def main() -> None:
    """Parse arguments, run the study, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--max-workers", type=int, default=5)
    args = parser.parse_args()
    table = study(list(range(1, args.max_workers + 1)), args.replications, args.jobs)
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))


if __name__ == "__main__":
    main()
