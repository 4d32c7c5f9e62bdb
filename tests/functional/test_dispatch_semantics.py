"""Dispatch semantics in whole runs: fifo shares the work.

Identical workers present the whole run should do about the same work under ``fifo`` (new
cases go to the worker who has waited longest since their last new case, not to the earliest
hired).
"""

from __future__ import annotations

import math

import pytest

from sim import load_config, run

#: Three identical workers at one station, present the whole run: no exits, no absences, no
#: money shortfall (lay-offs), no worker elsewhere; the default scenario's load.
STEADY_THREE = [
    "scenario.workforce.exit_rate_per_year=0",
    "scenario.workforce.first_year_exit_rate_per_year=0",
    "scenario.workforce.absence_episodes_per_year=0",
    "scenario.stations.service_centre.workers=3",
    "scenario.stations.east_station.workers=0",
    "scenario.stations.west_station.workers=0",
    "policy/funding=unlimited",
    "policy/dispatch=fifo",
]


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
