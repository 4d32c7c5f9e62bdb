"""Static facts of a region: names, households, travel time, access, full-time hours."""

from __future__ import annotations

import pandas as pd
import pytest

from sim import load_config, run
from sim.analysis.context import KPIContext
from sim.analysis.kpis import KPI_BY_NAME
from sim.config import (
    CommunityConfig,
    CommunityScenario,
    MMCScenario,
    StationConfig,
    WorkforceConfig,
)
from sim.region import make_calendar, mmc_as_region
from sim.results.facts import full_time_duty_hours, place_facts, travel_minutes


def two_communities(threshold: float = 15.0) -> CommunityScenario:
    """Near (3 km, 1,000 households) and far (6 km, 3,000) at 15 km/h: 12 and 24 minutes."""
    return CommunityScenario(
        travel_speed_kmh=15.0, access_threshold_minutes=threshold,
        stations={"hub": StationConfig(2), "spoke": StationConfig(1)},
        communities={"near": CommunityConfig(households=1000, station="hub", distance_km=3.0),
                     "far": CommunityConfig(households=3000, station="spoke", distance_km=6.0)})


def spatial_access(facts: dict[str, object]) -> float:
    """The registry's spatial_access of a run with these scalars."""
    empty = pd.DataFrame()
    return KPIContext(empty, empty, facts, KPI_BY_NAME).value("spatial_access")


def test_travel_minutes() -> None:
    assert travel_minutes(3.0, 15.0) == pytest.approx(12.0)
    assert travel_minutes(3.0, 12.0) == 15.0
    assert travel_minutes(0.0, 12.0) == 0.0


def test_place_facts_of_two_communities() -> None:
    facts = place_facts(two_communities())
    assert facts["station_names"] == ("hub", "spoke")
    assert facts["community_names"] == ("near", "far")
    assert facts["community_station"] == (0, 1)
    assert facts["community_households"] == (1000, 3000)
    assert facts["community_travel_minutes"] == pytest.approx((12.0, 24.0))
    assert facts["community_central"] == (True, False)
    assert facts["households_within_threshold"] == 1000
    assert facts["households_total"] == 4000
    assert spatial_access(facts) == pytest.approx(1000 / 4000)


@pytest.mark.parametrize(("threshold", "share"), [
    (11.9, 0.0), (12.0, 0.25), (23.9, 0.25), (24.0, 1.0), (60.0, 1.0),
])
def test_the_threshold_is_inclusive(threshold: float, share: float) -> None:
    assert spatial_access(place_facts(two_communities(threshold))) == pytest.approx(share)


def test_full_time_duty_hours_count_workdays_of_the_measured_period() -> None:
    region = two_communities()
    region.warmup_days, region.horizon_days = 7.0, 21.0  # two whole weeks from a Monday
    region.workforce = WorkforceConfig(workdays=[0, 1, 2, 3, 4], hours_per_day=8.0)
    region.calendar.official_holidays = False
    assert full_time_duty_hours(region, make_calendar(region)) == \
        pytest.approx(10 * 8.0)
    region.calendar.holidays = ["2023-01-10"]  # day 9: a Tuesday of the measured weeks
    region.calendar.start_date = "2023-01-01"
    # 2023-01-01 is a Sunday: day 7 is a Sunday too, so the fortnight [7, 21) has 10 workdays
    assert full_time_duty_hours(region, make_calendar(region)) == \
        pytest.approx(9 * 8.0)
    mmc = mmc_as_region(MMCScenario(horizon_days=100.0, warmup_days=10.0))
    assert full_time_duty_hours(mmc, make_calendar(mmc)) == \
        pytest.approx(90 * 24.0)  # continuous duty


def test_the_queue_is_one_community_at_its_station() -> None:
    result = run(load_config(["scenario=mmc", "scenario.horizon_days=120",
                              "scenario.warmup_days=20"]), seed=1)
    s = result.scalars
    assert s["station_names"] == ("queue",) and s["community_names"] == ("queue",)
    assert s["community_travel_minutes"] == (0.0,) and s["community_central"] == (True,)
    assert result.kpis["spatial_access"] == 1.0
    assert pd.isna(result.kpis["coverage_gap_remote"])  # nobody is remote
    assert s["duty_hours_full_time"] == pytest.approx(100 * 24.0)
