"""Directions of effect under common random numbers (DESIGN section 7).

Each comparison runs the two configurations with the same master seed and the same
replication number, so they see the same referrals and the same case contents (the
``arrivals``, ``referral`` and ``case`` streams are keyed by name, not by position).

Per-pair assertions are used throughout (not a CI of the mean paired difference), because
in every comparison below the direction holds on each sample path, not only on average:

* mmc (FIFO, cap 1, 24-h duty, service times drawn per case): by the Kiefer-Wolfowitz
  recursion, FCFS start times are monotone in the number of servers and in the
  inter-arrival times, so *each case's* wait is no larger with c + 1 servers and no smaller
  when the arrival rate goes up (the same exponential gaps scaled by 4.0 / 4.5). The
  per-case check implies the per-pair KPI checks.
* j_community: there is no such theorem (several stations, calendars, sessions), so the
  per-pair choice rests on exploratory runs (10 pairs, two master seeds): one more worker
  where the caseload cap binds raised timely coverage in every pair (by 0.1 to 7 points),
  and 25% more demand multiplied the mean backlog by 3 or more in every pair; ties are
  allowed where the cap does not bind (default j_community: coverage is set by the
  calendar, not by staffing, and the extra worker changes nothing).
  Each comparison (but that tie case) also asserts that the mean difference is positive, so
  that a model in which the change had no effect would fail.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scenario_overrides import STATIC_WORKFORCE, UNCALIBRATED

from sim import RunResult, load_config, run

PAIRS = 5
SEED = 20261121
NEEDS = {  # j_community incidences per eligible household per year (conf/scenario)
    "elderly_care": 0.05, "disability_support": 0.06, "child_protection": 0.01,
    "social_assistance": 0.5, "dispute_mediation": 0.008, "psychological_counselling": 0.006,
    "policy_explanation": 0.02,
}
MMC = ["scenario=mmc", "scenario.servers=5", "scenario.service_rate=1.0"]
# The incidences as written (workers busy), arriving at a constant rate: with referrals
# bunched into office hours (scenario.demand.office_hours_share) a third worker reorders who
# takes which case, and in replication 0 one urgent case in ~70 is contacted later; pairwise
# monotonicity is a property of the unbunched arrivals only.
J_LOADED = [*STATIC_WORKFORCE, *UNCALIBRATED, "scenario.demand.office_hours_share=null"]
CAP10 = [*J_LOADED, "scenario.workforce.caseload_cap=10"]
CONFIGS: dict[str, list[str]] = {
    "mmc_c5_lam4.5": [*MMC, "scenario.arrival_rate=4.5"],
    "mmc_c6_lam4.5": [*MMC, "scenario.arrival_rate=4.5", "scenario.servers=6"],
    "mmc_c5_lam4.0": [*MMC, "scenario.arrival_rate=4.0"],
    "j_default": J_LOADED,
    "j_default_3": [*J_LOADED, "scenario.stations.service_centre.workers=3"],
    "j_cap10": CAP10,
    "j_cap10_3": [*CAP10, "scenario.stations.service_centre.workers=3"],
    "j_cap10_demand125": [*CAP10, *(f"scenario.needs.{name}.incidence_per_year={1.25 * v}"
                                     for name, v in NEEDS.items())],
}


class Runs:
    """Replications ``0 .. PAIRS-1`` of each configuration, run once and shared."""

    def __init__(self) -> None:
        self._runs: dict[str, list[RunResult]] = {}

    def __getitem__(self, name: str) -> list[RunResult]:
        if name not in self._runs:
            cfg = load_config(CONFIGS[name])
            self._runs[name] = [run(cfg, seed=SEED, replication=i) for i in range(PAIRS)]
        return self._runs[name]

    def kpi(self, name: str, kpi: str) -> np.ndarray:
        """One value of ``kpi`` per replication."""
        return np.array([r.kpis[kpi] for r in self[name]])


@pytest.fixture(scope="module")
def runs() -> Runs:
    """The shared paired runs."""
    return Runs()


def assert_never_lower(runs: Runs, low: str, high: str, kpi: str, strict_mean: bool) -> None:
    """``kpi`` of ``high`` >= that of ``low`` in every pair (and higher on average)."""
    a, b = runs.kpi(low, kpi), runs.kpi(high, kpi)
    diff = b - a
    assert (diff >= -1e-12).all(), f"{kpi}: {high} - {low} per pair = {diff}"
    if strict_mean:
        assert diff.mean() > 0, f"{kpi}: no effect, {high} - {low} per pair = {diff}"


def waits_by_case(result: RunResult) -> pd.Series:
    """Queue wait of every case allocated by the horizon, indexed by case id."""
    c = result.cases.set_index("case_id")
    return (c["allocated_at"] - c["referred_at"]).dropna()


# --------------------------------------------------------------------------- workers


class TestFunctionalMoreWorkers:
    """One more worker never lowers timely coverage (paired, CRN)."""

    def test_mmc_extra_server_per_case(self, runs: Runs) -> None:
        """c = 6 vs 5: every case that got a server under c = 5 waited no less."""
        for five, six in zip(runs["mmc_c5_lam4.5"], runs["mmc_c6_lam4.5"], strict=True):
            w5, w6 = waits_by_case(five), waits_by_case(six)
            common = w5.index.intersection(w6.index)
            assert len(common) == len(w5), "c = 6 allocated every case c = 5 did"
            assert (w6[common] <= w5[common] + 1e-9).all()
            assert (five.cases["referred_at"] == six.cases["referred_at"]).all()

    def test_mmc_extra_server_coverage(self, runs: Runs) -> None:
        """c = 6 vs 5: timely coverage up in every pair."""
        assert_never_lower(runs, "mmc_c5_lam4.5", "mmc_c6_lam4.5", "timely_coverage", True)

    @pytest.mark.parametrize(("low", "high", "binds"), [
        ("j_cap10", "j_cap10_3", True),
        ("j_default", "j_default_3", False),
    ], ids=["cap10", "default"])
    def test_j_community_extra_worker(self, runs: Runs, low: str, high: str,
                                      binds: bool) -> None:
        """3 vs 2 workers at the service centre: timely coverage never lower per pair (and
        higher on average where the caseload cap binds)."""
        assert_never_lower(runs, low, high, "timely_coverage", strict_mean=binds)
        assert_never_lower(runs, low, high, "timely_coverage_urgent", strict_mean=False)


# --------------------------------------------------------------------------- demand


class TestFunctionalMoreDemand:
    """More demand never lowers the mean backlog (paired, CRN)."""

    def test_mmc_more_arrivals_per_case(self, runs: Runs) -> None:
        """lambda 4.5 vs 4.0: the same gaps scaled down; no case waits less."""
        for low, high in zip(runs["mmc_c5_lam4.0"], runs["mmc_c5_lam4.5"], strict=True):
            t_low = low.cases.set_index("case_id")["referred_at"]
            t_high = high.cases.set_index("case_id")["referred_at"]
            ratio = (t_low / t_high).dropna().to_numpy()
            assert len(ratio) == len(t_low) and ratio == pytest.approx(4.5 / 4.0)
            w_low, w_high = waits_by_case(low), waits_by_case(high)
            common = w_low.index.intersection(w_high.index)
            assert (w_high[common] >= w_low[common] - 1e-9).all()

    def test_mmc_more_arrivals_backlog(self, runs: Runs) -> None:
        """lambda 4.5 vs 4.0: mean backlog up in every pair."""
        assert_never_lower(runs, "mmc_c5_lam4.0", "mmc_c5_lam4.5", "backlog_mean", True)

    def test_j_community_more_demand_backlog(self, runs: Runs) -> None:
        """Every incidence x 1.25 (caseload cap 10): mean backlog up in every pair."""
        assert_never_lower(runs, "j_cap10", "j_cap10_demand125", "backlog_mean", True)
        assert_never_lower(runs, "j_cap10", "j_cap10_demand125", "referrals", True)


# --------------------------------------------------------------------------- budget


class TestExtremeBudget:
    """The agency hires only what the budget pays for."""

    def test_zero_budget_hires_nobody(self) -> None:
        """budget_per_year = 0: no worker, no case allocated, contacted or closed."""
        r = run(load_config(["scenario.agency.budget_per_year=0"]), seed=SEED, replication=0)
        k, c = r.kpis, r.cases
        assert k["workers"] == 0 and r.workers.empty
        assert k["served_share"] == 0.0 and k["timely_coverage"] == 0.0
        assert k["closed_cases"] == 0 and k["cost_total"] == 0.0
        assert k["referrals"] > 0
        assert c[["allocated_at", "first_contact_at", "closed_at"]].isna().all().all()
        assert set(c["status"]) <= {"waiting", "abandoned"}
        assert (r.timeseries["workers"] == 0).all() and (r.timeseries["open"] == 0).all()

    def test_budget_for_two_hires_two(self) -> None:
        """budget = 2 x cost per worker-year: two workers, at the first station in order."""
        r = run(load_config([*STATIC_WORKFORCE, "scenario.agency.budget_per_year=140000"]),
                seed=SEED)
        assert r.kpis["workers"] == 2
        assert r.workers["station"].tolist() == [0, 0]
