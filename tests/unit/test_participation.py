"""The participation parts as build composes them, and bad participation input."""

from __future__ import annotations

import numpy as np
import pytest

from sim import load_config
from sim.build import build
from sim.checks import ConfigError
from sim.participation import station_grids


def test_each_station_reaches_its_own_grids() -> None:
    assert station_grids(np.array([0, 1, 1, 0]), 3) == [[0, 3], [1, 2], []]


def test_build_wires_trust_by_grid_and_the_initial_volunteers() -> None:
    cfg = load_config(["scenario.horizon_days=400"])
    built = build(cfg, seed=1)
    model = built.model
    assert model.trust is not None and len(model.trust) == len(built.households)
    np.testing.assert_allclose(model.trust.array(), built.households.trust)
    assert model.volunteers.active(0.0) == cfg.scenario.volunteers.initial
    assert model.group_work.grids == [[0], [1], [2]]  # one grid per station in j_community
    attendance = model.group_work.attendance
    assert attendance is not None
    for station, rows in enumerate(attendance.rows):
        assert (built.households.community[rows] == station).all()


@pytest.mark.parametrize(("override", "key"), [
    ("scenario.trust.timely_gain=1.5", "scenario.trust.timely_gain"),
    ("scenario.trust.word_of_mouth=-0.1", "scenario.trust.word_of_mouth"),
    ("scenario.demand_scale=-1", "scenario.demand_scale"),
    ("scenario.demand.office_hours_share=2", "scenario.demand.office_hours_share"),
    ("scenario.demand.seasonal=[1,2]", "scenario.demand.seasonal"),
    ("scenario.group_work.attendance_rate=2", "scenario.group_work.attendance_rate"),
    ("scenario.group_work.capacity=-5", "scenario.group_work.capacity"),
    ("scenario.volunteers.join_prob=1.1", "scenario.volunteers.join_prob"),
    ("scenario.volunteers.initial=-1", "scenario.volunteers.initial"),
    ("policy/engagement=bonus", "policy/engagement"),
    ("policy.engagement.yuan_per_point=-1", "policy.engagement"),
])
def test_bad_participation_input_is_one_clear_error(override: str, key: str) -> None:
    overrides = [override] if "yuan" not in override else ["policy/engagement=points",
                                                            override]
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")) as info:
        load_config(overrides)
    assert "\n" not in str(info.value)


def test_demand_scale_multiplies_every_rate() -> None:
    cfg = load_config([])
    base = build(cfg, seed=1).model.demand
    grown = 1.2 * cfg.scenario.demand_scale  # "what if demand grows 20%"
    scaled = build(load_config([f"scenario.demand_scale={grown!r}"]), seed=1).model.demand
    assert scaled.total_rate == pytest.approx(1.2 * base.total_rate)
    assert build(load_config(["scenario.demand_scale=0"]), seed=1).model.demand.total_rate == 0
    assert [n.rate_per_day for n in scaled.needs] == pytest.approx(
        [1.2 * n.rate_per_day for n in base.needs])


def test_feedback_that_moves_nothing_is_left_out() -> None:
    inert = ["scenario.trust.timely_gain=0", "scenario.trust.untimely_loss=0",
             "scenario.trust.abandoned_loss=0"]
    assert build(load_config(["scenario.horizon_days=400", *inert]), seed=1) \
        .model.casework.feedback is None
    moving = build(load_config(["scenario.horizon_days=400", inert[0], inert[1],
                                "scenario.trust.abandoned_loss=0.1"]), seed=1)
    assert moving.model.casework.feedback is not None
