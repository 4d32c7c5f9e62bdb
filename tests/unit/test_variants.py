"""The variant label: the settings that differ from the scenario's defaults, or a name."""

from __future__ import annotations

import dataclasses

from sim import load_config
from sim.runner import run_replication
from sim.variants import DEFAULT_VARIANT, differences, flatten, variant_label


def test_flatten_nested_mappings() -> None:
    assert flatten({"a": {"b": 1, "c": {"d": [1, 2]}}, "e": "x"}) == {
        "a.b": 1, "a.c.d": [1, 2], "e": "x"}


def test_defaults_are_the_default_variant() -> None:
    assert load_config([]).run.variant == DEFAULT_VARIANT
    assert load_config(["scenario=mmc", "run.replications=3"]).run.variant == DEFAULT_VARIANT


def test_a_changed_policy_option_is_named_once() -> None:
    cfg = load_config(["policy/admin=burden_reduction", "scenario.horizon_days=900"])
    assert cfg.run.variant == "policy/admin=burden_reduction scenario.horizon_days=900.0"


def test_a_setting_equal_to_the_default_is_not_a_difference() -> None:
    base = load_config([])
    assert load_config(["scenario.horizon_days=1275"]).run.variant == DEFAULT_VARIANT
    more = load_config(["scenario.stations.east_station.workers=3"])
    assert differences(more, base) == ["scenario.stations.east_station.workers=3"]


def test_a_given_name_wins_and_rows_carry_it() -> None:
    cfg = load_config(["scenario=mmc", "scenario.horizon_days=30", "scenario.warmup_days=5",
                       "run.variant=four workers"])
    assert cfg.run.variant == "four workers"
    assert variant_label(cfg, cfg) == "four workers"
    unnamed = dataclasses.replace(cfg, run=dataclasses.replace(cfg.run, variant=""))
    assert variant_label(unnamed, unnamed) == DEFAULT_VARIANT
    assert run_replication(cfg, 0)["variant"] == "four workers"
    assert run_replication(unnamed, 0)["variant"] == DEFAULT_VARIANT
