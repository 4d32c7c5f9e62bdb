"""The ``variant`` label of a configuration: what sets it apart from its scenario's defaults.

Every replication row carries ``variant`` (from ``run.variant``) so that tables and figures
of several configurations never pool them. A user-given ``run.variant`` is used as it is;
otherwise the entry points set it with :func:`variant_label`: the settings that differ from
the scenario's defaults, e.g. ``policy/admin=burden_reduction scenario.stations.a.workers=4``
(a policy family whose option changed is named once, as the option; ``run.*`` settings do
not change the model and are left out), or ``default`` when nothing differs.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sim.config import SwsimConfig

DEFAULT_VARIANT = "default"
"""The label of a configuration equal to its scenario's defaults."""


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested mappings as ``{"a.b.c": leaf}`` (lists and scalars are leaves)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def _family_changes(policy: dict[str, Any], base: dict[str, Any]) -> tuple[list[str], set[str]]:
    """``policy/<family>=<option>`` for every family whose option changed, and those families."""
    changed = {family for family, params in policy.items()
               if isinstance(params, dict) and isinstance(base.get(family), dict)
               and params.get("name") != base[family].get("name")}
    return [f"policy/{family}={policy[family]['name']}" for family in sorted(changed)], changed


def differences(cfg: SwsimConfig, base: SwsimConfig) -> list[str]:
    """The settings of ``cfg`` that differ from ``base``, as override strings, in order."""
    new, old = dataclasses.asdict(cfg), dataclasses.asdict(base)
    labels, families = _family_changes(new["policy"], old["policy"])
    flat_new = flatten({k: v for k, v in new.items() if k != "run"})
    flat_old = flatten({k: v for k, v in old.items() if k != "run"})
    skip = tuple(f"policy.{family}." for family in families)
    for key, value in flat_new.items():
        if key.startswith(skip) or (key in flat_old and flat_old[key] == value):
            continue
        labels.append(f"{key}={value}")
    labels += [f"~{key}" for key in flat_old if key not in flat_new and not key.startswith(skip)]
    return labels


def variant_label(cfg: SwsimConfig, base: SwsimConfig) -> str:
    """``cfg.run.variant`` if given, else its :func:`differences` from ``base`` joined."""
    if cfg.run.variant:
        return cfg.run.variant
    return " ".join(differences(cfg, base)) or DEFAULT_VARIANT


def with_variant(cfg: SwsimConfig, base: SwsimConfig) -> SwsimConfig:
    """``cfg`` with ``run.variant`` set by :func:`variant_label`."""
    label = variant_label(cfg, base)
    return dataclasses.replace(cfg, run=dataclasses.replace(cfg.run, variant=label))
