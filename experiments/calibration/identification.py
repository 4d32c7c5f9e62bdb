"""What the 2023 counts of J community do and do not pin down.

Question: the counts (25 cases, 30 home visits, 35 activities, >2,000 people served, 150
volunteers) are outputs of incidence x trust (cases) and attendance x trust (people served).
If residents trusted the service more or less than the scenario assumes, would a calibration
fit the counts equally well, and how much need would then stay hidden?

Method: for each trust level (every grid's ``trust_mean`` times 0.7, 1.0, 1.3) the incidence
scale and the attendance rate are re-fitted with ``sim.calibration.calibrate`` (the shipped
targets; the other parameters at their shipped values; grid 7, 2 rounds, 3 replications,
common random numbers); then 10 replications at the fitted values report the distance, the
fit and the hidden unmet need.

Command (from the repository root; about 5 minutes on 2 busy cores)::

    nice -n 10 .venv/bin/python experiments/calibration/identification.py
"""

from __future__ import annotations

import time

import pandas as pd

from sim import load_config, run_replications
from sim.calibration import calibrate, distance, load_targets

FACTORS = (0.7, 1.0, 1.3)
FREE = ("scenario.demand_scale", "scenario.group_work.attendance_rate")
REPORT = ["cases_opened_per_year", "people_served_per_year", "hidden_unmet_need",
          "trust_mean_end", "timely_coverage"]


def trust_overrides(factor: float) -> list[str]:
    """Every grid's trust_mean times ``factor``."""
    base = load_config([])
    return [f"scenario.communities.{name}.trust_mean={com.trust_mean * factor:.4f}"
            for name, com in base.scenario.communities.items()]


def main() -> None:
    spec = load_targets("j_community")
    reduced = spec.model_copy(update={
        "parameters": [p for p in spec.parameters if p.key in FREE],
        "search": spec.search.model_copy(update={"grid": 7, "rounds": 2, "replications": 3}),
    })
    rows = []
    for factor in FACTORS:
        started = time.perf_counter()
        overrides = trust_overrides(factor)
        fit = calibrate(reduced, overrides)
        cfg = load_config([*overrides, *(f"{k}={v!r}" for k, v in fit.overrides.items())])
        means = run_replications(cfg, 10).mean(numeric_only=True)
        rows.append({"trust_factor": factor, **{k: fit.values[k] for k in FREE},
                     "distance_10_reps": distance(means.to_dict(), spec.targets),
                     **{k: means[k] for k in REPORT},
                     "seconds": time.perf_counter() - started})
    table = pd.DataFrame(rows)
    print(table.round(4).to_string(index=False))


if __name__ == "__main__":
    main()
