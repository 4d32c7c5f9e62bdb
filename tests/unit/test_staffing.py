"""Unit tests of staffing rules."""

from __future__ import annotations

from sim.policies.staffing import (
    STAFFING,
    FixedStaffing,
    NeedsBasedStaffing,
    RatioStaffing,
    StationLoad,
)

LOAD = StationLoad(fixed=2, households=7600, elderly=2600, disabled=1350, low_income=230,
                   workload_hours_per_year=1900.0)


def test_fixed_keeps_the_scenario_headcount() -> None:
    assert FixedStaffing().target(LOAD) == 2


def test_ratio_rounds_up_per_basis() -> None:
    assert RatioStaffing(basis="households", per=5000.0, minimum=0).target(LOAD) == 2
    assert RatioStaffing(basis="elderly", per=500.0, minimum=0).target(LOAD) == 6
    assert RatioStaffing(basis="low_income", per=200.0, minimum=0).target(LOAD) == 2


def test_needs_based_divides_workload_by_hours_per_worker() -> None:
    assert NeedsBasedStaffing(case_hours_per_worker_year=900.0, minimum=0).target(LOAD) == 3


def test_minimum_applies() -> None:
    empty = StationLoad(0, 10, 0, 0, 0, 0.0)
    assert RatioStaffing(minimum=1).target(empty) == 1
    assert NeedsBasedStaffing(minimum=0).targets([empty, LOAD]) == [0, 3]


def test_every_option_is_its_own_rule_and_keeps_the_review_interval() -> None:
    for name in STAFFING:
        policy = STAFFING.create(name, review_interval_days=30.0)
        assert policy.review_interval_days == 30.0
        assert len(policy.targets([LOAD, LOAD])) == 2
