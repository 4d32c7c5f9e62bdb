"""The composition root: the M/M/c scenario as a region, and building a model."""

from __future__ import annotations

import pytest

from sim.build import (
    build,
    is_bilingual,
    make_admin,
    make_dispatch_policy,
    make_funding,
    make_outcomes,
    make_staffing,
    make_training,
)
from sim.config import CommunityScenario, MMCScenario
from sim.loading import load_config
from sim.policies.dispatch import RankedQueue
from sim.policies.staffing import FixedStaffing, RatioStaffing
from sim.region import (
    _MMC_HOUSEHOLDS,
    as_region,
    make_calendar,
    make_window,
    mmc_as_region,
    station_loads,
    travel_table,
)


@pytest.fixture
def mmc() -> MMCScenario:
    """An M/M/3+M scenario with every field away from its default."""
    return MMCScenario(servers=3, arrival_rate=2.4, service_rate=0.8, patience_mean=1.5,
                       urgent_share=0.3, target_days=0.5, horizon_days=500.0,
                       warmup_days=50.0, audit_interval_days=3.0, name="queue_test")


def test_mmc_as_region_maps_keys(mmc: MMCScenario) -> None:
    region = mmc_as_region(mmc)
    assert isinstance(region, CommunityScenario)
    assert (region.name, region.horizon_days, region.warmup_days,
            region.audit_interval_days) == ("queue_test", 500.0, 50.0, 3.0)
    assert list(region.stations) == ["queue"] and region.stations["queue"].workers == 3
    (community,) = region.communities.values()
    assert community.station == "queue" and community.trust_mean == 1.0
    assert community.distance_km == 0.0  # a queue has no geography: everyone has access
    assert community.minority_language_share == 0.0
    (need,) = region.needs.values()
    # the whole region's need rate per day is the arrival rate
    assert need.incidence_per_year * community.households / 365.0 == pytest.approx(2.4)
    assert need.eligibility == "all"
    assert need.intake_hours == pytest.approx(24.0 / 0.8)  # mean service 1 / mu days
    assert need.effort_distribution == "exponential"
    assert need.sessions_mean == 0.0 and need.home_visit_share == 0.0
    assert need.recording_hours == 0.0 and need.success_prob == 1.0
    assert need.patience_days == 1.5 and need.urgent_share == 0.3
    assert need.target_days_urgent == need.target_days_standard == 0.5
    wf = region.workforce
    assert wf.caseload_cap == 1.0 and wf.admin_share == 0.0
    assert (wf.start_hour, wf.hours_per_day, sorted(wf.workdays)) == (0.0, 24.0, list(range(7)))
    calendar = make_calendar(region)
    assert calendar.always_on
    assert calendar.holidays == () and calendar.makeup_days == ()


def test_no_patience_means_no_abandonment(mmc: MMCScenario) -> None:
    mmc.patience_mean = None
    assert mmc_as_region(mmc).needs["service"].patience_days is None


def test_as_region_leaves_a_region_alone() -> None:
    region = load_config([]).scenario
    assert as_region(region) is region


def test_window_ends_the_longest_target_before_the_horizon() -> None:
    window = make_window(load_config([]).scenario)
    assert (window.warmup, window.horizon, window.audit_interval) == (180.0, 1275.0, 7.0)
    assert window.measure_to == 1275.0 - 14.0


def test_j_community_calendar_is_dated_with_official_holidays() -> None:
    """Day 0 is Sunday 2023-01-01; Spring Festival is off, the Saturday after it worked."""
    region = load_config([]).scenario
    cal = make_calendar(region)
    assert cal.first_weekday == 6 and not cal.always_on
    assert not cal.is_workday(22)  # Monday 2023-01-23
    assert cal.is_workday(27)  # Saturday 2023-01-28, a make-up workday
    assert not cal.is_workday(1) and 1 in cal.holidays  # Monday 2023-01-02, New Year
    assert cal.is_workday(2)
    assert max(cal.holidays) <= region.horizon_days + 1


def test_calendar_keys_reach_the_calendar() -> None:
    region = load_config(["scenario.calendar.start_date=2024-01-01",
                          "scenario.calendar.official_holidays=false",
                          "scenario.calendar.holidays=[2024-03-08]",
                          "scenario.calendar.makeup_workdays=[2024-03-09]",
                          "scenario.workforce.admin_share=0.5"]).scenario
    cal = make_calendar(region)
    assert (cal.first_weekday, cal.holidays, cal.makeup_days) == (0, (67,), (68,))
    assert cal.admin_share == 0.0 and cal.workdays == (0, 1, 2, 3, 4)  # interleaved


def test_build_mmc() -> None:
    built = build(load_config(["scenario=mmc", "scenario.servers=4",
                               "scenario.arrival_rate=3.0"]), seed=1)
    assert len(built.households) == _MMC_HOUSEHOLDS
    assert len(built.model.workers) == 4
    assert built.model.demand is not None
    assert built.model.demand.total_rate == pytest.approx(3.0)
    assert built.need_names == ("service",) and built.station_names == ("queue",)


def test_build_default_hires_the_fixed_headcount() -> None:
    built = build(load_config([]), seed=1)
    sc = built.region
    assert len(built.model.workers) == sum(s.workers for s in sc.stations.values())
    stations = [w.station for w in built.model.workers]
    assert stations == sorted(stations)
    assert len(built.households) == sum(c.households for c in sc.communities.values())


@pytest.mark.parametrize(("budget", "hired"), [(0.0, 0), (70_000.0, 1), (1e9, 3)])
def test_budget_limits_hiring(budget: float, hired: int) -> None:
    cfg = load_config([f"scenario.agency.budget_per_year={budget}"])
    assert len(build(cfg, seed=1).model.workers) == hired


def test_same_seed_same_households() -> None:
    cfg = load_config([])
    a, b = build(cfg, seed=4).households, build(cfg, seed=4).households
    assert (a.trust == b.trust).all()
    assert not (build(cfg, seed=5).households.trust == a.trust).all()


def test_travel_table_adds_the_inter_station_distance_for_other_stations() -> None:
    region = load_config([]).scenario
    table = travel_table(region)
    speed, extra = region.travel_speed_kmh, region.inter_station_km
    assert len(table) == len(region.communities)
    stations = list(region.stations)
    for row, com in zip(table, region.communities.values(), strict=True):
        assert len(row) == len(stations)
        for s, hours in enumerate(row):
            km = com.distance_km + (0.0 if stations[s] == com.station else extra)
            assert hours == pytest.approx(2.0 * km / speed)  # a round trip


@pytest.mark.parametrize("share", [0.0, 0.25, 1 / 3, 0.5, 1.0])
def test_is_bilingual_spreads_the_share_evenly_over_hiring_order(share: float) -> None:
    flags = [is_bilingual(i, share) for i in range(60)]
    for n in range(1, 61):  # every first n workers hold the share, rounded down
        assert sum(flags[:n]) == int(n * share + 1e-9)


def test_the_queueing_scenario_has_unlimited_money_fixed_staff_and_no_training() -> None:
    """mmc chooses the off options in its defaults list; build has no special case for it."""
    cfg = load_config(["scenario=mmc"])
    region = as_region(cfg.scenario)
    households = build(cfg, seed=1).households
    assert make_funding(cfg, region, households, [5]) is None
    assert isinstance(make_staffing(cfg), FixedStaffing)
    assert make_training(cfg).per_year == 0


def test_an_option_chosen_on_the_command_line_wins_over_the_scenarios_choice() -> None:
    cfg = load_config(["scenario=mmc", "policy/staffing=ratio", "policy/training=bilingual",
                       "policy/funding=diversified"])
    region = as_region(cfg.scenario)
    households = build(cfg, seed=1).households
    funding = make_funding(cfg, region, households, [5])
    assert funding is not None and funding.name == "diversified"
    assert isinstance(make_staffing(cfg), RatioStaffing)
    assert make_training(cfg).per_year == 1


def test_every_policy_is_built_from_its_family_registry() -> None:
    cfg = load_config(["policy/dispatch=skill_match", "policy.dispatch.fallback_wait_days=3",
                       "policy/admin=burden_reduction", "policy/assessment=one_size_fits_all"])
    dispatch = make_dispatch_policy(cfg)
    assert isinstance(dispatch, RankedQueue) and dispatch.name == "skill_match"
    assert make_admin(cfg).admin_share(1.0) == pytest.approx(0.6)
    assert make_outcomes(cfg, cfg.scenario).success_factor == pytest.approx(0.8)


def test_funding_is_sized_to_the_target_headcount() -> None:
    cfg = load_config([])
    built = build(cfg, seed=1)
    funding = make_funding(cfg, built.region, built.households, [2, 1, 0])
    assert funding is not None and funding.name == "single_government"
    assert funding.budget_per_year == pytest.approx(3 * 70000.0 * 1.1)
    assert [st.name for st in funding.streams] == ["government"]
    per_capita = load_config(["policy/funding=per_capita"])
    funding = make_funding(per_capita, built.region, built.households, [2, 1, 0])
    assert funding is not None
    assert funding.budget_per_year == pytest.approx(
        per_capita.policy.funding.per_household_per_year * len(built.households))
    assert make_funding(load_config(["policy/funding=unlimited"]), built.region,
                        built.households, [2, 1, 0]) is None


def test_station_loads_count_each_stations_households() -> None:
    built = build(load_config([]), seed=1)
    loads = station_loads(built.region, built.households, built.model.casework.needs)
    region, hh = built.region, built.households
    assert [ld.fixed for ld in loads] == [st.workers for st in region.stations.values()]
    stations = list(region.stations)
    station_of = [stations.index(c.station) for c in region.communities.values()]
    for s, load in enumerate(loads):
        mine = [station_of[c] == s for c in hh.community]
        assert load.households == sum(mine)
        assert load.elderly == sum(m and e for m, e in zip(mine, hh.has_elderly, strict=True))
        assert load.workload_hours_per_year > 0.0
