"""Hydra and OmegaConf errors as one line that names the key and what is allowed."""

from __future__ import annotations

from dataclasses import dataclass

from hydra.errors import MissingConfigException
from omegaconf import OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.loading.messages import describe_error, field_names, option_hint, unknown_key
from sim.policies.families import FAMILIES
from sim.policies.registry import keys_of


@dataclass
class Point:
    x: int = 0
    y: int = 0


def test_a_missing_option_lists_the_options_but_not_the_schemas() -> None:
    exc = MissingConfigException("Could not find 'policy/dispatch/bogus'\nmore text",
                                 missing_cfg_file="policy/dispatch/bogus",
                                 options=["base_fifo", "fifo", "priority"])
    assert describe_error(exc) == ("policy/dispatch = 'bogus' is not allowed: allowed values "
                                   "are fifo, priority")


def test_a_wrong_type_says_what_is_expected() -> None:
    node = OmegaConf.structured(Point)
    try:
        node.x = "many"
    except OmegaConfBaseException as exc:
        assert describe_error(exc) == "x = 'many' is not allowed: expected a whole number"
    else:
        raise AssertionError("OmegaConf accepted a string for an int")


def test_an_unknown_key_names_the_allowed_keys() -> None:
    node = OmegaConf.structured(Point)
    try:
        node.z = 1
    except OmegaConfBaseException as exc:
        assert describe_error(exc) == ("z is not a known key: allowed keys under the root "
                                       "are x, y")
    else:
        raise AssertionError("OmegaConf accepted an unknown key")


def test_the_hint_names_the_option_that_has_the_key() -> None:
    """Derived from the registries: a key that exactly one option of a family has."""
    found = 0
    for family in FAMILIES:
        owners: dict[str, list[str]] = {}
        for name, option in family.items():
            for key in keys_of(option.params):
                owners.setdefault(key, []).append(name)
        for key, names in owners.items():
            if len(names) == 1 and key != "name":
                hint = option_hint(f"{family.key}.{key}")
                assert hint == (f" ({key} is a key of {names[0]}: choose it with "
                                f"{family.group}={names[0]})")
                found += 1
    assert found > 0
    assert option_hint("scenario.colour") == ""
    assert unknown_key("a.b", "a", []) == "a.b is not a known key: allowed keys under a are (none)"


def test_field_names_of_dataclasses_only() -> None:
    assert field_names(Point) == ["x", "y"]
    assert field_names(Point()) == [] and field_names(dict) == []
