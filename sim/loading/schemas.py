"""The schemas Hydra composes against: :func:`register_schemas` fills its ConfigStore.

The root and scenario schemas come from :mod:`sim.config`; every option of every policy
family is its own schema, taken from the family's registry (:mod:`sim.policies.families`),
so an option's YAML file holds only that option's keys.
"""

from __future__ import annotations

import os

from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from sim.config import CommunityScenario, MMCScenario, RunConfig, SwsimConfig
from sim.policies.families import FAMILIES


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
