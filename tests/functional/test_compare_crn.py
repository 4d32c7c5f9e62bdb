"""compare() finds a policy's effect with common random numbers and a variance reduction.

Administration burden reduction vs baseline in a time-bound configuration (capacity by
booked hours): the same configuration as ``test_policy_directions.py``.
"""

from __future__ import annotations

import pytest
from scenario_overrides import UNCALIBRATED

from sim import compare, load_config

TIME_BOUND = [
    *UNCALIBRATED,  # the load the time-bound configuration was designed at
    "scenario.stations.service_centre.workers=1",
    "scenario.needs.elderly_care.incidence_per_year=0.2",
    "scenario.horizon_days=900",
    "scenario.warmup_days=120",
    "policy/caseload=workload",
]


@pytest.mark.slow
def test_burden_reduction_effect_found_with_variance_reduction() -> None:
    table = compare(load_config([*TIME_BOUND, "policy/admin=baseline"]),
                    load_config([*TIME_BOUND, "policy/admin=burden_reduction"]), n=10,
                    kpis=["timely_coverage", "share_admin", "wait_mean_days"])
    coverage = table.loc["timely_coverage"]
    assert coverage["diff_ci_low"] > 0, table  # lighter admin: more cases in time
    assert coverage["variance_reduction"] > 1, table
    assert table.loc["share_admin", "diff_ci_high"] < 0
    assert table.loc["wait_mean_days", "diff_ci_high"] < 0
    assert (table["variance_reduction"] > 1).all(), table
