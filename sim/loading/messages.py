"""One line for a Hydra or OmegaConf error, naming the key and what is allowed.

Hydra and OmegaConf report a bad option, an unknown key or a wrong type as multi-line
exceptions; :func:`describe_error` turns each into the one line that :class:`ConfigError`
carries, and :func:`unknown_key` says which option has a key that the chosen one lacks.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from hydra.errors import MissingConfigException, OverrideParseException
from omegaconf.errors import ConfigAttributeError, ConfigKeyError, OmegaConfBaseException

from sim.policies.families import FAMILIES
from sim.policies.registry import keys_of

_TYPE_NAMES = {"Float": "a number", "Integer": "a whole number", "Boolean": "true or false"}


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
        allowed = field_names(exc.object_type) or [str(k) for k in exc.parent_node or ()]
        return unknown_key(str(key), str(key).rpartition(".")[0], allowed)
    expected = re.search(r"could not be converted to (\w+)", what)
    if expected:
        what = f"expected {_TYPE_NAMES.get(expected.group(1), expected.group(1))}"
    value = "" if exc.value is None else f" = {exc.value!r}"
    return f"{key}{value} is not allowed: {what}"


def field_names(obj_type: Any) -> list[str]:
    """The field names of a dataclass type; ``[]`` for anything else."""
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
