"""Partner units on the whole model (issue 12): referrals out wait or fail at a partner of
zero capacity as documented in sim/partners.py, and close at the partner's success rate when
its capacity is ample; worker time making them is its own time category."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from sim import load_config
from sim.runner import run

H = "scenario.partners.hospital"
BUSY = ["scenario=j_partners", "scenario.horizon_days=730", "scenario.warmup_days=120",
        f"{H}.needs=[psychological_counselling,social_assistance]", f"{H}.refer_share=1.0"]


def _partner(scalars: dict[str, object], name: str = "hospital") -> dict[str, int]:
    prefix = f"partner:{name}:"
    return {k[len(prefix):]: int(v) for k, v in scalars.items()  # type: ignore[call-overload]
            if k.startswith(prefix)}


def _conserved(p: dict[str, int]) -> None:
    assert p["referred"] == p["delayed"] + p["waiting"] + p["started"] + p["failed"]


def test_zero_capacity_referrals_wait_when_they_may_wait_on() -> None:
    result = run(load_config([*BUSY, f"{H}.capacity=0", f"{H}.max_wait_days=null"]), 1, 0)
    p = _partner(result.scalars)
    _conserved(p)
    assert p["referred"] > 50
    assert p["started"] == p["succeeded"] == p["failed"] == 0
    assert p["waiting"] + p["delayed"] == p["referred"]


def test_zero_capacity_referrals_fail_after_the_maximum_wait() -> None:
    cfg = load_config([*BUSY, f"{H}.capacity=0", f"{H}.max_wait_days=30"])
    result = run(cfg, 1, 0)
    p = _partner(result.scalars)
    _conserved(p)
    assert p["started"] == p["succeeded"] == 0
    assert p["failed"] > 0
    # only the referrals made in the last 30 days can still be unresolved
    assert p["waiting"] + p["delayed"] < p["referred"] * 60 / 610
    ts = result.timeseries
    assert (ts["referred"] == ts["waiting"] + ts["open"] + ts["closed"] + ts["abandoned"]
            + ts["referred_out"]).all()


def test_ample_capacity_referrals_close_at_the_success_rate() -> None:
    cfg = load_config([*BUSY, f"{H}.capacity=1000", f"{H}.max_wait_days=null",
                       f"{H}.success_prob=0.7", f"{H}.service_days=10"])
    result = run(cfg, 2, 0)
    p = _partner(result.scalars)
    _conserved(p)
    assert p["failed"] == 0 and p["waiting"] == 0  # a place for every referral at once
    served = p["started"] - p["in_service"]
    assert served > 100
    test = stats.binomtest(p["succeeded"], served, 0.7)
    assert test.pvalue > 0.001, (p["succeeded"], served)
    assert result.kpis["share_referral"] > 0
    assert result.kpis["referrals_out"] > 0
    assert not math.isnan(result.kpis["referral_out_wait_mean_days"])


@pytest.mark.parametrize("seed", [3])
def test_without_partners_nothing_is_referred_out(seed: int) -> None:
    result = run(load_config(["scenario.horizon_days=400", "scenario.warmup_days=60"]), seed, 0)
    assert result.kpis["referrals_out"] == 0 and result.kpis["share_referral"] == 0
    assert (result.timeseries["referred_out"] == 0).all()
