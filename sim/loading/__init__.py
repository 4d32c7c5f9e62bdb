"""Composing a configuration with Hydra and turning it into a validated :class:`SwsimConfig`.

The only package (with the command-line entry points) that knows Hydra. One module per step:

- :mod:`~sim.loading.schemas`: :func:`register_schemas` puts the schemas of
  :mod:`sim.config` and the parameter dataclass of every policy option into the ConfigStore;
- :mod:`~sim.loading.overrides`: parsing and checking override strings;
- :mod:`~sim.loading.composition`: composing ``conf/`` with Hydra's compose API;
- :mod:`~sim.loading.conversion`: a composed node as a validated config (and back as YAML);
- :mod:`~sim.loading.messages`: Hydra and OmegaConf errors as one line;
- :mod:`~sim.loading.labels`: the variant label of a configuration.

Used by the Python API (:func:`load_config`) and the command line alike, so both refuse the
same inputs with the same message: composition errors, unknown keys (even added with
``+key=value``) and values that :func:`sim.validation.validate` refuses end in one
:class:`ConfigError` that names the key and what is allowed. ``key={}`` on a mapping empties
it (plain Hydra would merge ``{}`` and change nothing).
"""

from __future__ import annotations

from sim.config import SwsimConfig
from sim.loading.composition import (
    CONFIG_NAME,
    compose_node,
    compose_rewritten,
    rewrite_overrides,
)
from sim.loading.conversion import check_known_keys, config_yaml, to_config
from sim.loading.labels import label_variant
from sim.loading.messages import describe_error, option_hint, unknown_key
from sim.loading.overrides import (
    FIXED_KEYS,
    check_fixed_keys,
    check_overrides,
    parse_overrides,
)
from sim.loading.schemas import register_schemas

__all__ = [
    "CONFIG_NAME",
    "FIXED_KEYS",
    "check_fixed_keys",
    "check_known_keys",
    "check_overrides",
    "compose_node",
    "compose_rewritten",
    "config_yaml",
    "describe_error",
    "label_variant",
    "load_config",
    "option_hint",
    "parse_overrides",
    "register_schemas",
    "rewrite_overrides",
    "to_config",
    "unknown_key",
]


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
