"""Composing ``conf/`` as the command line would: config folders, rewrites, YAML errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sim.checks import ConfigError
from sim.loading.composition import compose_node, compose_rewritten, rewrite_overrides

#: The ``scenario_file`` fixture (tests/unit/conftest.py).
WriteScenario = Callable[[Path, str, str], Path]


def test_a_config_dir_joins_the_search_path_beside_a_given_one(
        tmp_path: Path, scenario_file: WriteScenario) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    scenario_file(first, "one", "name: one\nservers: 3\n")
    scenario_file(second, "two", "name: two\nservers: 4\n")
    searched = f"hydra.searchpath=[file://{first}]"
    for name, servers in (("one", 3), ("two", 4)):
        node = compose_node([searched, f"scenario={name}"], config_dir=str(second))
        assert node.scenario.servers == servers
    with pytest.raises(ConfigError, match=r"^scenario = 'two' is not allowed"):
        compose_node([searched, "scenario=two"])


def test_hydras_own_node_only_when_asked() -> None:
    assert "hydra" not in compose_node([])
    assert compose_node(["hydra.run.dir=somewhere"], with_hydra=True).hydra.run.dir == \
        "somewhere"


def test_rewritten_overrides_compose_the_emptied_mapping() -> None:
    same = ["scenario=mmc", "scenario.servers=2"]
    assert compose_rewritten(same)[0] == same
    rewritten, node = compose_rewritten(["policy/funding=per_capita",
                                         "policy.funding.streams={}"])
    assert rewritten[0] == "policy/funding=per_capita"
    assert all(line.startswith("~policy.funding.streams.") for line in rewritten[1:])
    assert len(rewritten) > 1 and dict(node.policy.funding.streams) == {}
    assert rewrite_overrides(["policy/funding=per_capita", "policy.funding.streams={}"]) == \
        rewritten


def test_a_file_that_is_not_yaml_is_named_with_its_line(tmp_path: Path,
                                                        scenario_file: WriteScenario) -> None:
    path = scenario_file(tmp_path, "bad", "name: [a\n")
    with pytest.raises(ConfigError) as info:
        compose_node(["scenario=bad"], config_dir=str(tmp_path))
    assert str(path) in str(info.value) and "line 5, column 1" in str(info.value)
