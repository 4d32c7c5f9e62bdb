"""Size estimates bound what a run really does; the budget refuses what is above it."""

from __future__ import annotations

import pytest

from sim.checks import ConfigError
from sim.loading import load_config
from sim.runner import run
from sim.sizing import cap_n_jobs, check_size, estimate_size

SHORT = ["scenario.horizon_days=400", "scenario.warmup_days=60"]


@pytest.mark.parametrize("overrides", [
    SHORT,
    [*SHORT, "scenario.needs.elderly_care.incidence_per_year=1.0"],
    [*SHORT, "policy/staffing=needs_based"],
], ids=["default", "more_demand", "needs_based"])
def test_community_estimate_bounds_the_run(overrides: list[str]) -> None:
    """The estimate never falls below what the run does (it counts every eligible household
    at full trust, so with main's trust-driven referral it can be far above)."""
    cfg = load_config(overrides)
    size = estimate_size(cfg)
    result = run(cfg)
    referred = result.scalars["needs_referred"]
    assert 0 < referred <= size.referrals
    assert len(result.workers) <= 2 * size.workers


def test_mmc_estimate_is_the_arrival_rate_times_the_horizon() -> None:
    cfg = load_config(["scenario=mmc", "scenario.horizon_days=300", "scenario.warmup_days=30"])
    size = estimate_size(cfg)
    assert size.referrals == pytest.approx(4.5 * 300)
    assert size.workers == 5 and size.worker_days == 5 * 300
    assert size.audit_rows == pytest.approx(300 / 7)
    assert abs(len(run(cfg).cases) - size.referrals) < 5 * size.referrals ** 0.5


@pytest.mark.parametrize(("overrides", "key"), [
    (["scenario=mmc", "scenario.horizon_days=1e7"], "run.max_referrals"),
    (["scenario.needs.elderly_care.incidence_per_year=1e6"], "run.max_referrals"),
    (["scenario.audit_interval_days=1e-9"], "run.max_memory_mb"),
    (["scenario.stations.service_centre.workers=10000000"], "run.max_worker_days"),
    (["policy/staffing=needs_based", "policy.staffing.case_hours_per_worker_year=1e-6"],
     "run.max_worker_days"),
    (["policy/staffing=ratio", "policy.staffing.per=1e-6"], "run.max_worker_days"),
])
def test_oversized_runs_are_refused_naming_the_key(overrides: list[str], key: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(overrides)
    message = str(info.value)
    assert key in message and "would need about" in message and "raise" in message


def test_a_raised_budget_lets_the_run_through() -> None:
    big = ["scenario=mmc", "scenario.horizon_days=2e6"]
    with pytest.raises(ConfigError):
        load_config(big)
    cfg = load_config([*big, "run.max_referrals=1e8", "run.max_worker_days=1e8",
                       "run.max_memory_mb=1e6"])
    assert check_size(cfg).referrals == pytest.approx(9e6)


def test_memory_budget_counts_every_process() -> None:
    one = load_config(["run.n_jobs=1", "run.max_memory_mb=200"])
    assert estimate_size(one).memory_mb < 200
    with pytest.raises(ConfigError, match=r"run.max_memory_mb .*2 processes"):
        load_config(["run.n_jobs=2", "run.replications=2", "run.max_memory_mb=200"])


def test_cap_n_jobs() -> None:
    assert cap_n_jobs(1, cores=2) == (1, None)
    assert cap_n_jobs(-1, cores=2) == (2, None)
    capped, note = cap_n_jobs(1000, cores=2)
    assert capped == 2 and note is not None and "run.n_jobs = 1000" in note
