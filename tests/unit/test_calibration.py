"""Calibration pieces: targets schema, distance, wildcard keys, the written YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.calibration import (
    Fit,
    Parameter,
    Target,
    TargetsFile,
    concrete_values,
    distance,
    expand,
    load_targets,
    overrides_yaml,
    shipped_targets,
)
from sim.checks import ConfigError
from sim.loading import load_config


def test_poisson_tolerance_and_band_by_default() -> None:
    t = Target(reported=25)
    assert t.sd == 5.0 and t.bounds == (15.0, 35.0)
    explicit = Target(reported=2500, tolerance=250, band=(2000, 3000))
    assert explicit.sd == 250 and explicit.bounds == (2000, 3000)


def test_distance_is_the_sum_of_squared_standardised_deviations() -> None:
    targets = {"a": Target(reported=25), "b": Target(reported=100, tolerance=20)}
    assert distance({"a": 25.0, "b": 100.0}, targets) == 0.0
    assert distance({"a": 35.0, "b": 60.0}, targets) == pytest.approx(4.0 + 4.0)


def test_the_shipped_targets_load_and_name_kpis() -> None:
    assert "j_community" in shipped_targets()
    spec = load_targets("j_community")
    assert spec.scenario == "j_community"
    assert spec.targets["cases_opened_per_year"].bounds == (15.0, 35.0)
    assert spec.targets["home_visits_per_year"].bounds == pytest.approx((19.05, 40.95), abs=0.01)


@pytest.mark.parametrize(("text", "message"), [
    ("scenario: x\ntargets: {no_such_kpi: {reported: 1}}\nparameters: [{key: a, low: 0, high: 1}]",
     "no_such_kpi"),
    ("scenario: x\ntargets: {referrals: {reported: -1}}\nparameters: [{key: a, low: 0, high: 1}]",
     r"targets\.referrals\.reported = -1"),
    ("scenario: x\ntargets: {referrals: {reported: 1}}\nparameters: [{key: a, low: 2, high: 1}]",
     "must be below high"),
    ("scenario: x\ntargets: {referrals: {reported: 1}}\nparameters: []\nextra: 1", "extra"),
])
def test_a_bad_targets_file_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_targets(path)


def test_a_missing_targets_file_lists_the_shipped_ones() -> None:
    with pytest.raises(ConfigError, match="j_community"):
        load_targets("no_such_place")


def test_wildcard_keys_expand_over_a_mapping_and_scale_clips() -> None:
    cfg = load_config([])
    shares = expand(cfg, "scenario.needs.*.home_visit_share")
    assert len(shares) == len(cfg.scenario.needs)
    needs = cfg.scenario.needs
    assert shares["scenario.needs.child_protection.home_visit_share"] == \
        needs["child_protection"].home_visit_share
    param = Parameter(key="scenario.needs.*.home_visit_share", low=0.5, high=5.0,
                      mode="scale", clip=(0.0, 1.0))
    factor = 0.9 / needs["child_protection"].home_visit_share + 1.0  # child protection > 1
    values = concrete_values(cfg, [param], [factor])
    assert values["scenario.needs.child_protection.home_visit_share"] == 1.0  # clipped
    assert values["scenario.needs.policy_explanation.home_visit_share"] == \
        pytest.approx(needs["policy_explanation"].home_visit_share * factor)
    assert values["scenario.needs.policy_explanation.home_visit_share"] < 1.0
    capacity = concrete_values(cfg, [Parameter(key="scenario.group_work.capacity", low=1,
                                               high=200)], [80.4])
    assert capacity == {"scenario.group_work.capacity": 80}  # an integer stays one
    with pytest.raises(ConfigError, match=r"scenario\.no_such_key"):
        expand(cfg, "scenario.no_such_key")
    with pytest.raises(ConfigError, match="must be a number"):
        expand(cfg, "scenario.name")


def test_the_fitted_yaml_composes_on_the_scenario() -> None:
    spec = TargetsFile(scenario="j_community", targets={"referrals": Target(reported=25)},
                       parameters=[Parameter(key="scenario.demand_scale", low=0, high=1)])
    fit = Fit({"scenario.demand_scale": 0.1},
              {"scenario.demand_scale": 0.1, "scenario.group_work.capacity": 80},
              {"referrals": 24.0}, 0.04, {"scenario.demand_scale": 0.01}, 3)
    text = overrides_yaml(spec, fit)
    data = yaml.safe_load(text)
    assert data == {"defaults": ["j_community", "_self_"], "demand_scale": 0.1,
                    "group_work": {"capacity": 80}}
    assert "referrals: 24.0 vs 25" in text
    with pytest.raises(ConfigError, match="only scenario keys"):
        overrides_yaml(spec, Fit({}, {"run.seed": 1.0}, {"referrals": 1.0}, 0.0, {}, 1))


def test_the_written_file_composes_through_a_search_path(tmp_path: Path) -> None:
    spec = TargetsFile(scenario="j_community", targets={"referrals": Target(reported=25)},
                       parameters=[Parameter(key="scenario.demand_scale", low=0, high=1)])
    fit = Fit({}, {"scenario.demand_scale": 0.123,
                   "scenario.needs.elderly_care.home_visit_share": 0.5}, {"referrals": 1.0},
              0.0, {}, 1)
    (tmp_path / "scenario").mkdir()
    (tmp_path / "scenario" / "mine.yaml").write_text(overrides_yaml(spec, fit))
    cfg = load_config([f"hydra.searchpath=[file://{tmp_path}]", "scenario=mine"])
    base = load_config([])
    assert cfg.scenario.demand_scale == 0.123
    assert cfg.scenario.needs["elderly_care"].home_visit_share == 0.5
    assert cfg.scenario.needs["child_protection"] == base.scenario.needs["child_protection"]
    assert cfg.policy.cover.name == base.policy.cover.name  # the scenario's own choices hold
