"""Queueing-theory oracles for the ``mmc`` scenario (DESIGN section 7).

With one contact per case, caseload cap 1, 24-hour duty, exponential times and FIFO
dispatch, the model is an M/M/c queue; with exponential patience it is M/M/c+M; with
``policy/dispatch=priority`` and two classes of equal service rate it is a non-preemptive
priority M/M/c queue. The exact formulas are written here, in the test, independently of
``sim``:

* Erlang C: ``C(c, a) = [a^c / c! / (1 - rho)] / [sum_{k<c} a^k / k! + a^c / c! / (1 - rho)]``,
  ``a = lambda / mu``, ``rho = a / c``; ``P(wait > 0) = C``; ``Wq = C / (c mu - lambda)``;
  ``P(Wq <= t) = 1 - C exp(-(c mu - lambda) t)``; server utilisation ``rho``.
* Erlang A (M/M/c+M): birth-death chain truncated at ``N`` with birth rate ``lambda`` and death
  rate ``min(n, c) mu + max(n - c, 0) theta``; ``P(abandon) = theta E[Lq] / lambda``; mean time in
  queue of every arrival ``E[Lq] / lambda`` (Little); an arrival waits iff it finds ``n >= c``
  (PASTA), so among served cases ``P(wait > 0) = (P(n >= c) - P(abandon)) / (1 - P(abandon))``.
* Cobham (non-preemptive priority, equal rates): ``W_k = C(c, a) / (c mu) /
  ((1 - sigma_{k-1}) (1 - sigma_k))`` with ``sigma_k`` the load of classes ``1..k`` over ``c mu``.

Tolerance is statistical: ``|mean - exact| <= max(3 x t-95% CI half-width across
replications, small absolute floor)``. ``test_oracle_rejects_a_10_percent_service_rate_error``
shows that this check has power: a model whose service rate is 10% off fails it.

Groups: functional (statistical oracles), extreme-value (loads where the answer is known
exactly), and oracle self-checks (deterministic: the formulas against their limiting cases).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim import load_config, run, run_replications

REPLICATIONS = 8
N_JOBS = 2
WAIT_FLOOR = 0.01  # days
SHARE_FLOOR = 0.005


# --------------------------------------------------------------------------- exact formulas


def erlang_c(c: int, a: float) -> float:
    """Erlang C: probability that an arrival waits in M/M/c with offered load ``a < c``."""
    rho = a / c
    top = a**c / math.factorial(c) / (1.0 - rho)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


def erlang_c_wait(c: int, lam: float, mu: float) -> float:
    """Mean wait in queue of M/M/c: ``Wq = C(c, a) / (c mu - lambda)``."""
    return erlang_c(c, lam / mu) / (c * mu - lam)


def erlang_c_within(c: int, lam: float, mu: float, t: float) -> float:
    """``P(Wq <= t) = 1 - C exp(-(c mu - lambda) t)`` in M/M/c."""
    return 1.0 - erlang_c(c, lam / mu) * math.exp(-(c * mu - lam) * t)


@dataclass(frozen=True)
class ErlangA:
    """Exact stationary measures of M/M/c+M."""

    p_abandon: float
    p_delay: float  # P(an arrival finds all servers busy)
    queue_wait: float  # mean time in queue over all arrivals, E[Lq] / lambda
    busy: float  # mean number of busy servers

    @property
    def p_wait_served(self) -> float:
        """Share of served cases that waited: every abandoner waited."""
        return (self.p_delay - self.p_abandon) / (1.0 - self.p_abandon)


def erlang_a(c: int, lam: float, mu: float, theta: float, states: int = 2000) -> ErlangA:
    """Erlang A by the truncated birth-death chain ``n = 0 .. states``."""
    n = np.arange(states + 1)
    death = np.minimum(n, c) * mu + np.maximum(n - c, 0) * theta
    log_p = np.concatenate(([0.0], np.cumsum(np.log(lam / death[1:]))))
    p = np.exp(log_p - log_p.max())
    p /= p.sum()
    assert p[-1] < 1e-15, "truncation too short"
    lq = float(np.sum(np.maximum(n - c, 0) * p))
    return ErlangA(theta * lq / lam, float(p[c:].sum()), lq / lam,
                   float(np.sum(np.minimum(n, c) * p)))


def cobham_waits(c: int, lam: float, mu: float, urgent_share: float) -> tuple[float, float]:
    """Mean waits (urgent, standard) of non-preemptive priority M/M/c with equal rates."""
    base = erlang_c(c, lam / mu) / (c * mu)
    sigma1 = urgent_share * lam / (c * mu)
    sigma2 = lam / (c * mu)
    return base / (1.0 - sigma1), base / ((1.0 - sigma1) * (1.0 - sigma2))


# --------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Estimate:
    """Mean of a KPI across replications, with its t-based 95% CI half-width."""

    name: str
    mean: float
    halfwidth: float
    n: int

    def tolerance(self, floor: float) -> float:
        """Allowed distance from the exact value."""
        return max(3.0 * self.halfwidth, floor)

    def matches(self, exact: float, floor: float) -> bool:
        """Whether the exact value is within tolerance of the mean."""
        return abs(self.mean - exact) <= self.tolerance(floor)

    def report(self, exact: float, floor: float) -> str:
        """A failure message with every number involved."""
        return (f"{self.name}: simulated {self.mean:.4f} +/- {self.halfwidth:.4f} "
                f"(t-95% CI, n={self.n}) vs exact {exact:.4f}; "
                f"|diff| = {abs(self.mean - exact):.4f} > tolerance {self.tolerance(floor):.4f}")


def estimate(df: pd.DataFrame, kpi: str) -> Estimate:
    """The t-95% estimate of ``kpi`` over the replications of ``df``."""
    values = df[kpi].to_numpy(dtype=float)
    assert np.isfinite(values).all(), f"{kpi} has non-finite values: {values}"
    half = stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / math.sqrt(len(values))
    return Estimate(kpi, float(values.mean()), float(half), len(values))


def assert_matches(df: pd.DataFrame, kpi: str, exact: float, floor: float) -> None:
    """Assert the replication mean of ``kpi`` is within statistical tolerance of ``exact``."""
    est = estimate(df, kpi)
    assert est.matches(exact, floor), est.report(exact, floor)


def mmc_overrides(c: int, lam: float, mu: float = 1.0, horizon: float = 3000.0,
                  patience: float | None = None) -> list[str]:
    """Overrides for the mmc scenario with the given parameters."""
    out = ["scenario=mmc", f"scenario.servers={c}", f"scenario.arrival_rate={lam}",
           f"scenario.service_rate={mu}", f"scenario.horizon_days={horizon}"]
    if patience is not None:
        out.append(f"scenario.patience_mean={patience}")
    return out


def replicate(overrides: list[str]) -> pd.DataFrame:
    """KPI rows of ``REPLICATIONS`` replications; fails if any replication crashed."""
    df = run_replications(load_config(overrides), n=REPLICATIONS, n_jobs=N_JOBS)
    assert df["error"].isna().all(), df["error"].dropna().tolist()
    return df


# --------------------------------------------------------------------------- functional: M/M/c

# (c, lambda, horizon): rho = 0.9 with a long horizon (slow relaxation), and rho = 0.7.
ERLANG_C_CASES = [(5, 4.5, 8000.0), (3, 2.1, 3000.0)]


@pytest.fixture(scope="module", params=ERLANG_C_CASES, ids=lambda p: f"c{p[0]}-lam{p[1]}")
def mmc_runs(request: pytest.FixtureRequest) -> tuple[int, float, pd.DataFrame]:
    """Replications of M/M/c, FIFO, mu = 1, no abandonment."""
    c, lam, horizon = request.param
    return c, lam, replicate(mmc_overrides(c, lam, horizon=horizon))


@pytest.mark.slow
class TestFunctionalErlangC:
    """M/M/c against Erlang C."""

    def test_mean_wait(self, mmc_runs: tuple[int, float, pd.DataFrame]) -> None:
        """Mean time to first contact = Wq = C / (c mu - lambda)."""
        c, lam, df = mmc_runs
        assert_matches(df, "wait_mean_days", erlang_c_wait(c, lam, 1.0), WAIT_FLOOR)

    def test_probability_of_waiting(self, mmc_runs: tuple[int, float, pd.DataFrame]) -> None:
        """P(wait > 0) = Erlang C."""
        c, lam, df = mmc_runs
        assert_matches(df, "p_wait", erlang_c(c, lam), SHARE_FLOOR)

    def test_timely_coverage_is_wait_distribution(
        self, mmc_runs: tuple[int, float, pd.DataFrame]
    ) -> None:
        """Share first contacted within the 1-day target = P(Wq <= 1)."""
        c, lam, df = mmc_runs
        assert_matches(df, "timely_coverage", erlang_c_within(c, lam, 1.0, 1.0), SHARE_FLOOR)

    def test_utilisation(self, mmc_runs: tuple[int, float, pd.DataFrame]) -> None:
        """Share of worker time in contacts = rho; nobody abandons."""
        c, lam, df = mmc_runs
        assert_matches(df, "share_intake", lam / c, SHARE_FLOOR)
        assert (df["abandonment_rate"] == 0.0).all()

    def test_littles_law_on_backlog(self, mmc_runs: tuple[int, float, pd.DataFrame]) -> None:
        """Time-average allocation backlog = Lq = lambda Wq."""
        c, lam, df = mmc_runs
        assert_matches(df, "backlog_mean", lam * erlang_c_wait(c, lam, 1.0), WAIT_FLOOR)


# --------------------------------------------------------------------------- functional: M/M/c+M

# (c, lambda, theta): rho = 0.9 and 0.7 with mean patience 2 days.
ERLANG_A_CASES = [(5, 4.5, 0.5), (3, 2.1, 0.5)]


@pytest.fixture(scope="module", params=ERLANG_A_CASES, ids=lambda p: f"c{p[0]}-lam{p[1]}")
def mmcm_runs(request: pytest.FixtureRequest) -> tuple[ErlangA, pd.DataFrame]:
    """Replications of M/M/c+M and the exact Erlang A measures."""
    c, lam, theta = request.param
    df = replicate(mmc_overrides(c, lam, patience=1.0 / theta))
    return erlang_a(c, lam, 1.0, theta), df


@pytest.mark.slow
class TestFunctionalErlangA:
    """M/M/c+M against Erlang A."""

    def test_abandonment_probability(self, mmcm_runs: tuple[ErlangA, pd.DataFrame]) -> None:
        """Share of cases abandoned = theta E[Lq] / lambda."""
        exact, df = mmcm_runs
        assert_matches(df, "abandonment_rate", exact.p_abandon, SHARE_FLOOR)

    def test_queue_wait_of_all_cases(self, mmcm_runs: tuple[ErlangA, pd.DataFrame]) -> None:
        """Mean time in the allocation queue (served and abandoned) = E[Lq] / lambda."""
        exact, df = mmcm_runs
        assert_matches(df, "queue_wait_mean_days", exact.queue_wait, WAIT_FLOOR)

    def test_probability_served_case_waited(
        self, mmcm_runs: tuple[ErlangA, pd.DataFrame]
    ) -> None:
        """Among served cases, P(wait > 0) = (P(n >= c) - P(abandon)) / (1 - P(abandon))."""
        exact, df = mmcm_runs
        assert_matches(df, "p_wait", exact.p_wait_served, SHARE_FLOOR)


# --------------------------------------------------------------------------- functional: priority

PRIORITY = (5, 4.5, 0.3, 8000.0)  # c, lambda, urgent share, horizon: rho = 0.9


@pytest.fixture(scope="module")
def priority_runs() -> pd.DataFrame:
    """Replications of two-class non-preemptive priority M/M/c."""
    c, lam, share, horizon = PRIORITY
    return replicate([*mmc_overrides(c, lam, horizon=horizon), "policy/dispatch=priority",
                      f"scenario.urgent_share={share}"])


@pytest.mark.slow
class TestFunctionalPriority:
    """Priority M/M/c against Cobham's formula."""

    def test_urgent_waits_less_than_standard(self, priority_runs: pd.DataFrame) -> None:
        """In every replication, urgent cases wait less on average than standard ones."""
        df = priority_runs
        assert (df["wait_mean_days_urgent"] < df["wait_mean_days_standard"]).all()

    def test_urgent_wait_matches_cobham(self, priority_runs: pd.DataFrame) -> None:
        """W_1 = C / (c mu) / (1 - sigma_1)."""
        c, lam, share, _ = PRIORITY
        urgent, _ = cobham_waits(c, lam, 1.0, share)
        assert_matches(priority_runs, "wait_mean_days_urgent", urgent, WAIT_FLOOR)

    def test_standard_wait_matches_cobham(self, priority_runs: pd.DataFrame) -> None:
        """W_2 = C / (c mu) / ((1 - sigma_1)(1 - sigma_2))."""
        c, lam, share, _ = PRIORITY
        _, standard = cobham_waits(c, lam, 1.0, share)
        assert_matches(priority_runs, "wait_mean_days_standard", standard, WAIT_FLOOR)

    def test_overall_wait_is_erlang_c(self, priority_runs: pd.DataFrame) -> None:
        """Non-preemptive priority keeps the overall mean wait and P(wait) of FIFO."""
        c, lam, _, _ = PRIORITY
        assert_matches(priority_runs, "wait_mean_days", erlang_c_wait(c, lam, 1.0), WAIT_FLOOR)
        assert_matches(priority_runs, "p_wait", erlang_c(c, lam), SHARE_FLOOR)


# --------------------------------------------------------------------------- power of the check


@pytest.mark.slow
@pytest.mark.parametrize("mu", [0.9, 1.1])
def test_oracle_rejects_a_10_percent_service_rate_error(mu: float) -> None:
    """A model whose service rate is 10% off fails the Erlang C check of mu = 1.

    Run c = 3, lambda = 2.1 with ``mu`` in the simulator and check against the formulas for
    mu = 1: the statistical tolerance must reject mean wait and P(wait). The horizon is four
    times the oracle tests' so that the check has power against a 10% error.
    """
    c, lam = 3, 2.1
    df = replicate(mmc_overrides(c, lam, mu=mu, horizon=12000.0))
    wait, pwait = estimate(df, "wait_mean_days"), estimate(df, "p_wait")
    assert not wait.matches(erlang_c_wait(c, lam, 1.0), WAIT_FLOOR)
    assert not pwait.matches(erlang_c(c, lam), SHARE_FLOOR)
    # ... while the formulas for the simulated mu accept the same runs.
    assert wait.matches(erlang_c_wait(c, lam, mu), WAIT_FLOOR)
    assert pwait.matches(erlang_c(c, lam / mu), SHARE_FLOOR)


# --------------------------------------------------------------------------- extreme values


class TestExtremeValues:
    """Loads at which the answer is known exactly."""

    def test_very_low_load_nobody_waits(self) -> None:
        """c = 5, lambda = 0.05: P(all busy) ~ 3e-9 per arrival, so no case waits."""
        k = run(load_config(mmc_overrides(5, 0.05)), seed=11, replication=0).kpis
        assert k["referrals"] > 50
        assert k["p_wait"] == 0.0
        assert k["wait_mean_days"] == 0.0
        assert k["backlog_max"] == 0.0
        assert k["timely_coverage"] == 1.0

    def test_huge_capacity_p_wait_zero(self) -> None:
        """c = 60 for lambda = 4.5 (Erlang C ~ 1e-40): no case ever waits."""
        r = run(load_config(mmc_overrides(60, 4.5, horizon=1000.0)), seed=11, replication=0)
        assert r.kpis["p_wait"] == 0.0
        assert r.kpis["backlog_mean"] == 0.0
        assert (r.cases["allocated_at"] == r.cases["referred_at"]).all()

    def test_unlimited_staff_j_community_no_allocation_wait(self) -> None:
        """j_community with 30 workers per station: no case waits for allocation (a case may
        still run out of patience before the first contact, in a worker's task list)."""
        overrides = [f"scenario.stations.{s}.workers=30"
                     for s in ("service_centre", "east_station", "west_station")]
        k = run(load_config(overrides), seed=11, replication=0).kpis
        assert k["queue_wait_mean_days"] == 0.0
        assert k["backlog_max"] == 0.0
        assert k["abandonment_rate"] == k["abandonment_after_allocation_rate"]

    @pytest.mark.slow
    def test_overload_with_patience_matches_erlang_a(self) -> None:
        """rho = 1.5 (c = 3, lambda = 4.5, theta = 1): Erlang A holds above saturation."""
        c, lam, theta = 3, 4.5, 1.0
        exact = erlang_a(c, lam, 1.0, theta)
        df = replicate(mmc_overrides(c, lam, horizon=1500.0, patience=1.0 / theta))
        assert_matches(df, "abandonment_rate", exact.p_abandon, SHARE_FLOOR)
        assert_matches(df, "queue_wait_mean_days", exact.queue_wait, WAIT_FLOOR)
        assert_matches(df, "share_intake", exact.busy / c, SHARE_FLOOR)


# --------------------------------------------------------------------------- oracle self-checks


class TestDeterministicOracleSelfChecks:
    """The formulas above against their textbook limiting cases (no simulation)."""

    def test_erlang_c_single_server_is_mm1(self) -> None:
        """M/M/1: P(wait) = rho, Wq = rho / (mu - lambda)."""
        assert erlang_c(1, 0.7) == pytest.approx(0.7)
        assert erlang_c_wait(1, 0.7, 1.0) == pytest.approx(0.7 / 0.3)

    def test_erlang_c_reference_value(self) -> None:
        """C(2, 1) = 1/3 (textbook value)."""
        assert erlang_c(2, 1.0) == pytest.approx(1.0 / 3.0)

    def test_erlang_a_with_theta_equal_mu_is_poisson(self) -> None:
        """theta = mu: the number in system is Poisson(a) (as in M/M/inf)."""
        c, a = 4, 3.0
        exact = erlang_a(c, a, 1.0, 1.0)
        poisson_tail = float(stats.poisson.sf(c - 1, a))
        assert exact.p_delay == pytest.approx(poisson_tail, rel=1e-9)

    def test_erlang_a_tends_to_erlang_c(self) -> None:
        """theta -> 0 with rho < 1: Erlang A -> Erlang C."""
        exact = erlang_a(5, 4.5, 1.0, 1e-7)
        assert exact.p_delay == pytest.approx(erlang_c(5, 4.5), rel=1e-4)
        assert exact.queue_wait == pytest.approx(erlang_c_wait(5, 4.5, 1.0), rel=1e-4)

    def test_cobham_conserves_mean_wait(self) -> None:
        """The load-weighted class waits average to the FIFO Erlang C wait."""
        urgent, standard = cobham_waits(5, 4.5, 1.0, 0.3)
        assert 0.3 * urgent + 0.7 * standard == pytest.approx(erlang_c_wait(5, 4.5, 1.0))
