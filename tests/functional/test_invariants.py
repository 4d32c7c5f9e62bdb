"""Invariants that hold on every sample path (DESIGN section 7).

Each holds exactly (up to floating point) in every run, whatever the seed, so one or two
runs per scenario are enough; the runs are shared by module-scoped fixtures:

* Little's law on the allocation queue, twice: exactly on the sample path (the time-average
  backlog is the area of the cases' waiting intervals, reconstructed from the case table),
  and as ``L = lambda W`` with lambda the referral rate and W the mean time in the queue of
  allocated *and* abandoned cases (equal up to edge effects of order ``L W / T``).
* Conservation at every audit: ``referred = waiting + open + closed + abandoned``, and the
  audit table agrees with the case table at every audit instant.
* Worker time: ``intake + direct + travel + admin + idle = duty + overtime`` per worker, with
  idle measured from gaps between tasks (not derived); duty hours from an independent count
  of workdays (China's official calendar, asked date by date); fixed admin = ``admin_share``
  x duty.
* Caseload never above the hard cap; per-case timestamps ordered; status consistent with
  timestamps; first contacts only inside the productive window of the calendar.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from datetime import date, timedelta

import chinese_calendar
import numpy as np
import pandas as pd
import pytest
from scenario_overrides import STATIC_WORKFORCE, UNCALIBRATED

from sim import RunResult, load_config, run
from sim.timecategory import TimeCategory

SCENARIOS: dict[str, list[str]] = {
    "mmc_patience": ["scenario=mmc", "scenario.servers=5", "scenario.arrival_rate=4.5",
                     "scenario.service_rate=1.0", "scenario.patience_mean=2.0"],
    "mmc_priority": ["scenario=mmc", "scenario.patience_mean=2.0",
                     "policy/dispatch=priority", "scenario.urgent_share=0.3"],
    "j_community": [*STATIC_WORKFORCE, *UNCALIBRATED],
    # caseload cap 10: capacity binds, so the allocation queue, abandonment and Little's
    # law are exercised in the general model (the default j_community has no backlog).
    "j_community_cap10": [*STATIC_WORKFORCE, *UNCALIBRATED, "scenario.workforce.caseload_cap=10"],
    "j_community_priority": [*STATIC_WORKFORCE, *UNCALIBRATED,
                             "scenario.workforce.caseload_cap=10",
                             "policy/dispatch=priority"],
}
SEEDS = ((5, 0), (5, 1))
J_SCENARIOS = ("j_community", "j_community_cap10", "j_community_priority")
Runs = dict[str, list[RunResult]]


@pytest.fixture(scope="module")
def runs() -> Runs:
    """Two replications of every scenario in :data:`SCENARIOS`."""
    return {name: [run(load_config(ov), seed=s, replication=r) for s, r in SEEDS]
            for name, ov in SCENARIOS.items()}


def each_run(
    runs: Runs, names: tuple[str, ...] = tuple(SCENARIOS)
) -> Iterator[tuple[str, RunResult]]:
    """``(label, result)`` for every run of the named scenarios."""
    for name in names:
        for result in runs[name]:
            yield f"{name}/rep{result.replication}", result


# --------------------------------------------------------------------------- Little's law


def queue_leave_time(cases: pd.DataFrame, horizon: float) -> pd.Series:
    """When each case left the allocation queue (allocated, abandoned, or still there)."""
    return cases["allocated_at"].fillna(cases["abandoned_at"]).fillna(horizon)


def backlog_area(cases: pd.DataFrame, start: float, end: float) -> float:
    """Area of the backlog in ``[start, end]``: sum of waiting intervals clipped to it."""
    left = queue_leave_time(cases, end)
    lo = cases["referred_at"].clip(lower=start)
    hi = left.clip(upper=end)
    return float((hi - lo).clip(lower=0.0).sum())


def backlog_max(cases: pd.DataFrame, start: float, end: float) -> int:
    """Largest number of cases waiting at once in ``[start, end]`` (event sweep); a case
    allocated the instant it is referred never waits."""
    left = queue_leave_time(cases, math.inf)
    waited = (left > cases["referred_at"]).to_numpy()
    times = np.concatenate([cases["referred_at"].to_numpy()[waited], left.to_numpy()[waited]])
    steps = np.repeat([1, -1], waited.sum())
    order = np.lexsort((steps, times))  # at equal times, leave before join
    t, level = times[order], np.cumsum(steps[order])
    before, inside = level[t <= start], level[(t >= start) & (t <= end)]
    return int(max(before[-1] if before.size else 0, inside.max() if inside.size else 0))


class TestDeterministicLittlesLaw:
    """The allocation queue obeys Little's law."""

    def test_backlog_max_is_largest_queue(self, runs: Runs) -> None:
        """backlog_max = the largest count of cases actually waiting after warm-up."""
        for label, r in each_run(runs):
            exact = backlog_max(r.cases, r.scalars["measure_from"], r.scalars["horizon"])
            assert r.kpis["backlog_max"] == exact, label

    def test_backlog_is_area_of_waiting_intervals(self, runs: Runs) -> None:
        """backlog_mean x T = sum over cases of their time waiting inside the window."""
        for label, r in each_run(runs):
            start, end = r.scalars["measure_from"], r.scalars["horizon"]
            area = backlog_area(r.cases, start, end)
            assert r.kpis["backlog_mean"] * (end - start) == pytest.approx(
                area, rel=1e-9, abs=1e-9), label

    def test_littles_law(self, runs: Runs) -> None:
        """L = lambda W: time-average backlog = referral rate x mean queue time (incl.
        abandoned cases); edge effects are O(L W / T), well inside 3%."""
        for label, r in each_run(runs):
            k, s = r.kpis, r.scalars
            lam = k["referrals"] / (s["measure_to"] - s["measure_from"])
            little = lam * k["queue_wait_mean_days"]
            assert k["backlog_mean"] == pytest.approx(little, rel=0.03, abs=1e-3), label

    def test_littles_law_is_exercised(self, runs: Runs) -> None:
        """The stressed scenarios do have a backlog and abandonment (else the test is idle)."""
        for label, r in each_run(runs, ("mmc_patience", "j_community_cap10")):
            assert r.kpis["backlog_mean"] > 0.1, label
            assert r.kpis["abandonment_rate"] > 0.0, label

    def test_queue_wait_counts_abandoned_cases(self, runs: Runs) -> None:
        """queue_wait_mean_days averages allocated and abandoned cases referred in the window."""
        for label, r in each_run(runs):
            c = r.cases[r.cases["in_window"]]
            waited = (c["allocated_at"].fillna(c["abandoned_at"]) - c["referred_at"]).dropna()
            assert r.kpis["queue_wait_mean_days"] == pytest.approx(waited.mean()), label


# --------------------------------------------------------------------------- conservation


def audit_from_cases(cases: pd.DataFrame, t: float) -> dict[str, int]:
    """Counts at instant ``t`` reconstructed from the case table."""
    referred = cases["referred_at"] <= t
    allocated = cases["allocated_at"] <= t
    closed = cases["closed_at"] <= t
    abandoned = cases["abandoned_at"] <= t
    return {
        "referred": int(referred.sum()),
        "waiting": int((referred & ~allocated & ~abandoned).sum()),
        "open": int((allocated & ~closed & ~abandoned).sum()),  # some leave after allocation
        "closed": int(closed.sum()),
        "abandoned": int(abandoned.sum()),
    }


class TestDeterministicConservation:
    """Cases are neither created nor lost."""

    def test_conservation_at_every_audit(self, runs: Runs) -> None:
        """referred = waiting + open + closed + abandoned at every audit row."""
        for label, r in each_run(runs):
            ts = r.timeseries
            total = ts["waiting"] + ts["open"] + ts["closed"] + ts["abandoned"]
            bad = ts[ts["referred"] != total]
            assert bad.empty, f"{label}: {bad.head()}"
            assert len(ts) > 100, label

    def test_audits_match_case_table(self, runs: Runs) -> None:
        """Every audit row equals the counts reconstructed from the case timestamps."""
        for label, r in each_run(runs):
            for row in r.timeseries.iloc[::13].itertuples():
                expected = audit_from_cases(r.cases, row.t)
                got = {key: int(getattr(row, key)) for key in expected}
                assert got == expected, f"{label} at t={row.t}"

    def test_audit_counters_monotone_and_regular(self, runs: Runs) -> None:
        """Cumulative counters never decrease; audits every interval up to the horizon."""
        for label, r in each_run(runs):
            ts = r.timeseries
            for col in ("referred", "closed", "abandoned"):
                assert ts[col].is_monotonic_increasing, f"{label}: {col}"
            assert ts["t"].iloc[0] == 0.0 and ts["t"].iloc[-1] == r.scalars["horizon"], label
            steps = np.diff(ts["t"].to_numpy())
            assert np.all(steps[:-1] == pytest.approx(7.0)) and 0 < steps[-1] <= 7.0, label

    def test_final_audit_matches_final_statuses(self, runs: Runs) -> None:
        """At the horizon, the status counts of the case table equal the last audit."""
        for label, r in each_run(runs):
            last = r.timeseries.iloc[-1]
            counts = r.cases["status"].value_counts()
            for status in ("waiting", "open", "closed", "abandoned"):
                assert counts.get(status, 0) == last[status], f"{label}: {status}"
            assert len(r.cases) == last["referred"], label


# --------------------------------------------------------------------------- worker time


J_START = date(2023, 1, 1)  # scenario.calendar.start_date of j_community


def official_workday(day: int) -> bool:
    """Whether j_community's clock day ``day`` is worked: Monday-Friday on China's official
    calendar (holidays off, make-up weekends worked), asked of the package date by date."""
    return bool(chinese_calendar.is_workday(J_START + timedelta(days=day)))


def workdays_between(lo: int, hi: int) -> int:
    """Number of j_community workdays in ``[lo, hi)``."""
    return sum(1 for d in range(lo, hi) if official_workday(d))


class TestDeterministicWorkerTime:
    """Worker time categories add up to time on duty plus overtime."""

    def test_categories_sum_to_duty_plus_overtime(self, runs: Runs) -> None:
        """Every time category (the admin column holds fixed admin + recording) adds up to
        duty + overtime (relative 1e-6)."""
        for label, r in each_run(runs):
            w = r.workers
            assert len(w) > 0, label
            parts = sum(w[c.column] for c in TimeCategory if c is not TimeCategory.RECORDING)
            total = w["duty_hours"] + w["overtime_hours"] + w["on_call_hours"]
            rel = ((parts - total).abs() / total).max()
            assert rel <= 1e-6, f"{label}: relative error {rel:.2e}\n{w}"

    def test_categories_are_non_negative(self, runs: Runs) -> None:
        """No category is negative; j_community workers do travel, record and overtime."""
        cols = ["intake_hours", "direct_hours", "travel_hours", "recording_hours",
                "admin_hours", "idle_hours", "overtime_hours"]
        for label, r in each_run(runs):
            assert (r.workers[cols] >= -1e-9).all().all(), label
        for label, r in each_run(runs, J_SCENARIOS):
            used = r.workers[["direct_hours", "travel_hours", "recording_hours",
                              "overtime_hours", "idle_hours"]].sum()
            assert (used > 0).all(), f"{label}: {used}"

    def test_duty_hours_from_calendar(self, runs: Runs) -> None:
        """Duty = 8 h per official workday in [warm-up, horizon); mmc: 24 h every day."""
        for label, r in each_run(runs, J_SCENARIOS):
            lo, hi = int(r.scalars["measure_from"]), int(r.scalars["horizon"])
            expected = 8.0 * workdays_between(lo, hi)
            assert r.workers["duty_hours"].to_numpy() == pytest.approx(expected), label
        for label, r in each_run(runs, ("mmc_patience", "mmc_priority")):
            span = r.scalars["horizon"] - r.scalars["measure_from"]
            assert r.workers["duty_hours"].to_numpy() == pytest.approx(24.0 * span), label

    def test_admin_done_plus_backlog_is_admin_share_of_duty(self, runs: Runs) -> None:
        """Administration is interleaved: what was done (admin_hours - recording_hours) plus
        the backlog left = admin_share (0.35) x the duty hours not away, for every worker."""
        for label, r in each_run(runs, J_SCENARIOS):
            w = r.workers
            done = (w["admin_hours"] - w["recording_hours"]).to_numpy()
            away = (w["absence_hours"] + w["leave_hours"] + w["training_hours"]).to_numpy()
            due = 0.35 * (w["duty_hours"].to_numpy() - away)
            assert done + w["admin_backlog_hours"].to_numpy() == pytest.approx(due, abs=8.0)
            assert (w["admin_backlog_hours"] >= 0).all(), label


# --------------------------------------------------------------------------- cases


class TestDeterministicCases:
    """Per-case invariants: caseload cap, timestamp order, status, calendar."""

    def test_caseload_never_above_cap(self, runs: Runs) -> None:
        """caseload_max <= caseload cap for every worker (hard cap)."""
        caps = {"mmc_patience": 1.0, "mmc_priority": 1.0, "j_community": 17.0,
                "j_community_cap10": 10.0, "j_community_priority": 10.0}
        for name, cap in caps.items():
            for r in runs[name]:
                assert r.workers["caseload_max"].max() <= cap + 1e-9, name
                assert r.kpis["caseload_max"] <= cap + 1e-9, name
        for r in runs["j_community_cap10"]:  # the cap binds in the stressed scenario
            assert r.workers["caseload_max"].max() == 10.0

    def test_timestamps_ordered(self, runs: Runs) -> None:
        """referred <= allocated <= first contact <= closed, where present."""
        order = ["referred_at", "allocated_at", "first_contact_at", "closed_at"]
        for label, r in each_run(runs):
            c = r.cases
            for early, late in itertools.pairwise(order):
                both = c[early].notna() & c[late].notna()
                assert (c.loc[both, early] <= c.loc[both, late]).all(), f"{label}: {early}"
                assert not (c[early].isna() & c[late].notna()).any(), f"{label}: {late}"
            assert (c["closed_at"].dropna() <= r.scalars["horizon"]).all(), label

    def test_abandoned_cases_were_never_contacted(self, runs: Runs) -> None:
        """Abandoned cases: abandoned after referral, never contacted (patience runs until the
        first contact); one abandoned after allocation left after it and names its worker."""
        for label, r in each_run(runs):
            a = r.cases[r.cases["status"] == "abandoned"]
            assert (a["abandoned_at"] >= a["referred_at"]).all(), label
            assert a[["first_contact_at", "closed_at"]].isna().all().all(), label
            allocated = a["allocated_at"].notna()
            assert (a.loc[allocated, "abandoned_at"] >= a.loc[allocated, "allocated_at"]).all()
            assert ((a["worker"] >= 0) == allocated).all(), label

    def test_status_consistent_with_timestamps(self, runs: Runs) -> None:
        """waiting / open / closed / abandoned each have exactly their timestamps."""
        for label, r in each_run(runs):
            c = r.cases
            has = {col: c[f"{col}_at"].notna() for col in
                   ("allocated", "first_contact", "closed", "abandoned")}
            expected = pd.Series("waiting", index=c.index)
            expected[has["allocated"]] = "open"
            expected[has["closed"]] = "closed"
            expected[has["abandoned"]] = "abandoned"
            assert (c["status"] == expected).all(), label
            assert not (has["first_contact"] & has["abandoned"]).any(), label
            assert ((c["worker"] >= 0) == has["allocated"]).all(), label

    def test_contacts_consistent_with_status(self, runs: Runs) -> None:
        """Contacts started: all of them for a closed case, none for a waiting or abandoned
        one, at most all for an open one (the last may be under way at the horizon)."""
        for label, r in each_run(runs):
            c = r.cases
            done, planned = c["contacts_done"], c["contacts_planned"]
            closed = c["status"] == "closed"
            unallocated = c["status"].isin(["waiting", "abandoned"])
            assert (done[closed] == planned[closed]).all(), label
            assert (done[unallocated] == 0).all(), label
            assert (done <= planned).all() and (planned >= 1).all(), label

    def test_wait_days_is_first_contact_minus_referral(self, runs: Runs) -> None:
        """wait_days = first_contact_at - referred_at (NaN when not yet contacted)."""
        for label, r in each_run(runs):
            c = r.cases
            expected = c["first_contact_at"] - c["referred_at"]
            pd.testing.assert_series_equal(c["wait_days"], expected, check_names=False,
                                           obj=label)

    def test_first_contacts_inside_duty(self, runs: Runs) -> None:
        """j_community: contacts start on official workdays (Monday-Friday, holidays off,
        make-up weekends on) between 8:30 and 16:30 (administration is interleaved)."""
        lo, hi = 8.5 / 24.0, (8.5 + 8.0) / 24.0
        for label, r in each_run(runs, J_SCENARIOS):
            t = r.cases["first_contact_at"].dropna().to_numpy()
            day = np.floor(t)
            frac = t - day
            assert all(official_workday(d) for d in set(day.astype(int).tolist())), label
            assert (frac >= lo - 1e-9).all() and (frac < hi + 1e-9).all(), label

    def test_mmc_contact_starts_at_allocation(self, runs: Runs) -> None:
        """mmc (24-h duty, cap 1): the first contact starts the moment the case is allocated."""
        for label, r in each_run(runs, ("mmc_patience", "mmc_priority")):
            c = r.cases.dropna(subset=["first_contact_at"])
            assert (c["first_contact_at"] == c["allocated_at"]).all(), label
            assert not math.isnan(r.kpis["wait_mean_days"]), label
