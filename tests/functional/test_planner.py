"""The staffing planner, checked by fresh independent runs and against Erlang C.

For a small queue and for J community (on-call cover), the plan's KPI mean over replications
with another master seed is at or above the target and the plan with one worker fewer is
below it; under office-hours cover the urgent target is unreachable and says why.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim import load_config, run_replications
from sim.planning.evaluate import with_staffing
from sim.planning.plan import OFFICE_HOURS_CEILING, PlanAnswer, plan_staffing
from sim.planning.queueing import erlang_c_staffing

FRESH_SEED = 777  # not the planner's seed (run.seed): independent replications
QUEUE = ["scenario=mmc", "scenario.arrival_rate=4.0", "scenario.target_days=0.1",
         "scenario.horizon_days=1000", "scenario.warmup_days=100",
         "plan.kpi=timely_coverage", "plan.target=0.85", "run.n_jobs=2"]
J_COMMUNITY = ["plan.replications=8", "run.n_jobs=2"]


def fresh_mean(overrides: list[str], workers: dict[str, int], kpi: str, n: int) -> float:
    cfg = with_staffing(load_config([*overrides, f"run.seed={FRESH_SEED}"]), workers)
    return float(np.mean(run_replications(cfg, n=n, n_jobs=2)[kpi]))


@pytest.fixture(scope="module")
def queue_plan() -> PlanAnswer:
    return plan_staffing(load_config(QUEUE))


@pytest.fixture(scope="module")
def community_plan() -> PlanAnswer:
    return plan_staffing(load_config(J_COMMUNITY))


@pytest.mark.slow
def test_queue_plan_is_the_erlang_c_headcount(queue_plan: PlanAnswer) -> None:
    """M/M/c: P(wait <= 0.1) is 0.904 with 7 servers and 0.767 with 6 (Erlang C)."""
    assert queue_plan.outcome.feasible
    assert queue_plan.outcome.plan.total == erlang_c_staffing(4.0, 0.85, 0.1) == 7


@pytest.mark.slow
@pytest.mark.parametrize("which", ["queue", "community"])
def test_fresh_runs_meet_the_target_and_one_fewer_does_not(
        which: str, queue_plan: PlanAnswer, community_plan: PlanAnswer) -> None:
    answer, overrides = ((queue_plan, QUEUE) if which == "queue"
                         else (community_plan, J_COMMUNITY))
    s, out = answer.settings, answer.outcome
    assert out.feasible and out.fewer is not None
    assert out.fewer.total == out.plan.total - 1
    assert s.target is not None
    assert fresh_mean(overrides, out.plan.workers, s.kpi, 16) >= s.target
    assert fresh_mean(overrides, out.fewer.workers, s.kpi, 16) < s.target


@pytest.mark.slow
def test_the_community_plan_spreads_workers_over_stations(community_plan: PlanAnswer) -> None:
    """Any worker serves any case (fifo), but home visits are shorter from the own station."""
    plan = community_plan.outcome.plan
    assert set(plan.workers) == {"service_centre", "east_station", "west_station"}
    assert plan.interval.low >= 0.9


@pytest.mark.slow
def test_an_office_hours_urgent_target_is_unreachable_with_a_clear_message() -> None:
    cfg = load_config(["policy/cover=office_hours", "plan.max_workers=8",
                       "plan.replications=5", "run.n_jobs=2"])
    answer = plan_staffing(cfg)
    out = answer.outcome
    assert not out.feasible
    assert OFFICE_HOURS_CEILING in out.reason
    assert out.plan.interval.mean < 0.9
    assert answer.message.startswith("the target timely_coverage_urgent >= 0.9 cannot be met")
    assert f"the best reachable value is timely_coverage_urgent {out.plan.interval.mean:.3f}" \
        in answer.message
    assert max(e.total for e in answer.evaluations) <= 8
