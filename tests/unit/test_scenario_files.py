"""The new scenarios compose to the figures their sources give (conf/scenario/*.yaml)."""

from __future__ import annotations

import pytest

from sim import load_config
from sim.config import CommunityScenario


def scenario(name: str) -> CommunityScenario:
    """The composed scenario ``name`` with its defaults."""
    sc = load_config([f"scenario={name}"]).scenario
    assert isinstance(sc, CommunityScenario)
    return sc


def test_xicheng_matches_its_source() -> None:
    sc = scenario("xicheng")
    coms = sc.communities.values()
    assert len(sc.communities) == 17                        # residential quarters
    assert sum(c.households for c in coms) == 19_000
    people = sum(c.households * c.mean_household_size for c in coms)
    assert people == pytest.approx(58_000, rel=0.01)
    assert sum(s.workers for s in sc.stations.values()) == 4   # 19,000 / 5,000 rounded up
    for station in sc.stations:     # one worker per 5,000 families, rounded, at least one
        households = sum(c.households for c in coms if c.station == station)
        assert sc.stations[station].workers == max(1, round(households / 5_000))


def test_border_county_matches_its_sources() -> None:
    cfg = load_config(["scenario=border_county"])
    sc = cfg.scenario
    assert isinstance(sc, CommunityScenario)
    coms = list(sc.communities.values())
    workers = [s.workers for s in sc.stations.values()]
    assert sum(workers) / len(workers) == pytest.approx(2.5)
    weighted = sum(c.households * c.minority_language_share for c in coms) / sum(
        c.households for c in coms)
    assert weighted == pytest.approx(0.5776, abs=0.01)      # Xinjiang 2020 census share
    assert 0.0 < sc.workforce.bilingual_share <= 0.1        # few bilingual workers
    assert sc.workforce.bilingual_success == pytest.approx(0.914)
    assert cfg.policy.assessment.name == "one_size_fits_all"
    assert cfg.policy.funding.name == "single_government"
    assert cfg.policy.dispatch.name == "skill_match"
    remote = [c for c in coms
              if c.distance_km / sc.travel_speed_kmh * 60 > sc.access_threshold_minutes]
    assert len(remote) >= len(coms) / 2                     # dispersed villages
