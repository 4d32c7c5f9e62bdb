"""plan_staffing on a small queue, and the settings it refuses before simulating."""

from __future__ import annotations

import pytest

from sim import load_config
from sim.config import ConfigError
from sim.planning.plan import (
    OFFICE_HOURS_CEILING,
    PlanAnswer,
    ceiling_reason,
    plan_staffing,
    settings_of,
    start_staffing,
)

SMALL = ["scenario=mmc", "scenario.arrival_rate=2.0", "scenario.horizon_days=300",
         "scenario.warmup_days=30", "scenario.target_days=0.2", "plan.kpi=timely_coverage",
         "plan.target=0.8", "plan.replications=4", "run.n_jobs=1"]


@pytest.fixture(scope="module")
def answer() -> PlanAnswer:
    return plan_staffing(load_config(SMALL))


def test_the_plan_meets_the_target_and_one_fewer_does_not(answer: PlanAnswer) -> None:
    out = answer.outcome
    assert out.feasible and out.plan.interval.low >= 0.8
    assert out.fewer is not None and out.fewer.total == out.plan.total - 1
    assert out.fewer.interval.low < 0.8
    assert answer.cost(out.plan) == out.plan.total * 70000.0
    assert answer.message.startswith(f"{out.plan.total} workers (queue {out.plan.total})")


def test_every_evaluation_is_kept(answer: PlanAnswer) -> None:
    totals = {e.total for e in answer.evaluations}
    assert {answer.outcome.plan.total, answer.outcome.plan.total - 1} <= totals
    assert answer.replications_run >= 4 * len(answer.evaluations)


def test_the_start_is_the_erlang_c_estimate_within_the_caps() -> None:
    assert start_staffing(load_config(SMALL), settings_of(load_config(SMALL))) == {"queue": 4}
    cfg = load_config([*SMALL, "plan.max_workers=2"])
    assert start_staffing(cfg, settings_of(cfg)) == {"queue": 2}
    j = load_config(["plan.stations=[west_station]"])
    start = start_staffing(j, settings_of(j))
    assert start["service_centre"] == 2 and start["east_station"] == 1


@pytest.mark.parametrize(("overrides", "message"), [
    (["plan.kpi=nope"], "plan.kpi = 'nope' is not allowed"),
    (["plan.stations=[north]"], "plan.stations = 'north' is not allowed"),
    (["policy/staffing=needs_based"], "policy/staffing = 'needs_based' is not allowed"),
    (["plan.budget=100000", "plan.stations=[west_station]"],
     "plan.budget = 100000.0 is not allowed: it pays 1 workers, fewer than the 3"),
])
def test_bad_settings_are_refused_before_simulating(overrides: list[str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace(".", r"\.")):
        plan_staffing(load_config(overrides))


def test_office_hours_names_the_calendar_ceiling() -> None:
    cfg = load_config(["policy/cover=office_hours"])
    assert ceiling_reason(cfg, settings_of(cfg)) == OFFICE_HOURS_CEILING
    on_call = load_config([])
    assert ceiling_reason(on_call, settings_of(on_call)) == ""


def test_a_budget_buys_what_it_pays_for() -> None:
    """210,000 yuan at 70,000 a worker-year: 3 servers (the estimate, 4, is cut back)."""
    answer = plan_staffing(load_config([*SMALL, "plan.budget=210000", "plan.target=null"]))
    assert answer.outcome.plan.workers == {"queue": 3}
    assert answer.outcome.feasible
    assert answer.message.startswith("the budget of 210,000 yuan buys 3 workers (queue 3)")
