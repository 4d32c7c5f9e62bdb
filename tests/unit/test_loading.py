"""The loading package: one module per step behind the names callers import from it."""

from __future__ import annotations

import pytest

import sim.loading
from sim.checks import ConfigError
from sim.loading import composition, conversion, labels, load_config, messages, overrides, schemas

STEPS = (schemas, overrides, composition, conversion, messages, labels)


def test_every_public_name_is_the_one_its_step_defines() -> None:
    """``from sim.loading import X`` keeps working for every X the callers used."""
    used = {"CONFIG_NAME", "check_known_keys", "check_overrides", "compose_node",
            "compose_rewritten", "config_yaml", "describe_error", "label_variant",
            "load_config", "parse_overrides", "register_schemas", "rewrite_overrides",
            "to_config"}
    assert used <= set(sim.loading.__all__)
    for name in sim.loading.__all__:
        owners = [step for step in STEPS if name in vars(step)]
        if name != "load_config":
            assert owners and getattr(sim.loading, name) is vars(owners[0])[name], name


def test_load_config_labels_what_differs_from_the_scenario() -> None:
    assert load_config([]).run.variant == "default"
    assert load_config(["scenario=mmc", "scenario.servers=3"]).run.variant == \
        "scenario.servers=3"
    assert load_config(["run.variant=mine", "scenario.demand_scale=2"]).run.variant == "mine"


def test_load_config_refuses_with_one_message() -> None:
    with pytest.raises(ConfigError, match=r"^scenario = 'nowhere' is not allowed: allowed "
                                          r"values are .*mmc"):
        load_config(["scenario=nowhere"])
