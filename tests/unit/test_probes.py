"""Probes (counters, tallies, levels) and the recorder that hands them out for its window."""

from __future__ import annotations

import dataclasses
import math

import pytest

from sim.results.probes import Counter, Tally
from sim.results.recorder import Recorder, Window


def test_counter_counts_events_inside_the_closed_window() -> None:
    counter = Counter(10.0, 20.0)
    assert counter.value == 0
    for t in (9.999, 10.0, 15.0, 20.0, 20.001):
        counter.add(t)
    counter.add(12.0, 3)
    counter.add(25.0, 7)
    assert counter.value == 1 + 1 + 1 + 3


def test_counter_adds_zero_and_many() -> None:
    counter = Counter(-math.inf, math.inf)
    counter.add(0.0, 0)
    counter.add(-1e9, 2)
    assert counter.value == 2


def test_tally_keeps_sum_and_count_inside_the_window() -> None:
    tally = Tally(10.0, 20.0)
    assert tally.count == 0 and tally.total == 0.0
    assert math.isnan(tally.mean()) and tally.mean(0.0) == 0.0
    for t, v in ((5.0, 100.0), (10.0, 1.0), (15.0, 2.5), (20.0, 4.5), (21.0, 100.0)):
        tally.observe(t, v)
    assert (tally.count, tally.total) == (3, pytest.approx(8.0))
    assert tally.mean() == pytest.approx(8.0 / 3) and tally.mean(0.0) == pytest.approx(8.0 / 3)


def test_window_is_frozen() -> None:
    window = Window(warmup=10.0, horizon=100.0, measure_to=86.0, audit_interval=7.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        window.warmup = 0.0  # type: ignore[misc]


def test_recorder_for_a_window() -> None:
    rec = Recorder.for_window(Window(10.0, 100.0, 86.0, 7.0), n_needs=3)
    assert (rec.measure_from, rec.measure_to, rec.horizon) == (10.0, 86.0, 100.0)
    assert rec.needs_arisen == [0, 0, 0] and rec.needs_referred == [0, 0, 0]


def test_recorder_probes_measure_from_warm_up_to_the_horizon() -> None:
    """Probes count the measurement period [warm-up, horizon], not the case window that
    ends at ``measure_to``."""
    rec = Recorder(measure_from=10.0, measure_to=86.0, horizon=100.0, n_needs=1)
    counter, tally, level = rec.counter(), rec.tally(), rec.level(2.0)
    assert (counter.start, counter.end) == (tally.start, tally.end) == (10.0, 100.0)
    for t in (5.0, 10.0, 90.0, 100.0, 101.0):
        counter.add(t)
        tally.observe(t, 1.0)
    assert counter.value == 3 and tally.count == 3
    assert rec.counter() is not counter and rec.counter().value == 0  # each probe is new
    # a level of 2 from the start, 5 from 50: averaged over [10, 100]
    level.set(50.0, 5.0)
    assert level.mean(100.0) == pytest.approx((2.0 * 40 + 5.0 * 50) / 90)
    assert rec.level().level == 0.0


@pytest.mark.parametrize(("t", "inside"), [(9.9, False), (10.0, True), (86.0, True),
                                           (90.0, True), (100.0, True), (100.1, False)])
def test_in_period_is_warm_up_to_horizon(t: float, inside: bool) -> None:
    rec = Recorder(10.0, 86.0, 100.0, 1)
    assert rec.in_period(t) is inside
    assert rec.in_window(t) is (inside and t <= 86.0)


def test_recorder_results() -> None:
    rec = Recorder(10.0, 86.0, 100.0, 2)
    rec.need(5.0, 0, True)  # before the window
    rec.need(20.0, 0, True)
    rec.need(30.0, 1, False)
    rec.backlog.add(0.0, 4)  # 4 waiting through the warm-up...
    rec.mark_warmup(10.0)
    rec.backlog.add(55.0, -2)  # ... and 2 from half-way
    rec.staff(0.0, 3)
    rec.open_cases.add(40.0, 1)
    scalars = rec.results()
    assert scalars == {
        "measure_from": 10.0, "measure_to": 86.0, "horizon": 100.0,
        "backlog_mean": pytest.approx((4 * 45 + 2 * 45) / 90),
        "backlog_max": 4, "open_cases_mean": pytest.approx(60 / 90),
        "needs_arisen": 2, "needs_referred": 1, "workers": pytest.approx(3.0),
    }
