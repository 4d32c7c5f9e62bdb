"""Unit tests of staffing rules."""

from __future__ import annotations

from sim.policies.staffing import StaffingPolicy, StationLoad

LOAD = StationLoad(fixed=2, households=7600, elderly=2600, disabled=1350, low_income=230,
                   workload_hours_per_year=1900.0)


def test_fixed_keeps_the_scenario_headcount() -> None:
    assert StaffingPolicy("fixed").target(LOAD) == 2


def test_ratio_rounds_up_per_basis() -> None:
    assert StaffingPolicy("ratio", "households", 5000.0).target(LOAD) == 2
    assert StaffingPolicy("ratio", "elderly", 500.0).target(LOAD) == 6
    assert StaffingPolicy("ratio", "low_income", 200.0).target(LOAD) == 2


def test_needs_based_divides_workload_by_hours_per_worker() -> None:
    assert StaffingPolicy("needs_based", case_hours_per_worker_year=900.0).target(LOAD) == 3


def test_minimum_applies() -> None:
    empty = StationLoad(0, 10, 0, 0, 0, 0.0)
    assert StaffingPolicy("ratio", minimum=1).target(empty) == 1
    assert StaffingPolicy("needs_based").targets([empty, LOAD]) == [0, 3]
