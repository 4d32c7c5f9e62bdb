"""A composed node as a validated configuration, and a configuration as YAML."""

from __future__ import annotations

import pytest
import yaml
from omegaconf import OmegaConf

from sim.checks import ConfigError
from sim.config import SwsimConfig
from sim.loading.composition import compose_node
from sim.loading.conversion import check_known_keys, config_yaml, to_config


def test_a_composed_node_becomes_a_validated_config() -> None:
    cfg = to_config(compose_node(["scenario=mmc", "scenario.servers=3"]))
    assert isinstance(cfg, SwsimConfig) and cfg.scenario.servers == 3
    with pytest.raises(ConfigError, match=r"^scenario\.servers = -3 is not allowed"):
        to_config(compose_node(["scenario=mmc", "scenario.servers=-3"]))


def test_a_node_that_is_not_the_root_schema_is_refused() -> None:
    with pytest.raises(ConfigError, match="the root config must extend base_config"):
        to_config(OmegaConf.create({"scenario": {}}))


def test_a_key_added_with_plus_is_refused_by_name() -> None:
    with pytest.raises(ConfigError, match=r"^run\.colour is not a known key: allowed keys "
                                          r"under run are .*seed"):
        to_config(compose_node(["+run.colour=red"]))


def test_unknown_keys_inside_free_form_mappings_are_found() -> None:
    cfg = to_config(compose_node([]))
    station = next(iter(cfg.scenario.stations))
    check_known_keys({"scenario": {"stations": {station: {"workers": 1}}}}, cfg)
    with pytest.raises(ConfigError, match=rf"^scenario\.stations\.{station}\.colour is not"):
        check_known_keys({"scenario": {"stations": {station: {"colour": 1}}}}, cfg)
    check_known_keys({"scenario": {"stations": {"elsewhere": {"colour": 1}}}}, cfg)


def test_the_yaml_holds_every_value() -> None:
    cfg = to_config(compose_node(["scenario=mmc", "scenario.servers=3", "run.seed=11"]))
    text = config_yaml(cfg)
    read = yaml.safe_load(text)
    assert read["scenario"]["servers"] == 3 and read["run"]["seed"] == 11
    assert read["policy"]["dispatch"]["name"] == cfg.policy.dispatch.name
    assert set(read) == {field for field in vars(cfg) if not field.startswith("_")}
