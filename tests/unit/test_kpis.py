"""KPIs of a hand-made run, against values computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sim.analysis.kpis import KPI_DICTIONARY, compute_kpis

NAN = math.nan


@pytest.fixture
def cases() -> pd.DataFrame:
    """Five counted cases and one referred before the window."""
    rows = [
        # id, priority, minority, referred, allocated, first, abandoned, closed, status, ok, tgt,
        # generation (re-referrals of a failed case have generation > 0), community (0 is
        # within the access threshold of its station, 1 is not)
        (1, "urgent", False, 10.0, 10.0, 11.0, NAN, 20.0, "closed", True, 2.0, 0, 0),
        (2, "standard", True, 12.0, 15.0, 16.0, NAN, 30.0, "closed", False, 14.0, 0, 1),
        (3, "standard", False, 14.0, 14.0, 34.0, NAN, NAN, "open", True, 14.0, 1, 1),
        (4, "urgent", True, 16.0, NAN, NAN, 18.0, NAN, "abandoned", True, 2.0, 0, 0),
        (5, "standard", False, 18.0, NAN, NAN, NAN, NAN, "waiting", True, 14.0, 0, 1),
        (6, "standard", False, 2.0, 2.0, 2.5, NAN, 12.0, "closed", True, 14.0, 2, 0),
    ]
    df = pd.DataFrame(rows, columns=["case_id", "priority", "minority", "referred_at",
                                     "allocated_at", "first_contact_at", "abandoned_at",
                                     "closed_at", "status", "success", "target_days",
                                     "generation", "community"])
    df["wait_days"] = df["first_contact_at"] - df["referred_at"]
    df["timely"] = (df["wait_days"] <= df["target_days"]).fillna(False)
    df["in_window"] = df["case_id"] != 6
    df["agency"] = [0, 0, 0, 0, -1, 0]  # case 5 waits: no agency holds its need and area
    return df


@pytest.fixture
def workers() -> pd.DataFrame:
    """Two workers' hours (the categories add up to duty + overtime = 220 hours)."""
    return pd.DataFrame({
        "duty_hours": [100.0, 100.0], "overtime_hours": [5.0, 15.0],
        "intake_hours": [10.0, 20.0], "direct_hours": [20.0, 10.0],
        "travel_hours": [5.0, 5.0], "admin_hours": [40.0, 40.0],
        "coordination_hours": [2.0, 4.0], "group_hours": [3.0, 3.0],
        "idle_hours": [20.0, 30.0], "absence_hours": [8.0, 0.0],
        "leave_hours": [0.0, 0.0], "training_hours": [0.0, 0.0], "supervision_hours": [0.0, 0.0],
        "referral_hours": [0.0, 0.0],
        "caseload_max": [4.0, 6.0],
    })


SCALARS = {"measure_from": 5.0, "needs_arisen": 20, "needs_referred": 5, "workers": 2,
           "cost_total": 1000.0, "backlog_mean": 0.7, "backlog_max": 3,
           "open_cases_mean": 3.0, "exits": 2, "vacancy_days": 45.5, "layoffs": 1,
           "budget_shortfall_days": 30.0, "funding_gap_days": 91.25, "trained": 1,
           "volunteer_hours": 12.5,
           "group_activities": 4, "cases_handed_over": 3, "burnout_mean": 0.25,
           "share_over_cap": 0.1, "households_within_threshold": 300,
           "households_total": 1000, "community_central": (True, False),
           "horizon": 40.0, "measured_years": 0.5, "home_visits": 3,
           "activity_participants": 50, "people_served_per_year": 120.0,
           "volunteers_active": 7, "trust_mean_end": 0.4,
           "referrals_out": 4, "partner_successes": 2, "partner_failures": 1,
           "partner_outcomes": 4, "partner_wait_mean_days": 3.5}

EXPECTED = {
    "referrals": 5.0,
    "timely_coverage": 2 / 5,
    "timely_coverage_urgent": 1 / 2,
    "timely_coverage_standard": 1 / 3,
    "timely_coverage_minority": 1 / 2,
    "timely_coverage_majority": 1 / 3,
    "equity_gap_language": 1 / 3 - 1 / 2,
    "spatial_access": 300 / 1000,
    "coverage_gap_remote": 1 / 2 - 1 / 3,  # central: 1 (timely), 4; remote: 2 (timely), 3, 5
    "served_share": 3 / 5,
    "abandonment_rate": 1 / 5,
    "success_rate": 1 / 2,
    "success_rate_minority": 0.0,  # the one closed minority case (2) failed
    "rereferral_rate": 1 / 5,  # case 3; case 6 (generation 2) is not counted
    "hidden_unmet_need": 1 - 5 / 20,
    "wait_mean_days": (1 + 4 + 20) / 3,
    "wait_mean_days_urgent": 1.0,
    "wait_mean_days_standard": 12.0,
    "wait_median_days": 4.0,
    "wait_p90_days": 4.0 + 0.8 * 16.0,  # linear interpolation in [1, 4, 20]
    "p_wait": 1.0,
    "queue_wait_mean_days": (0 + 3 + 0 + 2) / 4,  # allocated or abandoned cases
    "backlog_mean": 0.7,
    "backlog_max": 3.0,
    "caseload_mean": 1.5,
    "caseload_max": 6.0,
    "share_intake": 30 / 220,
    "share_direct": 30 / 220,
    "share_travel": 10 / 220,
    "share_admin": 80 / 220,
    "share_coordination": 6 / 220,
    "share_group": 6 / 220,
    "share_idle": 50 / 220,
    "share_absent": 8 / 220,
    "share_leave": 0.0, "share_training": 0.0, "share_supervision": 0.0,
    "share_referral": 0.0,
    "uncontracted_share": 1 / 5,
    "referrals_out": 4.0,
    "referral_out_success_rate": 2 / 4,
    "referral_out_failed_share": 1 / 4,
    "referral_out_wait_mean_days": 3.5,
    "abandonment_after_allocation_rate": 0.0,
    "overtime_share": 20 / 200,
    "workers": 2.0,
    "exits": 2.0,
    "vacancy_days": 45.5,
    "layoffs": 1.0,
    "budget_shortfall_days": 30.0,
    "funding_gap_days": 91.25,
    "trained": 1.0,
    "volunteer_hours": 12.5,
    "group_activities": 4.0,
    "cases_handed_over": 3.0,
    "burnout_mean": 0.25,
    "share_over_cap": 0.1,
    "closed_cases": 3.0,  # closed after warm-up, whenever referred (ids 1, 2, 6)
    "cost_total": 1000.0,
    "cost_per_closed_case": 1000.0 / 3,
    "cases_opened_per_year": 5 / 0.5,  # ids 1-5 referred in [5, 40]; id 6 before warm-up
    "home_visits_per_year": 3 / 0.5,
    "group_activities_per_year": 4 / 0.5,
    "activity_participants_per_year": 50 / 0.5,
    "people_served_per_year": 120.0,
    "volunteers_active": 7.0,
    "trust_mean_end": 0.4,
}


def test_every_kpi_in_dictionary_order(cases: pd.DataFrame, workers: pd.DataFrame) -> None:
    assert list(compute_kpis(cases, workers, SCALARS)) == list(KPI_DICTIONARY)
    assert set(EXPECTED) == set(KPI_DICTIONARY)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_hand_computed_value(cases: pd.DataFrame, workers: pd.DataFrame, name: str) -> None:
    assert compute_kpis(cases, workers, SCALARS)[name] == pytest.approx(EXPECTED[name])


def test_no_cases_and_no_workers_give_nan_not_errors(cases: pd.DataFrame,
                                                     workers: pd.DataFrame) -> None:
    scalars = {**SCALARS, "workers": 0, "needs_arisen": 0, "needs_referred": 0}
    kpis = compute_kpis(cases.iloc[0:0], workers.iloc[0:0], scalars)
    for name in ("timely_coverage", "wait_mean_days", "hidden_unmet_need", "share_idle",
                 "caseload_mean", "caseload_max", "cost_per_closed_case", "success_rate",
                 "success_rate_minority", "rereferral_rate", "share_absent",
                 "coverage_gap_remote"):
        assert math.isnan(kpis[name]), name
    assert kpis["referrals"] == 0.0


def test_zero_wait_is_not_a_wait(cases: pd.DataFrame, workers: pd.DataFrame) -> None:
    cases.loc[cases["case_id"] == 1, "first_contact_at"] = 10.0
    cases["wait_days"] = cases["first_contact_at"] - cases["referred_at"]
    assert compute_kpis(cases, workers, SCALARS)["p_wait"] == pytest.approx(2 / 3)
