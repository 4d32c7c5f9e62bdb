"""Results by place: the station and community tables, by hand and on a real run."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sim import load_config, run
from sim.analysis.context import KPIContext
from sim.analysis.kpis import KPI_BY_NAME
from sim.analysis.stations import (
    COMMUNITY_COLUMNS,
    STATION_COLUMNS,
    community_table,
    place_tables,
    station_summary,
    station_table,
    utilisation,
)
from sim.runner import RunResult

NAN = math.nan
STATIONS = ("a", "b", "c")
FULL_TIME = 100.0
PLACES = {
    "station_names": STATIONS,
    "community_names": ("north", "south", "east", "far"),
    "community_station": (0, 0, 1, 2),
    "community_households": (100, 200, 300, 400),
    "community_travel_minutes": (4.0, 8.0, 12.0, 24.0),
    "community_central": (True, True, True, False),
}


@pytest.fixture
def cases() -> pd.DataFrame:
    """Six counted cases over three stations and one referred before the window."""
    rows = [
        # id, station, community, priority, referred, first contact, target, status, counted
        (1, 0, 0, "urgent", 10.0, 11.0, 2.0, "closed", True),       # wait 1: timely
        (2, 0, 0, "standard", 10.0, 30.0, 14.0, "open", True),      # wait 20: late
        (3, 0, 1, "urgent", 12.0, NAN, 2.0, "abandoned", True),
        (4, 0, 1, "standard", 1.0, 2.0, 14.0, "closed", False),     # before the window
        (5, 1, 2, "standard", 20.0, 23.0, 14.0, "closed", True),    # wait 3: timely
        (6, 1, 2, "standard", 21.0, NAN, 14.0, "waiting", True),
        (7, 2, 3, "urgent", 30.0, 30.5, 2.0, "open", True),         # wait 0.5: timely
    ]
    df = pd.DataFrame(rows, columns=["case_id", "station", "community", "priority",
                                     "referred_at", "first_contact_at", "target_days",
                                     "status", "in_window"])
    df["wait_days"] = df["first_contact_at"] - df["referred_at"]
    df["timely"] = (df["wait_days"] <= df["target_days"]).fillna(False)
    return df


@pytest.fixture
def workers() -> pd.DataFrame:
    """Three workers; the categories but recording add up to duty + overtime, and
    admin_hours holds fixed administration plus recording (as the real table does)."""
    columns = ["station", "duty_hours", "overtime_hours", "intake_hours", "direct_hours",
               "travel_hours", "recording_hours", "coordination_hours", "group_hours",
               "admin_hours", "idle_hours", "absence_hours", "caseload_max"]
    # no leave, training, supervision or referrals out in these hand-made rows
    rows = [
        (0, 100.0, 10.0, 10.0, 20.0, 5.0, 5.0, 0.0, 0.0, 35.0, 25.0, 15.0, 8.0),  # task 40
        (0, 50.0, 0.0, 5.0, 10.0, 0.0, 5.0, 0.0, 5.0, 20.0, 10.0, 0.0, 12.0),     # task 25
        (1, 80.0, 0.0, 4.0, 6.0, 2.0, 2.0, 2.0, 0.0, 26.0, 38.0, 2.0, 5.0),       # task 16
    ]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("leave_hours", "training_hours", "supervision_hours", "referral_hours"):
        frame[column] = 0.0
    return frame


def kpi(name: str, cases: pd.DataFrame, workers: pd.DataFrame, **scalars: object) -> float:
    """One registry KPI of hand-made tables."""
    return KPIContext(cases, workers, {"workers": 2.3, **scalars}, KPI_BY_NAME).value(name)


EXPECTED_STATIONS = {
    # station: workers (FTE), referrals, timely, urgent, wait mean, wait p90, caseload max,
    # utilisation, abandonment
    "a": (1.5, 3, 1 / 3, 1 / 2, 10.5, 1 + 0.9 * 19, 12.0, 65 / 160, 1 / 3),
    "b": (0.8, 2, 1 / 2, NAN, 3.0, 3.0, 5.0, 16 / 80, 0.0),
    "c": (0.0, 1, 1.0, 1.0, 0.5, 0.5, NAN, NAN, 0.0),
}


def test_station_table_by_hand(cases: pd.DataFrame, workers: pd.DataFrame) -> None:
    table = station_table(cases, workers, STATIONS, FULL_TIME)
    assert list(table.columns) == list(STATION_COLUMNS)
    assert table["station"].tolist() == list(STATIONS)
    for _, row in table.iterrows():
        expected = EXPECTED_STATIONS[row["station"]]
        assert row.iloc[1:].tolist() == pytest.approx(list(expected), nan_ok=True), row["station"]


def test_utilisation_leaves_out_idle_absence_and_fixed_admin(workers: pd.DataFrame) -> None:
    assert utilisation(workers.iloc[:1]) == pytest.approx(40 / 110)
    task = workers[["intake_hours", "direct_hours", "travel_hours", "recording_hours",
                    "coordination_hours", "group_hours"]].to_numpy().sum()
    worked = (workers["duty_hours"] + workers["overtime_hours"]).sum()
    assert utilisation(workers) == pytest.approx(task / worked)
    assert math.isnan(utilisation(workers.iloc[0:0]))


def test_station_rows_add_up_to_the_run(cases: pd.DataFrame, workers: pd.DataFrame) -> None:
    table = station_table(cases, workers, STATIONS, FULL_TIME)
    assert table["referrals"].sum() == kpi("referrals", cases, workers) == 6
    assert table["workers"].sum() == pytest.approx(workers["duty_hours"].sum() / FULL_TIME)
    covered = (table["timely_coverage"] * table["referrals"]).sum()
    assert covered / table["referrals"].sum() == pytest.approx(
        kpi("timely_coverage", cases, workers))


def test_community_table_by_hand(cases: pd.DataFrame) -> None:
    table = community_table(cases, PLACES)
    assert list(table.columns) == list(COMMUNITY_COLUMNS)
    assert table["station"].tolist() == ["a", "a", "b", "c"]
    assert table["central"].tolist() == [True, True, True, False]
    assert table["households"].tolist() == [100, 200, 300, 400]
    assert table["referrals"].tolist() == [2, 1, 2, 1]  # case 4 is not counted
    assert table["timely_coverage"].tolist() == pytest.approx([0.5, 0.0, 0.5, 1.0])
    assert table["timely_coverage_urgent"].tolist() == pytest.approx([1.0, 0.0, NAN, 1.0],
                                                                     nan_ok=True)
    assert table["wait_mean_days"].tolist() == pytest.approx([10.5, NAN, 3.0, 0.5], nan_ok=True)


def test_spatial_kpis_by_hand(cases: pd.DataFrame, workers: pd.DataFrame) -> None:
    assert kpi("spatial_access", cases, workers, households_within_threshold=600,
               households_total=1000) == pytest.approx(0.6)
    # central: cases 1, 2, 3, 5, 6 (2 of 5 timely); remote: case 7 (timely)
    gap = kpi("coverage_gap_remote", cases, workers, **PLACES)
    assert gap == pytest.approx(2 / 5 - 1.0)
    nobody_remote = {**PLACES, "community_central": (True,) * 4}
    assert math.isnan(kpi("coverage_gap_remote", cases, workers, **nobody_remote))


def test_station_summary_is_the_mean_over_replications(cases: pd.DataFrame,
                                                       workers: pd.DataFrame) -> None:
    one = station_table(cases, workers, STATIONS, FULL_TIME)
    two = station_table(cases, workers, STATIONS, 2 * FULL_TIME)
    summary = station_summary(pd.concat([one, two]))
    assert summary.index.tolist() == list(STATIONS)
    assert summary.loc["a", "workers"] == pytest.approx((1.5 + 0.75) / 2)
    assert summary.loc["b", "timely_coverage"] == pytest.approx(0.5)


# --------------------------------------------------------------------------- a real run


@pytest.fixture(scope="module")
def result() -> RunResult:
    return run(load_config(["scenario.horizon_days=500", "scenario.warmup_days=60",
                            "scenario.access_threshold_minutes=5"]), seed=1)


def test_real_run_station_rows_conserve_the_run(result: RunResult) -> None:
    stations, communities = place_tables(result.cases, result.workers, result.scalars)
    assert stations["station"].tolist() == list(result.scalars["station_names"])
    assert stations["referrals"].sum() == result.kpis["referrals"]
    assert communities["referrals"].sum() == result.kpis["referrals"]
    # full-time equivalents over duty time against the time-average headcount
    assert stations["workers"].sum() == pytest.approx(result.kpis["workers"], rel=0.02)
    assert stations["utilisation"].dropna().between(0, 1).all()
    for column in ("timely_coverage", "timely_coverage_urgent", "abandonment_rate"):
        assert stations[column].dropna().between(0, 1).all(), column


def test_real_run_spatial_access(result: RunResult) -> None:
    # j_community at 12 km/h: 0.6, 1.2, 1.8 km are 3, 6, 9 minutes; only centre_grid is
    # within 5 minutes
    s = result.scalars
    assert s["community_central"] == (True, False, False)
    assert result.kpis["spatial_access"] == pytest.approx(3054 / 7634)
    assert -1.0 <= result.kpis["coverage_gap_remote"] <= 1.0
