"""Dispatch semantics in whole runs: fifo shares the work, micro_grid serves a worker-less grid.

Identical workers present the whole run should do about the same work under ``fifo`` (new
cases go to the worker who has waited longest since their last new case, not to the earliest
hired); under ``micro_grid`` a grid whose station has no worker (j_community's west_station)
is served by the other grids' workers after ``fallback_wait_days``, and only then.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scenario_overrides import UNCALIBRATED

from sim import load_config, run

#: Three identical workers at one station, present the whole run: no exits, no absences, no
#: money shortfall (lay-offs), no worker elsewhere; the default scenario's uncalibrated load.
STEADY_THREE = [
    *UNCALIBRATED,
    "scenario.workforce.exit_rate_per_year=0",
    "scenario.workforce.first_year_exit_rate_per_year=0",
    "scenario.workforce.absence_episodes_per_year=0",
    "scenario.stations.service_centre.workers=3",
    "scenario.stations.east_station.workers=0",
    "scenario.stations.west_station.workers=0",
    "policy/funding=unlimited",
    "policy/dispatch=fifo",
]
WEST = 2  # j_community's west_station: `workers: 0` under fixed staffing


@pytest.mark.parametrize("replication", [0, 1])
def test_fifo_identical_workers_get_contacts_within_20_percent_of_each_other(
    replication: int,
) -> None:
    """Rule: a new case goes to the worker with room who has waited longest since their last
    new case (ties by id); the earliest hired no longer takes most of the work."""
    workers = run(load_config(STEADY_THREE), seed=0, replication=replication).workers
    assert len(workers) == 3
    assert (workers["hired_at"] == -math.inf).all() and workers["active_at_end"].all()
    contacts = workers["contacts"]
    assert contacts.min() > 500, contacts.tolist()  # enough load to tell
    assert contacts.max() <= 1.2 * contacts.min(), contacts.tolist()


def west_cases(fallback_days: float) -> pd.DataFrame:
    """The west grid's cases of one default-scenario run under micro_grid."""
    cfg = load_config(["policy/dispatch=micro_grid",
                       f"policy.dispatch.fallback_wait_days={fallback_days}"])
    cases = run(cfg, seed=0).cases
    return cases[cases["station"] == WEST]


def test_micro_grid_serves_a_workerless_grid_after_the_fallback_wait_only() -> None:
    cases = west_cases(7.0)
    allocated = cases[cases["allocated_at"].notna()]
    assert len(allocated) > 0.4 * len(cases), (len(allocated), len(cases))
    waited = allocated["allocated_at"] - allocated["referred_at"]
    assert (waited >= 7.0 - 1e-9).all(), waited.min()
    window = cases[cases["in_window"]]
    assert window["timely"].mean() > 0.2  # standard targets (7-14 days) can still be met


def test_micro_grid_without_a_usable_fallback_starves_the_workerless_grid() -> None:
    """Why the fallback exists: a wait longer than every patience is a strict grid."""
    cases = west_cases(1e4)
    assert cases["allocated_at"].isna().all()
