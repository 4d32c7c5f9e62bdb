"""The planner's settings: defaults, and one clear error per bad value."""

from __future__ import annotations

import pytest

from sim.checks import ConfigError
from sim.planning.settings import PlanConfig

KPIS = ["timely_coverage_urgent", "wait_mean_days"]
STATIONS = ["centre", "east"]


def test_defaults_answer_the_readme_question() -> None:
    s = PlanConfig()
    assert (s.kpi, s.target, s.sense, s.confidence) == ("timely_coverage_urgent", 0.9,
                                                        "at_least", 0.95)
    s.check("plan", KPIS, STATIONS)


@pytest.mark.parametrize(("change", "key", "allowed"), [
    ({"kpi": "nope"}, "plan.kpi", "allowed values are timely_coverage_urgent"),
    ({"sense": "more"}, "plan.sense", "at_least, at_most"),
    ({"target": None}, "plan.target", "budget"),
    ({"confidence": 1.0}, "plan.confidence", "[0.5, 1)"),
    ({"budget": -5.0}, "plan.budget", "> 0"),
    ({"stations": ["north"]}, "plan.stations", "centre, east"),
    ({"stations": []}, "plan.stations", "at least one"),
    ({"replications": 1}, "plan.replications", ">= 2"),
    ({"max_replications": 5}, "plan.max_replications", ">= 10"),
    ({"max_workers": 0}, "plan.max_workers", ">= 1"),
])
def test_bad_values_name_key_and_allowed(change: dict, key: str, allowed: str) -> None:
    with pytest.raises(ConfigError) as info:
        PlanConfig(**change).check("plan", KPIS, STATIONS)
    assert str(info.value).startswith(f"{key} = ")
    assert allowed in str(info.value)


def test_budget_alone_is_enough() -> None:
    PlanConfig(target=None, budget=300_000.0).check("plan", KPIS, STATIONS)
