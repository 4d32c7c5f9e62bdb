"""The policy registries: every family's options, their YAML files, schemas and validation.

One plug-in pattern for every family: an option is a name, a parameter dataclass (its
schema, ``policy/<family>/base_<option>``) and a factory; ``conf/policy/<family>/<option>.yaml``
extends the schema with the option's own keys. These tests hold the registry, the YAML
files, :class:`sim.config.PolicyConfig` and ``conf/config.yaml`` to each other.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from hydra.core.config_store import ConfigStore

from sim.checks import ConfigError
from sim.config import CONF_DIR, PolicyConfig, SwsimConfig
from sim.loading import load_config, register_schemas
from sim.policies.families import FAMILIES
from sim.policies.registry import Family, Option, Parameters, itself, keys_of
from sim.validation import validate

FAMILY_IDS = [f.name for f in FAMILIES]
OPTIONS = [(family, name) for family in FAMILIES for name in family]
OPTION_IDS = [f"{family.name}/{name}" for family, name in OPTIONS]
_DEFAULT = load_config([])


def yaml_options(family: Family[Any]) -> set[str]:
    """Names of the YAML files of a family's config group."""
    return {p.stem for p in (CONF_DIR / "policy" / family.name).glob("*.yaml")}


def option_yaml(family: Family[Any], name: str) -> dict[str, Any]:
    """The YAML file of one option, parsed."""
    text = (CONF_DIR / "policy" / family.name / f"{name}.yaml").read_text()
    data: dict[str, Any] = yaml.safe_load(text) or {}
    return data


# --------------------------------------------------------------------------- per family


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILY_IDS)
def test_every_option_has_a_yaml_file_and_every_yaml_file_is_registered(
        family: Family[Any]) -> None:
    assert yaml_options(family) == set(family), family


@pytest.mark.parametrize(("family", "name"), OPTIONS, ids=OPTION_IDS)
def test_each_yaml_file_extends_its_own_schema_with_its_own_keys(family: Family[Any],
                                                                 name: str) -> None:
    data = option_yaml(family, name)
    assert data.pop("defaults") == [f"base_{name}", "_self_"]
    assert set(data) <= set(keys_of(family[name].params)) - {"name"}


@pytest.mark.parametrize(("family", "name"), OPTIONS, ids=OPTION_IDS)
def test_an_option_composes_to_its_documented_defaults(family: Family[Any], name: str) -> None:
    """The YAML values are the parameter dataclass's defaults (documented in one place)."""
    params = getattr(load_config([f"{family.group}={name}"]).policy, family.name)
    assert type(params) is family[name].params
    assert params == family[name].params()


@pytest.mark.parametrize(("family", "name"), OPTIONS, ids=OPTION_IDS)
def test_every_option_is_a_stored_schema(family: Family[Any], name: str) -> None:
    register_schemas()
    stored = ConfigStore.instance().list(family.group)
    assert f"base_{name}.yaml" in stored


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILY_IDS)
def test_validation_refuses_an_unknown_option_naming_the_registered_ones(
        family: Family[Any]) -> None:
    cfg = copy.deepcopy(_DEFAULT)
    getattr(cfg.policy, family.name).name = "lottery"
    with pytest.raises(ConfigError) as info:
        validate(cfg)
    assert str(info.value) == (f"policy.{family.name}.name = 'lottery' is not allowed: "
                               f"allowed values are {', '.join(family)}")


@pytest.mark.parametrize(("family", "name"), OPTIONS, ids=OPTION_IDS)
def test_every_option_builds_with_its_defaults(family: Family[Any], name: str) -> None:
    context = [_funding_context()] if family.name == "funding" else []
    policy = family.make(family[name].params(), *context)
    assert policy is not None or (family.name, name) == ("funding", "unlimited")


def _funding_context() -> Any:
    from sim.policies.funding import FundingContext  # noqa: PLC0415 - funding only

    return FundingContext(households=1000, target_headcount=3, agency_budget_per_year=None,
                          cost_per_worker_year=70000.0)


# --------------------------------------------------------------------------- all families


def test_families_match_the_policy_config_and_the_config_groups() -> None:
    names = [f.name for f in FAMILIES]
    assert names == [f.name for f in dataclasses.fields(PolicyConfig)]
    assert set(names) == {p.name for p in (CONF_DIR / "policy").iterdir() if p.is_dir()}
    defaults = yaml.safe_load((CONF_DIR / "config.yaml").read_text())["defaults"]
    chosen = {k.removeprefix("policy/") for d in defaults if isinstance(d, dict) for k in d
              if k.startswith("policy/")}
    assert chosen == set(names)


def test_the_default_config_holds_one_option_per_family() -> None:
    for family in FAMILIES:
        params = getattr(_DEFAULT.policy, family.name)
        assert type(params) is family[params.name].params


def test_an_option_key_checked_by_its_parameter_class() -> None:
    with pytest.raises(ConfigError, match=r"^policy\.dispatch\.fallback_wait_days = -1\.0 is not "
                                          r"allowed: must be >= 0$"):
        load_config(["policy/dispatch=skill_match", "policy.dispatch.fallback_wait_days=-1"])


@pytest.mark.parametrize(("overrides", "owner"), [
    (["policy.dispatch.fallback_wait_days=3"], "policy/dispatch=skill_match"),
    (["+policy.dispatch.fallback_wait_days=3"], "policy/dispatch=skill_match"),
    (["policy.staffing.basis=elderly"], "policy/staffing=ratio"),
    (["policy.training.per_year=2"], "policy/training=bilingual"),
    (["policy.funding.unlimited=true"], "policy/funding=unlimited"),
])
def test_a_key_of_another_option_is_refused_naming_the_option(overrides: list[str],
                                                              owner: str) -> None:
    key = overrides[0].lstrip("+").split("=")[0]
    with pytest.raises(ConfigError) as info:
        load_config(overrides)
    message = str(info.value)
    assert message.startswith(f"{key} is not a known key: allowed keys under "), message
    assert owner in message and "\n" not in message


def test_a_key_of_several_options_names_each_of_them() -> None:
    """``fallback_wait_days`` is a key of skill_match and of micro_grid: both are named."""
    with pytest.raises(ConfigError) as info:
        load_config(["policy.dispatch.fallback_wait_days=3"])
    assert str(info.value).endswith(
        "(fallback_wait_days is a key of skill_match, micro_grid: choose one with "
        "policy/dispatch=skill_match or policy/dispatch=micro_grid)"), info.value


def test_renaming_an_option_instead_of_choosing_it_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"^policy\.dispatch\.name = 'skill_match' is not "
                                          r"allowed: .*policy/dispatch=skill_match"):
        load_config(["policy.dispatch.name=skill_match"])


def test_a_family_without_an_option_is_refused() -> None:
    cfg = copy.deepcopy(_DEFAULT)
    cfg.policy.training = None
    with pytest.raises(ConfigError, match=r"^policy\.training = None is not allowed: .*bilingual"):
        validate(cfg)


def test_existing_command_line_keys_keep_working() -> None:
    cfg = load_config([
        "policy/dispatch=skill_match", "policy.dispatch.fallback_wait_days=3",
        "policy/staffing=ratio", "policy.staffing.basis=elderly", "policy.staffing.per=500",
        "policy.funding.streams.government.renewal_prob=0.8",
        "policy.admin.admin_share_factor=0.7", "policy.assessment.success_factor=0.9",
    ])
    p = cfg.policy
    assert p.dispatch.fallback_wait_days == 3.0
    assert (p.staffing.basis, p.staffing.per) == ("elderly", 500.0)
    assert p.funding.streams["government"].renewal_prob == 0.8
    assert p.admin.admin_share_factor == 0.7 and p.assessment.success_factor == 0.9
    training = load_config(["policy/training=bilingual", "policy.training.per_year=2"])
    assert training.policy.training.per_year == 2


# --------------------------------------------------------------------------- scenarios


def test_mmc_composes_with_the_off_options() -> None:
    p = load_config(["scenario=mmc"]).policy
    assert (p.funding.name, p.staffing.name, p.training.name) == ("unlimited", "fixed", "none")
    assert (p.admin.name, p.assessment.name, p.dispatch.name) == ("baseline", "assessed", "fifo")


@pytest.mark.parametrize("overrides", [["scenario=mmc", "policy/funding=diversified"],
                                       ["policy/funding=diversified", "scenario=mmc"]])
def test_an_option_on_the_command_line_wins_over_the_scenarios_choice(
        overrides: list[str]) -> None:
    cfg: SwsimConfig = load_config(overrides)
    assert cfg.scenario.name == "mmc" and cfg.policy.funding.name == "diversified"
    assert cfg.policy.staffing.name == "fixed"


def test_the_default_scenario_keeps_the_default_options() -> None:
    p = _DEFAULT.policy
    assert (p.funding.name, p.staffing.name, p.training.name) == (
        "single_government", "fixed", "none")


# --------------------------------------------------------------------------- the registry


@dataclass
class _Plain(Parameters):
    name: str = "plain"


@dataclass
class _Scaled(Parameters):
    name: str = "scaled"
    factor: float = 2.0

    def check(self, key: str) -> None:
        if self.factor < 0:
            raise ConfigError(f"{key}.factor = {self.factor!r} is not allowed: must be >= 0")


def _toy() -> Family[float]:
    return Family("toy", [Option("plain", _Plain, lambda _, x: x),
                          Option("scaled", _Scaled, lambda p, x: p.factor * x)])


def test_a_family_maps_names_to_options_and_builds_with_context() -> None:
    toy = _toy()
    assert list(toy) == ["plain", "scaled"] and len(toy) == 2 and "scaled" in toy
    assert (toy.key, toy.group) == ("policy.toy", "policy/toy")
    assert toy.make(_Scaled(factor=3.0), 2.0) == 6.0
    assert toy.create("plain", 5.0) == 5.0
    with pytest.raises(ConfigError, match=r"^policy\.toy\.factor = -1 is not allowed"):
        toy.make(_Scaled(factor=-1), 1.0)
    with pytest.raises(ConfigError, match=r"^policy\.toy\.factor is not a known key of option "
                                          r"plain: allowed keys are name$"):
        toy.create("plain", 1.0, factor=2.0)
    with pytest.raises(ConfigError, match=r"allowed values are plain, scaled$"):
        toy.create("lottery", 1.0)


def test_an_option_must_default_to_its_own_name_and_names_must_be_unique() -> None:
    with pytest.raises(TypeError, match="must be a dataclass whose name defaults to 'other'"):
        Option("other", _Plain, itself)
    with pytest.raises(TypeError, match="unique"):
        Family("toy", [Option("plain", _Plain, itself), Option("plain", _Plain, itself)])
