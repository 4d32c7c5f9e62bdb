"""Variant labels: what a configuration changes from its scenario's defaults."""

from __future__ import annotations

import dataclasses

from sim.loading.composition import compose_node
from sim.loading.conversion import to_config
from sim.loading.labels import label_variant, names_the_place


def test_the_scenario_and_search_path_name_the_place() -> None:
    assert names_the_place("scenario") and names_the_place("hydra.searchpath")
    assert not names_the_place("scenario.servers") and not names_the_place("run.seed")


def test_a_label_is_what_differs_from_the_chosen_scenario() -> None:
    overrides = ["scenario=mmc", "scenario.servers=3"]
    labelled = label_variant(to_config(compose_node(overrides)), overrides)
    assert labelled.run.variant == "scenario.servers=3"
    plain = label_variant(to_config(compose_node(["scenario=mmc"])), ["scenario=mmc"])
    assert plain.run.variant == "default"


def test_a_given_label_is_kept() -> None:
    cfg = to_config(compose_node(["scenario=mmc", "scenario.servers=3"]))
    named = dataclasses.replace(cfg, run=dataclasses.replace(cfg.run, variant="mine"))
    assert label_variant(named, ["scenario=mmc", "scenario.servers=3"]) is named
