"""Every policy option is its own schema in Hydra's ConfigStore."""

from __future__ import annotations

from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from sim.loading.schemas import register_schemas
from sim.policies.families import FAMILIES


def test_every_option_of_every_family_is_registered() -> None:
    register_schemas()
    register_schemas()  # twice is harmless
    store = ConfigStore.instance()
    for family in FAMILIES:
        listed = set(store.list(family.group))
        assert {f"base_{name}.yaml" for name in family} <= listed, family.group
    assert {"base_community.yaml", "base_mmc.yaml"} <= set(store.list("scenario"))
    assert "base_config.yaml" in store.list("")
    assert OmegaConf.has_resolver("swsim_pid")
