"""Composing a configuration with Hydra and turning it into a validated :class:`SwsimConfig`.

The only module (with the CLI) that knows Hydra: :func:`register_schemas` puts the schemas of
:mod:`sim.config` and the parameter dataclass of every policy option into the ConfigStore.

Used by the Python API (:func:`load_config`) and the command line alike, so both refuse the
same inputs with the same message: composition errors, unknown keys (even added with
``+key=value``) and values that :func:`sim.validation.validate` refuses end in one
:class:`ConfigError` that names the key and what is allowed. ``key={}`` on a mapping empties
it (plain Hydra would merge ``{}`` and change nothing).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from hydra import compose, initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override
from hydra.errors import HydraException, MissingConfigException, OverrideParseException
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import ConfigAttributeError, ConfigKeyError, OmegaConfBaseException

from sim.config import (
    CONF_DIR,
    CommunityScenario,
    ConfigError,
    MMCScenario,
    RunConfig,
    SwsimConfig,
)
from sim.places import apply_place_files
from sim.policies.families import FAMILIES
from sim.policies.registry import keys_of
from sim.validation import validate
from sim.yaml_errors import describe_yaml_error, yaml_cause

CONFIG_NAME = "config"
_TYPE_NAMES = {"Float": "a number", "Integer": "a whole number", "Boolean": "true or false"}


# --------------------------------------------------------------------------- schemas


def register_schemas() -> None:
    """Register the schemas with Hydra's ConfigStore (YAML files extend them).

    Every option of every policy family is its own schema, ``policy/<family>/base_<option>``,
    taken from the family's registry.
    """
    if not OmegaConf.has_resolver("swsim_pid"):
        OmegaConf.register_new_resolver("swsim_pid", os.getpid, use_cache=True)
    cs = ConfigStore.instance()
    cs.store(name="base_config", node=SwsimConfig)
    cs.store(group="scenario", name="base_community", node=CommunityScenario)
    cs.store(group="scenario", name="base_mmc", node=MMCScenario)
    for family in FAMILIES:
        for option in family.values():
            cs.store(group=family.group, name=f"base_{option.name}", node=option.params)
    cs.store(group="run", name="base_run", node=RunConfig)


# --------------------------------------------------------------------------- messages


def _first_line(text: str) -> str:
    return next((ln.strip() for ln in str(text).splitlines() if ln.strip()), "")


def _missing_option(exc: MissingConfigException) -> str:
    missing = exc.missing_cfg_file or ""
    group, _, name = missing.rpartition("/")
    options = [o for o in (exc.options or []) if not o.startswith("base_")]
    if not group or not options:
        return _first_line(str(exc))
    return f"{group} = {name!r} is not allowed: allowed values are {', '.join(options)}"


def option_hint(path: str) -> str:
    """For an unknown key ``policy.<family>.<key>``: which options have it, else ``""``."""
    parts = path.split(".")
    family = next((f for f in FAMILIES if len(parts) == 3 and f.key == ".".join(parts[:2])),
                  None)
    if family is None:
        return ""
    key = parts[2]
    owners = [name for name, option in family.items() if key in keys_of(option.params)]
    if len(owners) == 1:
        return f" ({key} is a key of {owners[0]}: choose it with {family.group}={owners[0]})"
    if owners:
        choices = " or ".join(f"{family.group}={owner}" for owner in owners)
        return f" ({key} is a key of {', '.join(owners)}: choose one with {choices})"
    if key in family:
        return f" ({key} is an option: choose it with {family.group}={key})"
    return ""


def unknown_key(path: str, parent: str, allowed: Sequence[str]) -> str:
    """The one-line message for a key that the schema at ``parent`` does not define."""
    return (f"{path} is not a known key: allowed keys under {parent or 'the root'} are "
            f"{', '.join(allowed) or '(none)'}{option_hint(path)}")


def _omegaconf_problem(exc: OmegaConfBaseException) -> str:
    key = exc.full_key or exc.key or "config"
    what = _first_line(exc.msg or str(exc))
    if isinstance(exc, ConfigAttributeError | ConfigKeyError) and "not in" in what:
        allowed = _field_names(exc.object_type) or [str(k) for k in exc.parent_node or ()]
        return unknown_key(str(key), str(key).rpartition(".")[0], allowed)
    expected = re.search(r"could not be converted to (\w+)", what)
    if expected:
        what = f"expected {_TYPE_NAMES.get(expected.group(1), expected.group(1))}"
    value = "" if exc.value is None else f" = {exc.value!r}"
    return f"{key}{value} is not allowed: {what}"


def _field_names(obj_type: Any) -> list[str]:
    if isinstance(obj_type, type) and dataclasses.is_dataclass(obj_type):
        return [f.name for f in dataclasses.fields(obj_type)]
    return []


def describe_error(exc: BaseException) -> str:
    """One line for a Hydra or OmegaConf error that names the key and what is allowed."""
    if isinstance(exc, MissingConfigException):
        return _missing_option(exc)
    if isinstance(exc, OverrideParseException):
        return (f"cannot parse the override {exc.override!r}: "
                f"{' '.join(str(exc.message).splitlines()[1:2])} "
                f"(overrides look like key=value, +key=value or ~key)")
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, OmegaConfBaseException):
        return _omegaconf_problem(exc)
    if isinstance(cause, OmegaConfBaseException):
        return _omegaconf_problem(cause)
    return " ".join(ln.strip() for ln in str(exc).splitlines() if ln.strip())


# --------------------------------------------------------------------------- conversion


def check_known_keys(container: Any, obj: Any, prefix: str = "") -> None:
    """Refuse keys of a composed config that its dataclass schema does not define.

    Hydra's ``+key=value`` can add keys that :func:`omegaconf.OmegaConf.to_object` silently
    accepts or drops; this walks the plain container alongside the converted object.

    Raises
    ------
    ConfigError
        Naming the first unknown key and the keys allowed beside it.
    """
    if not isinstance(container, dict):
        return
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = _field_names(type(obj))
        for key, value in container.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if key not in names:
                raise ConfigError(unknown_key(path, prefix, names))
            check_known_keys(value, getattr(obj, key), path)
    elif isinstance(obj, dict):
        for key, value in container.items():
            if key in obj:
                check_known_keys(value, obj[key], f"{prefix}.{key}")


def to_config(node: Any) -> SwsimConfig:
    """A composed node (without ``hydra``) as a validated :class:`SwsimConfig`.

    Raises
    ------
    ConfigError
        For wrong types, unknown keys, bad rows of the place CSV files
        (:mod:`sim.places`) and values that validation refuses.
    """
    try:
        cfg = OmegaConf.to_object(node)
    except OmegaConfBaseException as exc:
        raise ConfigError(describe_error(exc)) from None
    if not isinstance(cfg, SwsimConfig):
        raise ConfigError("config: the root config must extend base_config")
    container = OmegaConf.to_container(node, resolve=False)
    if isinstance(container, dict):
        container.pop("hydra", None)
    check_known_keys(container, cfg)
    return validate(apply_place_files(cfg))


# --------------------------------------------------------------------------- composition


def parse_overrides(overrides: Sequence[str]) -> list[Override]:
    """Hydra's reading of the override strings.

    Raises
    ------
    ConfigError
        For an override that cannot be parsed.
    """
    try:
        return OverridesParser.create().parse_overrides(list(overrides))
    except HydraException as exc:
        raise ConfigError(describe_error(exc)) from None


def _with_config_dir(overrides: Sequence[str], config_dir: str | None) -> list[str]:
    """``--config-dir DIR`` as Hydra applies it: ``DIR`` joins the search path."""
    if config_dir is None:
        return list(overrides)
    entry = f"file://{Path(config_dir).resolve()}"
    for i, override in enumerate(parse_overrides(overrides)):
        if override.key_or_group == "hydra.searchpath":
            paths = override.value()
            listed = ",".join(str(p) for p in paths) if isinstance(paths, list) else ""
            return [*overrides[:i], f"hydra.searchpath=[{entry},{listed}]".replace(",]", "]"),
                    *overrides[i + 1:]]
    return [*overrides, f"hydra.searchpath=[{entry}]"]


def compose_node(overrides: Sequence[str], with_hydra: bool = False, *,
                 config_dir: str | None = None, config_name: str = CONFIG_NAME,
                 primary_dir: Path = CONF_DIR) -> DictConfig:
    """The composed config; ``with_hydra`` keeps Hydra's own node (for its run folder).

    ``config_dir``, ``config_name`` and ``primary_dir`` are the command line's
    ``--config-dir``, ``--config-name`` and ``--config-path``.
    """
    register_schemas()
    try:
        with initialize_config_dir(config_dir=str(primary_dir), version_base="1.3"):
            return compose(config_name=config_name,
                           overrides=_with_config_dir(overrides, config_dir),
                           return_hydra_config=with_hydra)
    except (HydraException, OmegaConfBaseException) as exc:
        yaml_error = yaml_cause(exc)
        message = describe_error(exc) if yaml_error is None else describe_yaml_error(yaml_error)
        raise ConfigError(message) from None
    except yaml.YAMLError as exc:
        raise ConfigError(describe_yaml_error(exc)) from None


def _emptied(override: Override, node: DictConfig) -> list[str] | None:
    """``key={}`` on a non-empty free-form mapping as deletions of its entries, else None."""
    if override.is_add() or override.is_delete() or override.package is not None:
        return None
    value = override.value()
    if not isinstance(value, dict) or value:
        return None
    current = OmegaConf.select(node, override.key_or_group)
    if not isinstance(current, DictConfig) or OmegaConf.get_type(current) is not dict:
        return None
    return [f"~{override.key_or_group}.{name!s}" for name in current]


#: Keys that say which kind of scenario a schema is: they follow ``scenario=<name>``.
FIXED_KEYS = ("scenario.kind",)


def check_fixed_keys(parsed: Sequence[Override]) -> None:
    """Refuse overrides of a scenario's kind (:data:`FIXED_KEYS`).

    Raises
    ------
    ConfigError
        Naming the key and what is allowed.
    """
    for override in parsed:
        name = override.key_or_group
        if name in FIXED_KEYS:
            raise ConfigError(f"{name} cannot be overridden: it follows the scenario chosen "
                              f"with scenario=<name>; choose another scenario instead")


def check_overrides(parsed: Sequence[Override]) -> None:
    """Refuse overrides of a scenario's kind and a key given twice (on the command line; a
    program's list of overrides may override an earlier entry, as Hydra's compose does).

    Raises
    ------
    ConfigError
        Naming the key and what is allowed.
    """
    check_fixed_keys(parsed)
    seen: dict[str, str] = {}
    for override in parsed:
        name = override.key_or_group
        if override.package is not None:
            name = f"{name}@{override.package}"
        if name in seen:
            raise ConfigError(f"{name} is given twice ({seen[name]} and {override.input_line}): "
                              f"give each key once")
        seen[name] = str(override.input_line)


def compose_rewritten(overrides: Sequence[str], with_hydra: bool = False,
                      **place: Any) -> tuple[list[str], DictConfig]:
    """The overrides with every ``key={}`` on a mapping turned into deletions of its entries,
    and the node they compose (composed once more only if something was rewritten).

    ``place`` holds :func:`compose_node`'s ``config_dir``, ``config_name`` and ``primary_dir``.

    Raises
    ------
    ConfigError
        For an override that cannot be parsed or composed, or a fixed key.
    """
    parsed = parse_overrides(overrides)
    check_fixed_keys(parsed)
    node = compose_node(overrides, with_hydra, **place)
    rewritten: list[str] = []
    for line, override in zip(overrides, parsed, strict=True):
        emptied = _emptied(override, node)
        rewritten += [line] if emptied is None else emptied
    if rewritten != list(overrides):
        node = compose_node(rewritten, with_hydra, **place)
    return rewritten, node


def rewrite_overrides(overrides: Sequence[str], **place: Any) -> list[str]:
    """The overrides with every ``key={}`` on a mapping turned into deletions of its entries.

    Raises
    ------
    ConfigError
        As :func:`compose_rewritten`.
    """
    return compose_rewritten(overrides, **place)[0]


def load_config(overrides: list[str] | None = None) -> SwsimConfig:
    """Compose ``conf/`` with Hydra overrides and validate it.

    Parameters
    ----------
    overrides
        Hydra override strings, e.g. ``["scenario=mmc", "scenario.servers=3"]``.

    Raises
    ------
    ConfigError
        With one message that names the key, the value and what is allowed.
    """
    rewritten, node = compose_rewritten(list(overrides or []))
    return label_variant(to_config(node), rewritten)


def label_variant(cfg: SwsimConfig, overrides: Sequence[str]) -> SwsimConfig:
    """``cfg`` with ``run.variant`` set: as given, else what differs from its scenario."""
    if cfg.run.variant:
        return cfg
    from sim.variants import with_variant  # noqa: PLC0415 - only when labelling

    chosen = tuple(o for o in overrides if _names_the_place(o.split("=", 1)[0].lstrip("+")))
    if GlobalHydra.instance().is_initialized():  # inside the CLI's Hydra app
        base = to_config(compose(config_name=CONFIG_NAME, overrides=list(chosen)))
    else:
        base = _scenario_defaults(chosen)
    return with_variant(cfg, base)


def _names_the_place(key: str) -> bool:
    """Whether an override chooses the scenario or where scenario files are found."""
    return key == "scenario" or key.startswith("hydra.searchpath")


@functools.lru_cache(maxsize=16)
def _scenario_defaults(chosen: tuple[str, ...]) -> SwsimConfig:
    """The configuration of the scenario chosen by ``chosen`` with nothing else overridden
    (cached: it is only read, to label variants)."""
    return to_config(compose_node(list(chosen)))


def config_yaml(cfg: SwsimConfig) -> str:
    """The validated configuration as YAML."""
    return OmegaConf.to_yaml(OmegaConf.create(dataclasses.asdict(cfg)))
