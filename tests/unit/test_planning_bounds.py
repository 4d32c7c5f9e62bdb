"""The local KPI interval: t-interval of the mean, clipped to the KPI's declared range."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.analysis.summary import t_halfwidth
from sim.planning.bounds import kpi_interval


def test_unclipped_interval_is_the_t_interval() -> None:
    values = np.array([0.5, 0.6, 0.55, 0.52, 0.58])
    iv = kpi_interval(values, "timely_coverage", 0.95)
    half = t_halfwidth(values, 0.95)
    assert iv.n == 5
    assert math.isclose(iv.mean, values.mean())
    assert math.isclose(iv.low, values.mean() - half)
    assert math.isclose(iv.high, values.mean() + half)


def test_share_interval_is_clipped_to_one_and_count_to_zero() -> None:
    share = kpi_interval(np.array([1.0, 1.0, 1.0, 0.7]), "timely_coverage", 0.95)
    assert share.high == 1.0 and share.low < share.mean < 1.0
    count = kpi_interval(np.array([0.0, 0.0, 0.0, 3.0]), "wait_mean_days", 0.95)
    assert count.low == 0.0


def test_nan_values_are_dropped_and_one_value_claims_nothing() -> None:
    iv = kpi_interval(np.array([0.8, math.nan]), "timely_coverage", 0.95)
    assert iv.n == 1 and iv.mean == 0.8
    assert math.isnan(iv.low) and math.isnan(iv.high)
    assert kpi_interval(np.array([math.nan]), "timely_coverage", 0.95).n == 0


@given(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=30),
       st.floats(0.5, 0.999))
def test_a_share_interval_never_leaves_zero_one(values: list[float], level: float) -> None:
    iv = kpi_interval(np.array(values), "timely_coverage_urgent", level)
    assert 0.0 <= iv.low <= iv.mean + 1e-12
    assert iv.mean - 1e-12 <= iv.high <= 1.0
