"""The default warm-up of each scenario, chosen with MSER-5 over pilot replications.

Question: from an empty start, after how many days does each scenario's output settle, so
that the KPIs (which exclude the warm-up) describe the steady state? Pilot replications run
with no warm-up over a pilot horizon (the first year and a bit: MSER-5 searches the first
half of a series, and j_community has a funding-gap regime in its second contract year in
the replications whose grant is not renewed, part of what the KPIs must measure and not a
start-up transient);
MSER-5 (:func:`sim.mser5`) is applied to the mean across pilots of the allocation backlog
and of the open cases (the caseload that fills up from empty), for three pilot seeds, and to
each pilot's backlog series on its own (median and 90th percentile of the truncations).
The default warm-up must cover the largest truncation found.

Command (from the repository root, after ``make install``)::

    .venv/bin/python experiments/warmup_mser5.py --pilots 40 --jobs 2
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from sim import load_config, mser5
from sim.analysis.mser import warmup_from_pilots
from sim.runner import iter_replications

PILOT_HORIZON = {"j_community": 400.0, "mmc": 600.0}
"""Pilot horizon (days) per scenario."""
SEEDS = (1, 2, 20261121)
SERIES = ("backlog_mean", "open")


def pilots(scenario: str, seed: int, n: int, jobs: int) -> tuple[pd.DataFrame, float]:
    """The stacked time series of ``n`` pilot replications with no warm-up, and the
    scenario's configured warm-up."""
    cfg = load_config([f"scenario={scenario}"])
    pilot = load_config([f"scenario={scenario}", "scenario.warmup_days=0", f"run.seed={seed}",
                         f"scenario.horizon_days={PILOT_HORIZON[scenario]}"])
    rows = iter_replications(pilot, n, jobs, keep_tables=True)
    series = [r["_result"].timeseries.assign(replication=r["replication"]) for r in rows]
    return pd.concat(series, ignore_index=True), cfg.scenario.warmup_days


def study(n: int, jobs: int) -> pd.DataFrame:
    """One row per scenario and pilot seed: configured warm-up, MSER-5 truncations (days)."""
    out = []
    for scenario in PILOT_HORIZON:
        for seed in SEEDS:
            out.append(truncations(scenario, seed, n, jobs))
    return pd.DataFrame(out).set_index(["scenario", "seed"])


def truncations(scenario: str, seed: int, n: int, jobs: int) -> dict[str, object]:
    """The MSER-5 truncation points of one set of pilots."""
    ts, configured = pilots(scenario, seed, n, jobs)
    row: dict[str, object] = {"scenario": scenario, "seed": seed,
                              "configured_warmup": configured,
                              "pilot_horizon": float(ts["t"].max())}
    for column in SERIES:
        row[f"mser5_mean_{column}"] = warmup_from_pilots(ts, column)
    step = float(np.diff(np.sort(ts["t"].unique()))[0])
    each = [mser5(g.sort_values("t")["backlog_mean"].to_numpy()) * step
            for _, g in ts.groupby("replication")]
    row["mser5_each_backlog_median"] = float(np.median(each))
    row["mser5_each_backlog_p90"] = float(np.quantile(each, 0.9))
    return row


def main() -> None:
    """Run the pilots and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pilots", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    print(study(args.pilots, args.jobs).to_string(float_format=lambda x: f"{x:.0f}"))


if __name__ == "__main__":
    main()
