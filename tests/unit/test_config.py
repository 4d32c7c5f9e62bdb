"""Configuration: each validation rule fails with a message that names the key.

Rules are checked on copies of the composed default (and mmc) configuration, changed one
value at a time, through :func:`sim.validation.validate`; a few go through :func:`load_config`
to check that Hydra composition errors are reported the same way.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import pytest

import sim
from sim.config import (
    CommunityScenario,
    ConfigError,
    MMCScenario,
    StationConfig,
    SwsimConfig,
)
from sim.loading import check_known_keys, load_config, rewrite_overrides
from sim.validation import check_choice, check_min, check_share, validate

_BASE = {"default": load_config([]), "mmc": load_config(["scenario=mmc"])}
Change = Callable[[SwsimConfig], None]


def changed(base: str, change: Change) -> SwsimConfig:
    """A copy of a base config with one change."""
    cfg = copy.deepcopy(_BASE[base])
    change(cfg)
    return cfg


def setter(path: str, value: Any) -> Change:
    """A change that sets the dotted attribute/key ``path`` to ``value``."""
    def change(cfg: SwsimConfig) -> None:
        *parents, last = path.split(".")
        node: Any = cfg
        for part in parents:
            node = node[part] if isinstance(node, dict) else getattr(node, part)
        if isinstance(node, dict):
            node[last] = value
        else:
            setattr(node, last, value)
    return change


COM = "scenario.communities.centre_grid"
NEED = "scenario.needs.elderly_care"
WF = "scenario.workforce"
CAL = "scenario.calendar"

COMMUNITY_RULES = [
    ("scenario.stations", "scenario.stations", {}),
    ("scenario.communities", "scenario.communities", {}),
    ("scenario.needs", "scenario.needs", {}),
    ("scenario.stations.east_station.workers", "scenario.stations.east_station.workers", -1),
    (f"{COM}.households", f"{COM}.households", 0),
    (f"{COM}.station", f"{COM}.station", "nowhere"),
    (f"{COM}.distance_km", f"{COM}.distance_km", -0.5),
    (f"{COM}.mean_household_size", f"{COM}.mean_household_size", 0.5),
    (f"{COM}.elderly_share", f"{COM}.elderly_share", 1.5),
    (f"{COM}.minority_language_share", f"{COM}.minority_language_share", -0.1),
    (f"{COM}.trust_mean", f"{COM}.trust_mean", 1.01),
    (f"{COM}.trust_concentration", f"{COM}.trust_concentration", 0.0),
    (f"{NEED}.incidence_per_year", f"{NEED}.incidence_per_year", -0.01),
    (f"{NEED}.incidence_per_year", f"{NEED}.incidence_per_year", math.nan),
    (f"{NEED}.incidence_per_year", f"{NEED}.incidence_per_year", math.inf),
    (f"{NEED}.eligibility", f"{NEED}.eligibility", "pets"),
    (f"{NEED}.urgent_share", f"{NEED}.urgent_share", 2.0),
    (f"{NEED}.home_visit_share", f"{NEED}.home_visit_share", -0.1),
    (f"{NEED}.success_prob", f"{NEED}.success_prob", 1.1),
    (f"{NEED}.target_days_urgent", f"{NEED}.target_days_urgent", 0.0),
    (f"{NEED}.target_days_standard", f"{NEED}.target_days_standard", -1.0),
    (f"{NEED}.case_weight", f"{NEED}.case_weight", 0.0),
    (f"{NEED}.intake_hours", f"{NEED}.intake_hours", -1.0),
    (f"{NEED}.sessions_mean", f"{NEED}.sessions_mean", -1.0),
    (f"{NEED}.session_hours", f"{NEED}.session_hours", -1.0),
    (f"{NEED}.effort_cv", f"{NEED}.effort_cv", -0.5),
    (f"{NEED}.session_interval_days", f"{NEED}.session_interval_days", -7.0),
    (f"{NEED}.recording_hours", f"{NEED}.recording_hours", -0.25),
    (f"{NEED}.effort_distribution", f"{NEED}.effort_distribution", "uniform"),
    (f"{NEED}.patience_days", f"{NEED}.patience_days", 0.0),
    (f"{WF}.caseload_cap", f"{WF}.caseload_cap", 0.0),
    (f"{WF}.hours_per_day", f"{WF}.hours_per_day", 0.0),
    (f"{WF}.start_hour", f"{WF}.start_hour", -1.0),
    (f"{WF}.hours_per_day", f"{WF}.start_hour", 20.0),  # 20 + 8 > 24
    (f"{WF}.admin_share", f"{WF}.admin_share", 1.0),
    (f"{WF}.admin_share", f"{WF}.admin_share", 1.5),
    (f"{WF}.workdays", f"{WF}.workdays", []),
    (f"{WF}.workdays", f"{WF}.workdays", [0, 7]),
    ("scenario.travel_speed_kmh", "scenario.travel_speed_kmh", 0.0),
    ("scenario.access_threshold_minutes", "scenario.access_threshold_minutes", 0.0),
    ("scenario.access_threshold_minutes", "scenario.access_threshold_minutes", -15.0),
    ("scenario.agency.budget_per_year", "scenario.agency.budget_per_year", -1.0),
    ("scenario.agency.cost_per_worker_year", "scenario.agency.cost_per_worker_year", -5.0),
    ("scenario.horizon_days", "scenario.horizon_days", 190.0),  # < warm-up + 14-day target
    ("scenario.horizon_days", "scenario.horizon_days", 0.0),
    ("scenario.warmup_days", "scenario.warmup_days", -1.0),
    ("scenario.audit_interval_days", "scenario.audit_interval_days", 0.0),
    (f"{COM}.households", f"{COM}.households", True),  # a bool is not a number
    (f"{COM}.trust_mean", f"{COM}.trust_mean", "high"),
    (f"{CAL}.start_date", f"{CAL}.start_date", "2023-02-29"),
    (f"{CAL}.start_date", f"{CAL}.start_date", "1 January 2023"),
    (f"{CAL}.start_date", f"{CAL}.start_date", "9999-12-01"),  # the horizon runs past 9999
    (f"{CAL}.official_holidays", f"{CAL}.official_holidays", "yes"),
    (f"{CAL}.holidays[1]", f"{CAL}.holidays", ["2023-03-08", "2023-3-9"]),
    (f"{CAL}.makeup_workdays[0]", f"{CAL}.makeup_workdays", [20230311]),
]

MMC_RULES = [
    ("scenario.servers", "scenario.servers", 0),
    ("scenario.arrival_rate", "scenario.arrival_rate", 0.0),
    ("scenario.service_rate", "scenario.service_rate", -1.0),
    ("scenario.patience_mean", "scenario.patience_mean", 0.0),
    ("scenario.urgent_share", "scenario.urgent_share", 1.5),
    ("scenario.target_days", "scenario.target_days", 0.0),
    ("scenario.horizon_days", "scenario.horizon_days", 300.5),  # warm-up 300 + target 1
]

RUN_RULES = [
    ("run.replications", "run.replications", 0),
    ("run.seed", "run.seed", -1),
    ("run.n_jobs", "run.n_jobs", 0),
    ("run.n_jobs", "run.n_jobs", -2),
    ("policy.dispatch.name", "policy.dispatch.name", "lottery"),
]


def assert_names_key(cfg: SwsimConfig, key: str) -> str:
    """Validation fails with a message that starts with ``key``; the message."""
    with pytest.raises(ConfigError) as info:
        validate(cfg)
    message = str(info.value)
    assert message.startswith(f"{key} = "), message
    assert "is not allowed" in message
    return message


@pytest.mark.parametrize(("key", "path", "value"), COMMUNITY_RULES)
def test_community_rule(key: str, path: str, value: Any) -> None:
    assert_names_key(changed("default", setter(path, value)), key)


def test_a_date_both_off_and_worked() -> None:
    def change(cfg: SwsimConfig) -> None:
        cfg.scenario.calendar.holidays = ["2023-03-08", "2023-03-09"]
        cfg.scenario.calendar.makeup_workdays = ["2023-03-11", "2023-03-09"]

    message = assert_names_key(changed("default", change), f"{CAL}.makeup_workdays")
    assert "2023-03-09" in message and "holidays" in message


def test_date_messages_say_what_is_allowed() -> None:
    message = assert_names_key(changed("default", setter(f"{CAL}.start_date", "2023/01/01")),
                               f"{CAL}.start_date")
    assert "'2023/01/01'" in message and "YYYY-MM-DD" in message


@pytest.mark.parametrize(("key", "path", "value"), MMC_RULES)
def test_mmc_rule(key: str, path: str, value: Any) -> None:
    assert_names_key(changed("mmc", setter(path, value)), key)


@pytest.mark.parametrize(("key", "path", "value"), RUN_RULES)
def test_run_and_policy_rule(key: str, path: str, value: Any) -> None:
    assert_names_key(changed("default", setter(path, value)), key)


def test_messages_say_what_is_allowed() -> None:
    msg = assert_names_key(changed("default", setter(f"{NEED}.eligibility", "pets")),
                           f"{NEED}.eligibility")
    assert "has_elderly" in msg and "low_income" in msg
    msg = assert_names_key(changed("default", setter(f"{COM}.station", "nowhere")),
                           f"{COM}.station")
    assert "service_centre" in msg
    msg = assert_names_key(changed("default", setter("policy.dispatch.name", "lottery")),
                           "policy.dispatch.name")
    assert "fifo" in msg and "priority" in msg
    msg = assert_names_key(changed("default", setter(f"{NEED}.incidence_per_year", math.nan)),
                           f"{NEED}.incidence_per_year")
    assert "finite" in msg


def test_a_station_that_serves_no_community() -> None:
    def add_station(cfg: SwsimConfig) -> None:
        cfg.scenario.stations["spare"] = StationConfig(workers=1)
    assert_names_key(changed("default", add_station), "scenario.stations.spare")


def test_a_scenario_of_unknown_kind() -> None:
    assert_names_key(changed("default", setter("scenario", "nonsense")), "scenario")


def test_n_jobs_minus_one_means_all() -> None:
    assert validate(changed("default", setter("run.n_jobs", -1))).run.n_jobs == -1


# --------------------------------------------------------------------------- valid configs


def test_valid_default_config_passes() -> None:
    cfg = load_config([])
    assert isinstance(cfg, SwsimConfig) and isinstance(cfg.scenario, CommunityScenario)
    assert validate(cfg) is cfg
    assert cfg.scenario.name == "j_community"


def test_valid_mmc_config_passes() -> None:
    cfg = load_config(["scenario=mmc", "scenario.patience_mean=2.0"])
    assert isinstance(cfg.scenario, MMCScenario)
    assert validate(cfg) is cfg and cfg.scenario.patience_mean == 2.0


def test_boundary_values_are_allowed() -> None:
    for path, value in [(f"{COM}.elderly_share", 0.0), (f"{COM}.elderly_share", 1.0),
                        (f"{WF}.start_hour", 16.0), ("scenario.agency.budget_per_year", 0.0),
                        ("scenario.stations.east_station.workers", 0),
                        (f"{NEED}.patience_days", None)]:
        validate(changed("default", setter(path, value)))


# --------------------------------------------------------------------------- load_config


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        (["scenario.colour=red"], "colour"),
        (["scenario.warmup_days=abc"], "warmup_days"),
        (["scenario.workforce.admin_share=1.5"], "scenario.workforce.admin_share = 1.5"),
        (["policy/dispatch=lottery"], "lottery"),
        (["scenario=atlantis"], "atlantis"),
    ],
)
def test_load_config_errors_name_the_key(overrides: list[str], fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(overrides)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, ValueError)


def test_check_helpers() -> None:
    check_min("k", 0, 0)
    check_share("k", 0.5)
    check_choice("k", "a", ("a", "b"))
    with pytest.raises(ConfigError, match=r"^k = 0 is not allowed: must be > 0$"):
        check_min("k", 0, 0, strict=True)
    with pytest.raises(ConfigError, match="within"):
        check_share("k", -0.5)
    with pytest.raises(ConfigError, match="a, b"):
        check_choice("k", "c", ("a", "b"))


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        (["+colour=1"], "colour"),
        (["+scenario.colour=red"], "scenario.colour"),
        (["+scenario.workforce.colour=1"], "scenario.workforce.colour"),
        (["+scenario.needs.elderly_care.colour=1"], "scenario.needs.elderly_care.colour"),
    ],
)
def test_load_config_refuses_unknown_keys_added_with_plus(overrides: list[str], key: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(overrides)
    message = str(info.value)
    assert message.startswith(f"{key} is not a known key: allowed keys under "), message
    assert "\n" not in message


def test_empty_mapping_override_empties_the_mapping() -> None:
    cfg = load_config(["policy/funding=per_capita", "policy.funding.streams={}"])
    assert cfg.policy.funding.streams == {}
    # an emptied mapping that validation needs is refused by name, not silently kept
    with pytest.raises(ConfigError, match=r"^scenario\.needs = \{\} is not allowed"):
        load_config(["scenario.needs={}"])


def test_rewrite_overrides_turns_empty_mappings_into_deletions() -> None:
    rewritten = rewrite_overrides(["scenario.stations={}", "scenario.name=x"])
    assert rewritten == ["~scenario.stations.service_centre", "~scenario.stations.east_station",
                         "~scenario.stations.west_station", "scenario.name=x"]


def test_check_known_keys_walks_dataclasses_and_mappings() -> None:
    cfg = copy.deepcopy(_BASE["default"])
    check_known_keys({"scenario": {"needs": {"elderly_care": {"urgent_share": 0.1}}}}, cfg)
    with pytest.raises(ConfigError, match=r"^scenario\.needs\.elderly_care\.colour is not"):
        check_known_keys({"scenario": {"needs": {"elderly_care": {"colour": 1}}}}, cfg)


def test_load_config_is_exported_by_the_package() -> None:
    assert sim.load_config is load_config


@pytest.mark.parametrize(("override", "key", "allowed"), [
    ("policy.funding.streams.government.renewal_prob=1.5",
     "policy.funding.streams.government.renewal_prob", "[0, 1]"),
    ("policy.funding.streams.government.share=0.5", "policy.funding.streams", "sum to 1"),
    ("policy.funding.streams.government.payments_per_year=0",
     "policy.funding.streams.government.payments_per_year", ">= 1"),
    ("policy.funding.streams.government.gap_months=13",
     "policy.funding.streams.government.gap_months", "at most the contract year"),
    ("policy.funding.streams.government.gap_months=-1",
     "policy.funding.streams.government.gap_months", ">= 0"),
    ("policy.funding.name=lottery", "policy.funding.name", "diversified"),
    ("policy/staffing=ratio policy.staffing.basis=cats", "policy.staffing.basis", "elderly"),
    ("policy/staffing=ratio policy.staffing.per=0", "policy.staffing.per", "> 0"),
    ("policy/training=bilingual policy.training.per_year=-1", "policy.training.per_year",
     ">= 0"),
    ("policy.admin.admin_share_factor=-0.5", "policy.admin.admin_share_factor", ">= 0"),
    ("policy.assessment.success_factor=1.2", "policy.assessment.success_factor", "[0, 1]"),
    ("policy/dispatch=skill_match policy.dispatch.fallback_wait_days=-1",
     "policy.dispatch.fallback_wait_days", ">= 0"),
    ("scenario.workforce.exit_rate_per_year=-0.1", "scenario.workforce.exit_rate_per_year",
     ">= 0"),
    ("scenario.workforce.ramp_up_cap_factor=2", "scenario.workforce.ramp_up_cap_factor",
     "[0, 1]"),
    ("scenario.workforce.bilingual_share=1.1", "scenario.workforce.bilingual_share", "[0, 1]"),
    ("scenario.volunteers.hours_per_week=-3", "scenario.volunteers.hours_per_week", ">= 0"),
    ("scenario.group_work.trust_boost=2", "scenario.group_work.trust_boost", "[0, 1]"),
    ("scenario.rereferral_prob=1.5", "scenario.rereferral_prob", "[0, 1]"),
])
def test_policy_and_workforce_parameters_are_validated(override: str, key: str,
                                                       allowed: str) -> None:
    """Every parameter of the policy families names its key and what is allowed (an option's
    own keys under the option that has them)."""
    with pytest.raises(ConfigError) as info:
        load_config(override.split())
    assert key in str(info.value) and allowed in str(info.value), str(info.value)
