"""Variant labels: what a configuration changes from its scenario, as ``run.variant``.

A configuration without a label is compared with its scenario's defaults (the scenario and
search path chosen, nothing else overridden); :func:`sim.variants.with_variant` names the
difference. Inside the command line's Hydra app the defaults are composed with Hydra's
global state; elsewhere they are composed afresh and cached.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from hydra import compose
from hydra.core.global_hydra import GlobalHydra

from sim.config import SwsimConfig
from sim.loading.composition import CONFIG_NAME, compose_node
from sim.loading.conversion import to_config


def label_variant(cfg: SwsimConfig, overrides: Sequence[str]) -> SwsimConfig:
    """``cfg`` with ``run.variant`` set: as given, else what differs from its scenario."""
    if cfg.run.variant:
        return cfg
    from sim.variants import with_variant  # noqa: PLC0415 - only when labelling

    chosen = tuple(o for o in overrides if names_the_place(o.split("=", 1)[0].lstrip("+")))
    if GlobalHydra.instance().is_initialized():  # inside the CLI's Hydra app
        base = to_config(compose(config_name=CONFIG_NAME, overrides=list(chosen)))
    else:
        base = _scenario_defaults(chosen)
    return with_variant(cfg, base)


def names_the_place(key: str) -> bool:
    """Whether an override chooses the scenario or where scenario files are found."""
    return key == "scenario" or key.startswith("hydra.searchpath")


@functools.lru_cache(maxsize=16)
def _scenario_defaults(chosen: tuple[str, ...]) -> SwsimConfig:
    """The configuration of the scenario chosen by ``chosen`` with nothing else overridden
    (cached: it is only read, to label variants)."""
    return to_config(compose_node(list(chosen)))
