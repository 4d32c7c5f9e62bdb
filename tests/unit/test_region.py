"""Unit tests of the region helpers (the rest are exercised through test_build.py)."""

from __future__ import annotations

import pytest

from sim.config import MMCScenario
from sim.loading import load_config
from sim.region import as_region, make_calendar, make_window, mmc_as_region, travel_table


def test_travel_table_is_the_round_trip_by_community_and_station() -> None:
    region = load_config([]).scenario
    table = travel_table(region)
    speed, extra = region.travel_speed_kmh, region.inter_station_km
    for row, com in zip(table, region.communities.values(), strict=True):
        own = list(region.stations).index(com.station)
        assert row[own] == pytest.approx(2 * com.distance_km / speed)
        others = [h for s, h in enumerate(row) if s != own]
        assert all(h == pytest.approx(2 * (com.distance_km + extra) / speed) for h in others)


def test_window_ends_a_longest_target_before_the_horizon() -> None:
    region = load_config([]).scenario
    window = make_window(region)
    lag = max(max(n.target_days_urgent, n.target_days_standard) for n in region.needs.values())
    assert (window.warmup, window.horizon) == (region.warmup_days, region.horizon_days)
    assert window.measure_to == pytest.approx(region.horizon_days - lag)


def test_the_queue_is_a_region_on_continuous_duty() -> None:
    sc = MMCScenario(servers=3)
    region = as_region(sc)
    assert region == mmc_as_region(sc) and list(region.stations) == ["queue"]
    assert make_calendar(region).always_on
