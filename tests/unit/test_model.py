"""The model's lifecycle: start, run to the horizon, settle, and every component's results."""

from __future__ import annotations

import math
from functools import cache

import pytest

from sim.build import build
from sim.config import SwsimConfig
from sim.loading import load_config
from sim.partners import NO_PARTNERS
from sim.scheduling import TraceRow


@cache
def short() -> SwsimConfig:
    """M/M/5 for 60 days, 10 of warm-up, audits every 7 days (composed once)."""
    return load_config(["scenario=mmc", "scenario.horizon_days=60", "scenario.warmup_days=10",
                        "scenario.audit_interval_days=7"])


def test_run_returns_the_model_at_the_horizon() -> None:
    model = build(short(), seed=1).model
    assert model.sched.now == 0.0 and not model.recorder.audits
    assert model.run() is model
    assert model.sched.now == 60.0
    # audits from 0 every 7 days, and the final snapshot at the horizon
    assert [a[0] for a in model.recorder.audits] == [0.0, 7.0, 14.0, 21.0, 28.0, 35.0, 42.0,
                                                     49.0, 56.0, 60.0]


def test_workers_are_the_staff_ever_employed() -> None:
    model = build(short(), seed=1).model
    assert model.workers == model.staff.ever() and len(model.workers) == 5
    assert [w.id for w in model.workers] == list(range(5))
    assert model.staff.count() == 5


def test_results_merge_every_components_results_without_collisions() -> None:
    model = build(short(), seed=2).model.run()
    parts = [model.recorder.results(),
             model.agency.results(model.recorder.results()["workers"], 50.0),
             model.workforce.results(), model.group_work.results(),
             {"volunteer_hours": model.volunteers.hours_used}, model.demand.results(),
             model.facts, model.reach.results() if model.reach else {},
             {"volunteers_active": float(model.volunteers.active(60.0)),
              "trust_mean_end": model.trust.mean() if model.trust else math.nan},
             NO_PARTNERS]
    keys = [k for part in parts for k in part]
    assert len(keys) == len(set(keys))  # no component overwrites another's value
    results = model.results()
    assert set(results) == set(keys)
    for part in parts:
        for key, value in part.items():
            assert results[key] == pytest.approx(value, nan_ok=True), key
    assert results["horizon"] == 60.0 and results["measure_from"] == 10.0
    assert results["arrival_rate_per_day"] == pytest.approx(4.5)


def test_settle_closes_every_workers_account_at_the_horizon() -> None:
    """After a run, each worker's categories add up to its duty over the measurement period
    (continuous duty: 24 h a day from the warm-up to the horizon)."""
    model = build(short(), seed=3).model.run()
    for worker in model.workers:
        row = worker.results(60.0)
        assert row["duty_hours"] == pytest.approx(50 * 24.0)
        assert sum(worker.time_use.hours) + row["duty_hours"] - worker.productive_hours(60.0) \
            == pytest.approx(row["duty_hours"] + row["overtime_hours"], abs=1e-6)


def test_a_trace_is_recorded_only_when_asked_for() -> None:
    trace: list[TraceRow] = []
    traced = build(short(), seed=4, trace=trace).model
    plain = build(short(), seed=4).model
    assert traced.sched.tracing and not plain.sched.tracing
    traced.run()
    plain.run()
    events = {event for _, event, _ in trace}
    assert {"referred", "allocated", "start", "end", "closed"} <= events
    times = [t for t, _, _ in trace]
    assert times == sorted(times) and times[-1] <= 60.0
    assert sum(1 for _, e, _ in trace if e == "referred") == traced.recorder.referred
    # tracing changes nothing in the results
    numbers = {k: v for k, v in plain.results().items() if isinstance(v, int | float)}
    assert {k: traced.results()[k] for k in numbers} == pytest.approx(numbers, nan_ok=True)
    assert traced.results().keys() == plain.results().keys()
