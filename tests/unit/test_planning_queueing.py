"""The planner's queueing estimate: Erlang C against closed forms, loads by hand."""

from __future__ import annotations

import math

import pytest

from sim.config import (
    CommunityConfig,
    CommunityScenario,
    MMCScenario,
    NeedTypeConfig,
    StationConfig,
    WorkforceConfig,
)
from sim.planning.queueing import (
    erlang_c,
    erlang_c_staffing,
    initial_staffing,
    service_level,
    station_loads,
)


@pytest.mark.parametrize("a", [0.1, 0.5, 0.9])
def test_erlang_c_of_one_server_is_its_utilisation(a: float) -> None:
    assert math.isclose(erlang_c(1, a), a)


@pytest.mark.parametrize("rho", [0.2, 0.5, 0.8])
def test_erlang_c_of_two_servers_matches_the_closed_form(rho: float) -> None:
    assert math.isclose(erlang_c(2, 2 * rho), 2 * rho**2 / (1 + rho))


def test_overloaded_and_empty_queues() -> None:
    assert erlang_c(3, 3.0) == 1.0 and erlang_c(3, 0.0) == 0.0
    assert service_level(2, 2.5, 1.0) == 0.0 and service_level(2, 0.0, 1.0) == 1.0


def test_service_level_of_mm1_is_one_minus_rho_exp() -> None:
    lam, mu, t = 0.6, 1.0, 0.7
    exact = 1 - lam / mu * math.exp(-(mu - lam) * t)
    assert math.isclose(service_level(1, lam / mu, t * mu), exact)


@pytest.mark.parametrize(("a", "level", "ratio"), [(4.0, 0.85, 0.1), (1.5, 0.9, 1.0),
                                                   (20.0, 0.8, 0.05)])
def test_staffing_is_the_fewest_servers_that_reach_the_level(a: float, level: float,
                                                             ratio: float) -> None:
    c = erlang_c_staffing(a, level, ratio)
    assert service_level(c, a, ratio) >= level
    assert c == 1 or service_level(c - 1, a, ratio) < level


def test_mmc_load_is_lambda_over_mu() -> None:
    (load,) = station_loads(MMCScenario(arrival_rate=4.0, service_rate=2.0, target_days=0.5))
    assert load.station == "queue"
    assert math.isclose(load.offered_load, 2.0)
    assert math.isclose(load.service_days, 0.5) and math.isclose(load.target_days, 0.5)


def region(households: int = 1000) -> CommunityScenario:
    need = NeedTypeConfig(incidence_per_year=0.73, eligibility="all", intake_hours=2.0,
                          sessions_mean=0.0, recording_hours=0.5, home_visit_share=0.0,
                          urgent_share=0.25, target_days_urgent=1.0, target_days_standard=5.0)
    coms = {"a": CommunityConfig(households=households, station="s", trust_mean=0.5),
            "b": CommunityConfig(households=households, station="t", trust_mean=0.5)}
    wf = WorkforceConfig(hours_per_day=8.0, workdays=[0, 1, 2, 3, 4], admin_share=0.3)
    return CommunityScenario(communities=coms, stations={"s": StationConfig(1),
                                                         "t": StationConfig(0)},
                             needs={"n": need}, workforce=wf)


def test_community_load_by_hand() -> None:
    """1000 households x 0.73 a year x trust 0.5 = 1 referral a day; 2.5 hours a case over
    8 h x 5/7 x (1 - 0.3) = 4 productive hours a day = 0.625 workers."""
    s, _ = station_loads(region())
    assert math.isclose(s.referrals_per_day, 1.0)
    assert math.isclose(s.offered_load, 0.625)
    assert math.isclose(s.target_days, 0.25 * 1.0 + 0.75 * 5.0)
    urgent, _ = station_loads(region(), urgent_only=True)
    assert math.isclose(urgent.target_days, 1.0)


def test_load_grows_with_households() -> None:
    small, big = station_loads(region(1000))[0], station_loads(region(3000))[0]
    assert math.isclose(big.offered_load, 3 * small.offered_load)


def test_initial_staffing_pools_and_apportions() -> None:
    pooled = initial_staffing(region(), 0.9)
    assert sum(pooled.values()) == erlang_c_staffing(1.25, 0.9, 2.0 * 4.0 / 2.5)
    assert abs(pooled["s"] - pooled["t"]) <= 1
    fixed = initial_staffing(region(), 0.9, fixed={"s": 5})
    assert fixed == {"s": 5, "t": 0}


def test_square_root_staffing_without_a_level() -> None:
    x = initial_staffing(MMCScenario(arrival_rate=9.0, service_rate=1.0), None)
    assert x == {"queue": math.ceil(9 + 3)}
