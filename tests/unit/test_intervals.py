"""Intervals of a KPI's mean that stay inside the KPI's declared range."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.analysis.intervals import interval, kpi_range, mean_interval, t_halfwidth
from sim.analysis.summary import summarise
from sim.report import format_interval

SHARES = st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=2, max_size=40)
COUNTS = st.lists(st.floats(0.0, 1e6, allow_nan=False), min_size=2, max_size=40)


def printed_bounds(values: list[float], kpi: str) -> tuple[float, float]:
    """The interval as ``kpis.csv``'s summary row prints it, parsed back."""
    row = summarise(__import__("pandas").DataFrame({kpi: values})).loc[kpi]
    low, high = format_interval(row).strip("[]").split(", ")
    return float(low.replace(",", "")), float(high.replace(",", ""))


@given(SHARES)
def test_a_shares_printed_interval_lies_in_0_1(values: list[float]) -> None:
    low, high = printed_bounds(values, "served_share")
    assert 0.0 <= low <= high <= 1.0
    lo, mean, hi = interval(values, "abandonment_rate")
    assert 0.0 <= lo <= mean <= hi <= 1.0


@given(COUNTS)
def test_a_counts_interval_never_goes_below_zero(values: list[float]) -> None:
    lo, mean, hi = interval(values, "backlog_mean")
    assert 0.0 <= lo <= mean <= hi


@given(st.lists(st.floats(-1.0, 1.0, allow_nan=False), min_size=2, max_size=30))
def test_a_signed_share_stays_in_minus_1_1(values: list[float]) -> None:
    lo, _, hi = interval(values, "equity_gap_language")
    assert -1.0 <= lo <= hi <= 1.0


def test_the_t_interval_is_kept_where_it_fits() -> None:
    values = np.array([0.50, 0.55, 0.60, 0.52])
    found = mean_interval(values, kpi_range("timely_coverage"))
    assert found.method == "t"
    assert found.halfwidth == pytest.approx(t_halfwidth(values))


def test_the_issues_served_share_case_gets_a_wilson_type_interval() -> None:
    """A t interval that reaches 1.0245 (as in the issue) is replaced, asymmetric, inside."""
    values = np.array([1.0] * 8 + [0.85, 0.9])
    assert values.mean() + t_halfwidth(values) > 1.0
    found = mean_interval(values, (0.0, 1.0))
    assert found.method == "wilson"
    assert found.low < found.mean < found.high <= 1.0
    assert found.high - found.mean < found.mean - found.low


def test_wilson_type_interval_covers_a_share_near_1_at_about_the_nominal_rate() -> None:
    """Shares of 50 cases, p = 0.97, 10 replications: 95% nominal, >= 93% over 2,000 runs."""
    rng = np.random.default_rng(5)
    covered = [mean_interval(rng.binomial(50, 0.97, 10) / 50, (0.0, 1.0)) for _ in range(2000)]
    assert np.mean([iv.low <= 0.97 <= iv.high for iv in covered]) >= 0.93


def test_a_count_near_0_is_cut_at_0() -> None:
    found = mean_interval([0.0, 0.0, 0.0, 4.0], (0.0, math.inf))
    assert found.method == "t-cut" and found.low == 0.0
    assert found.high == pytest.approx(1.0 + t_halfwidth(np.array([0.0, 0.0, 0.0, 4.0])))


def test_too_few_values_and_unknown_kpis() -> None:
    assert math.isnan(interval([0.3], "timely_coverage")[0])
    assert all(math.isnan(x) for x in interval([], "timely_coverage"))
    assert kpi_range("not_a_kpi") == (-math.inf, math.inf)
    lo, _, hi = interval([-5.0, 5.0], None)
    assert lo < -5.0 and hi > 5.0
    assert interval([0.4, 0.4, 0.4], "timely_coverage") == pytest.approx((0.4, 0.4, 0.4))


def test_values_outside_the_declared_range_get_the_plain_t_interval() -> None:
    """Differences of a share are not a share: no division by zero, the plain t interval."""
    values = [-0.2, 0.1, 0.05]
    half = t_halfwidth(np.array(values), 0.95)
    low, mean, high = interval(values, "timely_coverage")
    assert mean == pytest.approx(-0.05 / 3)
    assert (low, high) == pytest.approx((mean - half, mean + half))
