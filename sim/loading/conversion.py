"""A composed node as a validated :class:`SwsimConfig`, and a config back as YAML.

:func:`to_config` converts with OmegaConf, refuses keys that Hydra's ``+key=value`` added
but no schema defines (:func:`check_known_keys`), reads the place files
(:mod:`sim.places`) and validates (:func:`sim.validation.validate`): every refusal is one
:class:`ConfigError`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from omegaconf import OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.config import ConfigError, SwsimConfig
from sim.loading.messages import describe_error, field_names, unknown_key
from sim.places import apply_place_files
from sim.validation import validate


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
        names = field_names(type(obj))
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


def config_yaml(cfg: SwsimConfig) -> str:
    """The validated configuration as YAML."""
    return OmegaConf.to_yaml(OmegaConf.create(dataclasses.asdict(cfg)))
