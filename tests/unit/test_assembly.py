"""Assembling each agency of a run (sim/assembly.py)."""

from __future__ import annotations

import pytest

from sim import load_config
from sim.assembly import make_funding, make_partners
from sim.build import build
from sim.contracts import specs
from sim.routing import ID_BLOCK

TWO = ["scenario=j_two_agencies", "scenario.horizon_days=200", "scenario.warmup_days=30"]


def test_each_agency_hires_in_its_own_id_block_at_its_own_stations() -> None:
    model = build(load_config(TWO), seed=1).model
    centre, east = model.agency.units  # type: ignore[union-attr]
    assert {w.station for w in centre.staff.active()} <= {0, 2}
    assert {w.id // ID_BLOCK for w in centre.staff.active()} == {0}
    assert {w.station for w in east.staff.active()} == {1}
    assert {w.id // ID_BLOCK for w in east.staff.active()} == {1}
    assert model.staff.count() == centre.staff.count() + east.staff.count()


def test_an_agencys_budget_is_its_share_of_the_purchasing_bodys_total() -> None:
    cfg = load_config([*TWO, "scenario.agency.budget_per_year=300000",
                       "scenario.agencies.east_org.budget_share=0.25"])
    model = build(cfg, seed=1).model
    centre, east = model.agency.units  # type: ignore[union-attr]
    assert east.agency.funding.budget_per_year == pytest.approx(75000.0)
    assert centre.agency.funding.budget_per_year == pytest.approx(225000.0)


def test_the_default_form_funds_one_agency_as_before() -> None:
    cfg = load_config(["scenario.agency.budget_per_year=123456"])
    built = build(cfg, seed=1)
    (only,) = specs(cfg.scenario, cfg.policy.funding)
    funding = make_funding(cfg, cfg.scenario, built.households, [1, 1, 0], only)
    assert funding is not None and funding.budget_per_year == 123456
    assert make_partners(built.model.sched, cfg.scenario, None, None) is None  # type: ignore[arg-type]
