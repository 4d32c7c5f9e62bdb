"""Paired (common-random-number) directions of effect of the policy families.

Each test runs the same replications (same seed, same replication numbers, hence the same
households and needs) under two options of one policy family on a small, stretched version
of the default scenario, and asserts the expected direction with a paired 95% t interval of
the difference that excludes zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scenario_overrides import UNCALIBRATED
from scipy import stats

from sim import load_config, run

PAIRS = 10
# The default scenario at its uncalibrated incidences with one worker less, twice the
# elderly-care demand and a shorter horizon: loaded enough that policies move coverage, small
# enough to run 2 x 10 replications in seconds.
STRETCHED = [
    *UNCALIBRATED,
    "scenario.stations.service_centre.workers=1",
    "scenario.needs.elderly_care.incidence_per_year=0.1",
    "scenario.horizon_days=900",
    "scenario.warmup_days=120",
]
# STRETCHED with capacity by booked hours: time, not a count of cases, limits who takes more
TIME_BOUND = [*STRETCHED, "policy/caseload=workload"]
MINORITY = [
    "scenario.communities.centre_grid.minority_language_share=0.3",
    "scenario.communities.east_grid.minority_language_share=0.3",
    "scenario.communities.west_grid.minority_language_share=0.3",
    "scenario.workforce.bilingual_share=0.5",
]


def paired(base: list[str], a: list[str], b: list[str], kpi: str) -> np.ndarray:
    """KPI(b) - KPI(a) over PAIRS replications with common random numbers."""
    cfg_a, cfg_b = load_config(base + a), load_config(base + b)
    return np.array([run(cfg_b, seed=7, replication=i).kpis[kpi]
                     - run(cfg_a, seed=7, replication=i).kpis[kpi] for i in range(PAIRS)])


def ci(diff: np.ndarray) -> tuple[float, float]:
    """Paired 95% t interval of the mean difference."""
    half = stats.t.ppf(0.975, len(diff) - 1) * diff.std(ddof=1) / np.sqrt(len(diff))
    return float(diff.mean() - half), float(diff.mean() + half)


@pytest.mark.slow
def test_burden_reduction_raises_timely_coverage() -> None:
    """In a time-bound configuration (capacity by booked hours), a lighter admin burden
    leaves more time for cases (administration is interleaved with casework)."""
    diff = paired(TIME_BOUND + ["scenario.needs.elderly_care.incidence_per_year=0.2"],
                  ["policy/admin=baseline"], ["policy/admin=burden_reduction"],
                  "timely_coverage")
    assert ci(diff)[0] > 0, diff


@pytest.mark.slow
def test_more_admin_lowers_timely_coverage_and_raises_overtime() -> None:
    """Admin 25% vs 55% of duty in a time-bound configuration: administration competes with
    casework ("small horses pulling big carts"), so coverage falls and overtime rises."""
    low, high = ["scenario.workforce.admin_share=0.25"], ["scenario.workforce.admin_share=0.55"]
    assert ci(paired(TIME_BOUND, low, high, "timely_coverage"))[1] < 0
    assert ci(paired(TIME_BOUND, low, high, "overtime_share"))[0] > 0


@pytest.mark.slow
def test_burden_reduction_lowers_admin_share() -> None:
    diff = paired(STRETCHED, [], ["policy/admin=burden_reduction"], "share_admin")
    assert ci(diff)[1] < 0, diff


@pytest.mark.slow
def test_skill_match_raises_minority_success() -> None:
    diff = paired(STRETCHED + MINORITY, ["policy/dispatch=priority"],
                  ["policy/dispatch=skill_match"], "success_rate_minority")
    assert ci(diff)[0] > 0, diff


@pytest.mark.slow
def test_one_size_fits_all_raises_rereferrals() -> None:
    diff = paired(STRETCHED, [], ["policy/assessment=one_size_fits_all"], "rereferral_rate")
    assert ci(diff)[0] > 0, diff


@pytest.mark.slow
def test_higher_exit_hazard_raises_vacancy_days_and_lowers_coverage() -> None:
    high = ["scenario.workforce.exit_rate_per_year=0.8",
            "scenario.workforce.first_year_exit_rate_per_year=1.0"]
    vacancy = paired(STRETCHED, [], high, "vacancy_days")
    coverage = paired(STRETCHED, [], high, "timely_coverage")
    assert ci(vacancy)[0] > 0, vacancy
    assert ci(coverage)[1] < 0, coverage


def test_every_feature_off_leaves_the_mmc_reduction_unchanged() -> None:
    """In mmc the workforce processes are off: no exits, absences or re-referrals."""
    kpis = run(load_config(["scenario=mmc", "scenario.horizon_days=400",
                            "scenario.warmup_days=40"]), seed=1).kpis
    assert kpis["exits"] == 0 and kpis["share_absent"] == 0 and kpis["rereferral_rate"] == 0


@pytest.mark.slow
def test_bilingual_training_raises_minority_coverage_and_narrows_gap() -> None:
    base = STRETCHED + MINORITY[:3] + ["scenario.workforce.bilingual_share=0.0",
                                       "policy/dispatch=skill_match",
                                       "policy.dispatch.fallback_wait_days=20"]
    train = ["policy/training=bilingual", "policy.training.per_year=2"]
    coverage = paired(base, [], train, "timely_coverage_minority")
    gap = paired(base, [], train, "equity_gap_language")
    assert ci(coverage)[0] > 0, coverage
    assert ci(gap)[1] < 0, gap


@pytest.mark.slow
def test_group_work_raises_referrals() -> None:
    diff = paired(STRETCHED, ["scenario.group_work.activities_per_year=0"],
                  ["scenario.group_work.activities_per_year=12"], "referrals")
    assert ci(diff)[0] > 0, diff


@pytest.mark.slow
def test_volunteers_take_direct_work_off_workers() -> None:
    eligible = ["scenario.needs.elderly_care.volunteer_eligible=true",
                "scenario.needs.disability_support.volunteer_eligible=true"]
    diff = paired(STRETCHED + eligible, ["scenario.volunteers.hours_per_week=0"],
                  ["scenario.volunteers.hours_per_week=15"], "share_direct")
    assert ci(diff)[1] < 0, diff


@pytest.mark.slow
def test_staffing_to_a_ratio_norm_raises_coverage() -> None:
    """The stretched scenario's fixed 2 workers against one per 1,500 households (7)."""
    diff = paired(STRETCHED, ["policy/staffing=fixed"],
                  ["policy/staffing=ratio", "policy.staffing.per=1500"], "timely_coverage")
    assert ci(diff)[0] > 0, diff


@pytest.mark.slow
def test_needs_based_staffing_lowers_waits() -> None:
    """The stretched scenario's fixed 2 workers against the needs-based headcount (3)."""
    diff = paired(STRETCHED, ["policy/staffing=fixed"], ["policy/staffing=needs_based"],
                  "wait_mean_days")
    assert ci(diff)[1] < 0, diff


@pytest.mark.slow
def test_diversified_funding_lowers_variance_of_staffing() -> None:
    """Same mean budget; the F interval of the variance ratio of staffed workers excludes 1."""
    n = 20
    shared = ["scenario.horizon_days=1275", "policy.funding.budget_margin=0.1"]
    single = load_config(shared + ["policy/funding=single_government"])
    diverse = load_config(shared + ["policy/funding=diversified"])
    a = np.array([run(single, seed=11, replication=i).kpis["workers"] for i in range(n)])
    b = np.array([run(diverse, seed=11, replication=i).kpis["workers"] for i in range(n)])
    ratio = a.var(ddof=1) / b.var(ddof=1)
    lower = ratio / stats.f.ppf(0.975, n - 1, n - 1)
    assert lower > 1.0, (a, b)


@pytest.mark.slow
def test_a_longer_funding_gap_raises_layoffs() -> None:
    """Renewals fail often (renewal_prob 0.3); the budget's 10% margin leaves about a month
    of payroll in reserve at a contract year's end, which carries the payroll through a
    one-month re-tender gap but not through a six-month one."""
    base = STRETCHED + ["policy/funding=single_government", "policy.funding.budget_margin=0.1",
                        "policy.funding.reserve_months=1",
                        "policy.funding.streams.government.renewal_prob=0.3"]
    gap = "policy.funding.streams.government.gap_months="
    diff = paired(base, [gap + "1"], [gap + "6"], "layoffs")
    assert ci(diff)[0] > 0, diff


@pytest.mark.slow
def test_nearest_lowers_travel_against_fifo() -> None:
    """fifo gives a case to the longest-waiting worker with room wherever they are based;
    nearest keeps it at its own station, saving the trip between stations."""
    base = [*STRETCHED, "scenario.stations.west_station.workers=1",
            "scenario.inter_station_km=4"]
    diff = paired(base, ["policy/dispatch=fifo"], ["policy/dispatch=nearest"], "share_travel")
    assert ci(diff)[1] < 0, diff


def test_needs_based_review_follows_rising_participation() -> None:
    """Group work raises trust, hence expected referrals; the yearly needs-based review
    raises the target headcount, which the fixed rule never does."""
    from sim.build import build  # noqa: PLC0415 - only this test looks inside the model

    strong = [*UNCALIBRATED, "scenario.group_work.activities_per_year=24",
              "scenario.group_work.trust_boost=0.05", "policy/funding=unlimited"]
    for rule, grows in (("needs_based", True), ("fixed", False)):
        built = build(load_config([*strong, f"policy/staffing={rule}"]), seed=3)
        before = list(built.model.workforce.targets)
        built.model.run()
        after = built.model.workforce.targets
        assert (sum(after) > sum(before)) == grows, (rule, before, after)


def same_worker_share(cases: pd.DataFrame) -> float:
    """Share of a household's allocated cases (after its first) that went to the worker who
    had its previous allocated case: continuity of care."""
    allocated = cases[cases["worker"] >= 0].sort_values("case_id")
    previous = allocated.groupby("household")["worker"].shift()
    repeat = previous.notna()
    return float((allocated.loc[repeat, "worker"] == previous[repeat]).mean())


@pytest.mark.slow
def test_continuity_sends_households_back_to_their_worker() -> None:
    cfg_a = load_config([*STRETCHED, "policy/dispatch=priority"])
    cfg_b = load_config([*STRETCHED, "policy/dispatch=continuity"])
    diff = np.array([same_worker_share(run(cfg_b, seed=7, replication=i).cases)
                     - same_worker_share(run(cfg_a, seed=7, replication=i).cases)
                     for i in range(PAIRS)])
    assert ci(diff)[0] > 0, diff


# a rural variant: villages 8-15 km from their stations
RURAL = ["scenario.communities.centre_grid.distance_km=8",
         "scenario.communities.east_grid.distance_km=12",
         "scenario.communities.west_grid.distance_km=15"]


@pytest.mark.slow
def test_longer_travel_lowers_timely_coverage_in_a_rural_configuration() -> None:
    """Roads at half the speed (10 vs 20 km/h) double every home visit's travel: in a
    time-bound rural configuration fewer cases are contacted in time."""
    diff = paired(TIME_BOUND + RURAL, ["scenario.travel_speed_kmh=20"],
                  ["scenario.travel_speed_kmh=10"], "timely_coverage")
    assert ci(diff)[1] < 0, diff


@pytest.mark.slow
def test_more_annual_leave_lowers_timely_coverage() -> None:
    """20 vs 5 days of annual leave a year take time from casework (time-bound)."""
    diff = paired(TIME_BOUND, ["scenario.workforce.annual_leave_days=5"],
                  ["scenario.workforce.annual_leave_days=20"], "timely_coverage")
    assert ci(diff)[1] < 0, diff
