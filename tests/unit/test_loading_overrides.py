"""Override strings: parsed as Hydra parses them, checked, and ``key={}`` as deletions."""

from __future__ import annotations

import pytest

from sim.checks import ConfigError
from sim.loading.composition import compose_node
from sim.loading.overrides import check_fixed_keys, check_overrides, emptied, parse_overrides


def test_an_unparsable_override_is_one_line() -> None:
    with pytest.raises(ConfigError, match=r"^cannot parse the override 'a=\[1': .*overrides "
                                          r"look like key=value") as info:
        parse_overrides(["a=[1"])
    assert "\n" not in str(info.value)


def test_the_scenario_kind_follows_the_scenario() -> None:
    with pytest.raises(ConfigError, match=r"^scenario\.kind cannot be overridden"):
        check_fixed_keys(parse_overrides(["scenario.servers=2", "scenario.kind=mmc"]))


def test_a_key_given_twice_is_refused_with_both_lines() -> None:
    parsed = parse_overrides(["scenario.servers=2", "run.seed=1", "scenario.servers=3"])
    with pytest.raises(ConfigError, match=r"^scenario\.servers is given twice "
                                          r"\(scenario\.servers=2 and scenario\.servers=3\)"):
        check_overrides(parsed)
    check_overrides(parse_overrides(["scenario.servers=2", "run.seed=1"]))
    check_fixed_keys(parsed)  # a repeated key is the command line's concern only


def test_an_empty_mapping_becomes_deletions_of_its_entries() -> None:
    node = compose_node([])
    (stations,) = parse_overrides(["scenario.stations={}"])
    assert emptied(stations, node) == ["~scenario.stations.service_centre",
                                       "~scenario.stations.east_station",
                                       "~scenario.stations.west_station"]
    for kept in ("scenario.name={}", "+scenario.stations={}", "scenario.demand_scale=2",
                 "scenario.stations={a: 1}"):
        assert emptied(parse_overrides([kept])[0], node) is None, kept
