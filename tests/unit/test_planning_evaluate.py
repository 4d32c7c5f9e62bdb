"""Evaluating a staffing: the config it runs, common random numbers, the cache."""

from __future__ import annotations

import pytest

from sim import load_config
from sim.config import ConfigError
from sim.planning.evaluate import (
    Evaluator,
    check_fixed_staffing,
    scenario_staffing,
    station_names,
    with_staffing,
)

MMC = ["scenario=mmc", "scenario.arrival_rate=2.0", "scenario.servers=3",
       "scenario.horizon_days=200", "scenario.warmup_days=20", "scenario.target_days=0.2"]


def test_with_staffing_changes_only_the_named_stations() -> None:
    cfg = load_config([])
    assert station_names(cfg.scenario) == list(cfg.scenario.stations)
    changed = with_staffing(cfg, {"west_station": 4})
    assert scenario_staffing(changed.scenario) == {**scenario_staffing(cfg.scenario),
                                                   "west_station": 4}
    assert cfg.scenario.stations["west_station"].workers == 0  # the original is untouched


def test_the_queue_scenario_has_one_station() -> None:
    cfg = load_config(MMC)
    assert station_names(cfg.scenario) == ["queue"]
    assert scenario_staffing(with_staffing(cfg, {"queue": 7}).scenario) == {"queue": 7}


def test_only_fixed_staffing_can_be_planned() -> None:
    check_fixed_staffing(load_config([]))
    with pytest.raises(ConfigError, match="policy/staffing = 'ratio' is not allowed"):
        check_fixed_staffing(load_config(["policy/staffing=ratio"]))


def test_evaluations_are_cached_and_share_random_numbers() -> None:
    lines: list[str] = []
    ev = Evaluator(load_config(MMC), "timely_coverage", 0.95, n_jobs=1, log=lines.append)
    three = ev.evaluate({"queue": 3}, 4)
    again = ev.evaluate({"queue": 3}, 3)
    assert ev.replications_run == 4 and len(lines) == 1
    assert again.values == three.values[:3]
    four = ev.evaluate({"queue": 4}, 4)
    # same replications, one more server: never worse in any replication (paired)
    assert all(b >= a for a, b in zip(three.values, four.values, strict=True))
    assert {e.total for e in ev.evaluations()} == {3, 4}
    assert "3 workers {'queue': 3}: timely_coverage" in lines[0]
