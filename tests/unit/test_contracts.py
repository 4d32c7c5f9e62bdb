"""Contracts: agencies from the configuration, checked before any simulation."""

from __future__ import annotations

import pytest

from sim import load_config
from sim.checks import ConfigError
from sim.config import CommunityScenario, ContractConfig, StationConfig
from sim.contracts import (
    DEFAULT_AGENCY,
    ContractSpec,
    OwnStations,
    budget_shares,
    check_agencies,
    funding_params,
    specs,
)
from sim.policies.funding import SingleGovernment
from sim.policies.staffing import FixedStaffing, StationLoad
from sim.routing import ID_BLOCK

TWO = ["scenario=j_two_agencies"]


def test_the_default_form_is_one_agency_with_the_runs_funding() -> None:
    cfg = load_config([])
    (only,) = specs(cfg.scenario, cfg.policy.funding)
    assert only.name == DEFAULT_AGENCY and only.funding is cfg.policy.funding
    assert only.stations == tuple(range(len(cfg.scenario.stations)))
    assert only.first_worker_id == 0 and only.stream_prefix == ""  # draws as before


def test_two_agencies_get_their_own_funding_ids_and_streams() -> None:
    cfg = load_config(TWO)
    a, b = specs(cfg.scenario, cfg.policy.funding)
    assert (a.name, b.name) == ("centre_org", "east_org")
    assert isinstance(b.funding, SingleGovernment)
    assert b.funding.streams["government"].renewal_prob == 0.9
    assert b.first_worker_id == ID_BLOCK and b.stream_prefix == "agency-east_org/"
    assert a.stations == (0, 2) and b.stations == (1,)


@pytest.mark.parametrize(("override", "key"), [
    ("scenario.agencies.east_org.stations=[nowhere]", "scenario.agencies.east_org.stations"),
    ("scenario.agencies.east_org.stations=[service_centre]",
     "scenario.agencies.east_org.stations"),
    ("scenario.agencies.east_org.needs=[astrology]", "scenario.agencies.east_org.needs"),
    ("scenario.agencies.east_org.budget_share=1.5", "scenario.agencies.east_org.budget_share"),
    ("scenario.agencies.east_org.funding.name=lottery",
     "scenario.agencies.east_org.funding.name"),
    ("+scenario.agencies.east_org.funding.jackpot=1",
     "scenario.agencies.east_org.funding.jackpot"),
    ("scenario.agencies.east_org.funding.streams.government.share=0.5",
     "scenario.agencies.east_org.funding.streams"),
    ("scenario.agencies.east_org.retender_prob=2", "scenario.agencies.east_org.retender_prob"),
])
def test_bad_agencies_fail_before_any_simulation_naming_the_key(override: str,
                                                                key: str) -> None:
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_config([*TWO, override])


def test_budget_shares_sum_to_at_most_one() -> None:
    sc = CommunityScenario(stations={"a": StationConfig(), "b": StationConfig()}, agencies={
        "x": ContractConfig(stations=["a"], budget_share=0.7),
        "y": ContractConfig(stations=["b"], budget_share=0.6)})
    with pytest.raises(ConfigError, match="budget_share"):
        check_agencies(sc)


def _spec(index: int, stations: tuple[int, ...], share: float | None,
          cost: float = 70000.0) -> ContractSpec:
    return ContractSpec(index, f"a{index}", stations, SingleGovernment(), cost, share, None,
                        0.0, 0.0)


def test_shares_not_given_split_the_rest_by_target_headcount_cost() -> None:
    contracts = [_spec(0, (0,), 0.5), _spec(1, (1,), None), _spec(2, (2,), None, 35000.0)]
    shares = budget_shares(contracts, [9, 2, 2])
    assert shares == pytest.approx([0.5, 0.5 * 2 / 3, 0.5 * 1 / 3])
    assert sum(budget_shares([_spec(0, (0, 1, 2), None)], [1, 1, 1])) == pytest.approx(1.0)


def test_a_staffing_rule_restricted_to_an_agencys_stations() -> None:
    load = StationLoad(3, 100, 10, 5, 2, 50.0)
    own = OwnStations(FixedStaffing(), frozenset({1}))
    assert own.targets([load, load, load]) == [0, 3, 0]
    assert own.review_interval_days == FixedStaffing().review_interval_days


def test_funding_params_read_streams_as_funding_streams() -> None:
    params = funding_params({"name": "diversified", "streams": {
        "government": {"share": 0.6}, "donations": {"share": 0.4, "volatility": 0.3}}},
        SingleGovernment(), "k")
    assert params.name == "diversified"
    assert params.streams["donations"].volatility == 0.3  # type: ignore[attr-defined]
    with pytest.raises(ConfigError, match=r"k\.streams\.g"):
        funding_params({"streams": {"g": {"colour": "red"}}}, SingleGovernment(), "k")
