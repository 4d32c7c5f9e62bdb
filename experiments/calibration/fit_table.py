"""Simulated against reported: J community's defaults over 10 replications.

Question: with the calibrated defaults, where do the means of the counts that source 003
reports for 2023 fall against their bands, and how much need stays hidden?

Command (from the repository root; a few seconds)::

    .venv/bin/python experiments/calibration/fit_table.py
"""

from __future__ import annotations

from sim import load_config, run_replications
from sim.calibration import load_targets

EXTRA = ["activity_participants_per_year", "hidden_unmet_need", "trust_mean_end",
         "timely_coverage", "timely_coverage_urgent", "workers"]


def main() -> None:
    spec = load_targets("j_community")
    rows = run_replications(load_config([]), 10)
    print("| KPI | reported | band | simulated mean (sd) |")
    print("|---|---|---|---|")
    for name, target in spec.targets.items():
        lo, hi = target.bounds
        print(f"| {name} | {target.reported:g} | [{lo:.0f}, {hi:.0f}] | "
              f"{rows[name].mean():.1f} ({rows[name].std():.1f}) |")
    for name in EXTRA:
        print(f"| {name} | | | {rows[name].mean():.3f} ({rows[name].std():.3f}) |")


if __name__ == "__main__":
    main()
