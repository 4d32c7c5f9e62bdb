"""The staffing search on a known KPI surface (a stand-in evaluator, no simulation)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pytest

from sim.planning.bounds import Interval
from sim.planning.evaluate import Evaluation, Staffing
from sim.planning.search import Goal, Search
from sim.planning.settings import PlanConfig


class Surface:
    """An evaluator whose KPI mean is ``f(workers)`` and whose half-width is
    ``half * sqrt(10 / n)``; counts what it is asked."""

    def __init__(self, f: Callable[[Staffing], float], half: float = 0.01) -> None:
        self.f, self.half = f, half
        self.asked: dict[tuple[tuple[str, int], ...], int] = {}

    def evaluate(self, workers: Mapping[str, int], n: int) -> Evaluation:
        key = tuple(sorted(workers.items()))
        self.asked[key] = max(n, self.asked.get(key, 0))
        mean, half = self.f(dict(workers)), self.half * math.sqrt(10 / n)
        return Evaluation(dict(workers), Interval(n, mean, mean - half, mean + half), ())

    def evaluations(self) -> list[Evaluation]:
        return [self.evaluate(dict(k), n) for k, n in self.asked.items()]


def coverage(x: Staffing) -> float:
    """Station a's workers count twice as much as b's."""
    return 1.0 - math.exp(-(x["a"] + 0.5 * x["b"]))


def search(surface: Surface, **settings: object) -> Search:
    return Search(surface, PlanConfig(**settings), ["a", "b"], "a known ceiling")  # type: ignore[arg-type]


def test_adds_where_the_kpi_gains_most_until_the_bound_meets_the_target() -> None:
    surface = Surface(coverage)
    out = search(surface, target=0.9).for_target({"a": 0, "b": 0})
    assert out.feasible
    assert out.plan.workers == {"a": 3, "b": 0}
    assert out.plan.interval.low >= 0.9
    assert out.fewer is not None and out.fewer.total == 2
    assert out.fewer.interval.low < 0.9
    assert 4 in {sum(dict(k).values()) for k in surface.asked}  # one more, for the curve


def test_removes_workers_down_to_the_smallest_total() -> None:
    out = search(Surface(coverage), target=0.9).for_target({"a": 5, "b": 5})
    assert out.feasible and out.plan.total == 3 and out.plan.workers == {"a": 3, "b": 0}


def test_a_straddling_interval_gets_more_replications_up_to_the_cap() -> None:
    surface = Surface(lambda x: 0.93 if x["a"] >= 1 else 0.5, half=0.05)
    out = search(surface, target=0.9, replications=10,
                 max_replications=40).for_target({"a": 1, "b": 0})
    assert out.feasible and out.plan.interval.n == 40
    capped = search(Surface(lambda x: 0.93 if x["a"] >= 1 else 0.5, half=0.05), target=0.9,
                    replications=10, max_replications=20).for_target({"a": 1, "b": 0})
    assert capped.plan.interval.n == 20
    assert not capped.feasible or capped.plan.total > 1


def test_a_ceiling_is_reported_with_its_reason_and_best_value() -> None:
    surface = Surface(lambda x: min(0.8, coverage(x)))
    out = search(surface, target=0.9, max_workers=30).for_target({"a": 0, "b": 0})
    assert not out.feasible
    assert "no longer raises" in out.reason and "a known ceiling" in out.reason
    assert math.isclose(out.plan.interval.mean, 0.8)
    assert out.plan.workers == {"a": 2, "b": 0}  # the cheapest staffing at the ceiling
    assert len(surface.asked) < 20  # it stopped at the ceiling, not at the cap


def test_the_headcount_cap_ends_a_slow_climb() -> None:
    surface = Surface(lambda x: 0.05 * (x["a"] + x["b"]), half=0.001)
    out = search(surface, target=0.9, max_workers=10).for_target({"a": 1, "b": 0})
    assert not out.feasible and "plan.max_workers=10" in out.reason
    assert max(sum(dict(k).values()) for k in surface.asked) <= 10


def test_at_most_uses_the_upper_bound() -> None:
    wait = Surface(lambda x: 10.0 / (1 + x["a"] + x["b"]), half=0.1)
    out = search(wait, kpi="wait_mean_days", sense="at_most",
                 target=2.0).for_target({"a": 1, "b": 1})
    assert out.feasible and out.plan.interval.high <= 2.0
    assert out.fewer is not None and out.fewer.interval.high > 2.0


def test_budget_buys_the_best_allocation_it_can_pay() -> None:
    out = search(Surface(coverage), target=0.99, budget=1.0).for_budget({"a": 1, "b": 5}, 4)
    assert out.plan.workers == {"a": 4, "b": 0}
    assert not out.feasible  # 1 - exp(-4) < 0.99


def test_budget_buys_no_worker_that_adds_nothing() -> None:
    flat = Surface(lambda x: min(0.7, 0.5 + 0.1 * x["a"]))
    out = search(flat, target=None, budget=1.0).for_budget({"a": 0, "b": 0}, 10)
    assert out.feasible and out.plan.workers == {"a": 2, "b": 0}


@pytest.mark.parametrize(("sense", "mean", "better"), [("at_least", 0.9, 0.95),
                                                       ("at_most", 3.0, 2.0)])
def test_goal_score_orders_by_sense(sense: str, mean: float, better: float) -> None:
    goal = Goal(1.0, sense)

    def ev(m: float) -> Evaluation:
        return Evaluation({}, Interval(10, m, m, m), ())

    assert goal.score(ev(better)) > goal.score(ev(mean))
    assert goal.score(ev(math.nan)) == -math.inf
