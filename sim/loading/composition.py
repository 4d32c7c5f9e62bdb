"""Composing ``conf/`` with Hydra's compose API, as the command line would.

:func:`compose_node` composes once (``--config-dir``, ``--config-name`` and
``--config-path`` included); :func:`compose_rewritten` also turns every ``key={}`` on a
mapping into deletions of its entries. Every Hydra, OmegaConf or YAML error ends in one
:class:`ConfigError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from hydra import compose, initialize_config_dir
from hydra.errors import HydraException
from omegaconf import DictConfig
from omegaconf.errors import OmegaConfBaseException

from sim.config import CONF_DIR, ConfigError
from sim.loading.messages import describe_error
from sim.loading.overrides import check_fixed_keys, emptied, parse_overrides
from sim.loading.schemas import register_schemas
from sim.yaml_errors import describe_yaml_error, yaml_cause

CONFIG_NAME = "config"


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
        deletions = emptied(override, node)
        rewritten += [line] if deletions is None else deletions
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
