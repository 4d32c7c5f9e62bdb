"""Override strings as Hydra reads them, and the checks and rewrites swsim adds.

:func:`parse_overrides` is Hydra's own parser; :func:`check_overrides` refuses a scenario's
kind (:data:`FIXED_KEYS`) and a key given twice; :func:`emptied` turns ``key={}`` on a
free-form mapping into deletions of its entries (plain Hydra would merge ``{}`` and change
nothing).
"""

from __future__ import annotations

from collections.abc import Sequence

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf

from sim.config import ConfigError
from sim.loading.messages import describe_error

#: Keys that say which kind of scenario a schema is: they follow ``scenario=<name>``.
FIXED_KEYS = ("scenario.kind",)


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


def emptied(override: Override, node: DictConfig) -> list[str] | None:
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
