"""Out-of-hours cover against the calendar: the office-hours ceiling, on-call coverage, the
rota's invariants and the paired direction of effect.

The **calendar ceiling**: with unlimited staff under ``office_hours``, an urgent case is
contacted within its target exactly when duty time begins within the target of its referral
(a free worker starts at once), so the share of urgent cases contacted in time equals the
share of referral instants from which duty begins within the target. Referrals are a Poisson
process, so their instants are uniform over the window and that share is a calendar integral,
computed here on a one-minute grid from ``WorkCalendar.next_start``.
"""

from __future__ import annotations

import numpy as np
import pytest
from scenario_overrides import STATIC_WORKFORCE, UNCALIBRATED
from scipy import stats

from sim import load_config, run
from sim.build import build
from sim.region import make_calendar
from sim.results.tables import run_tables

UNLIMITED = [f"scenario.stations.{s}.workers=30"
             for s in ("service_centre", "east_station", "west_station")]
QUIET = [*STATIC_WORKFORCE,
         "scenario.workforce.annual_leave_days=0", "scenario.workforce.training_days_per_year=0",
         "scenario.workforce.supervision_hours_per_month=0"]
NO_PATIENCE = [f"scenario.needs.{n}.patience_days=null" for n in (
    "elderly_care", "disability_support", "child_protection", "social_assistance",
    "dispute_mediation", "psychological_counselling", "policy_explanation")]


def ceiling(cfg_overrides: list[str], target: float) -> float:
    """Share of instants t in the measurement window with next_start(t) - t <= target."""
    cfg = load_config(cfg_overrides)
    sc = cfg.scenario
    cal = make_calendar(sc)
    grid = np.arange(sc.warmup_days, sc.horizon_days - target, 1.0 / 1440.0)
    starts = np.fromiter((cal.next_start(float(t)) for t in grid), float, len(grid))
    return float(np.mean(starts - grid <= target + 1e-12))


def urgent_cases(overrides: list[str], replications: int) -> tuple[int, int, float]:
    """Counted urgent cases, those contacted in time, and the smallest urgent target."""
    timely = total = 0
    for i in range(replications):
        c = run(load_config(overrides), seed=5, replication=i).cases
        urgent = c[c["in_window"] & (c["priority"] == "urgent")]
        timely += int(urgent["timely"].sum())
        total += len(urgent)
    return timely, total, float(c.loc[c["priority"] == "urgent", "target_days"].min())


@pytest.mark.slow
def test_office_hours_urgent_coverage_meets_the_calendar_ceiling() -> None:
    """One urgent target (2 days for every need) so the ceiling is one number."""
    one_target = [f"scenario.needs.{n}.target_days_urgent=2.0" for n in (
        "elderly_care", "disability_support", "child_protection", "social_assistance",
        "dispute_mediation", "psychological_counselling", "policy_explanation")]
    overrides = [*QUIET, *UNLIMITED, *NO_PATIENCE, *one_target, "policy/cover=office_hours"]
    timely, total, _ = urgent_cases(overrides, 4)
    expected = ceiling(overrides, 2.0)
    share = timely / total
    se = np.sqrt(expected * (1 - expected) / total)
    assert 0.6 < expected < 0.99  # the weekend and holidays bite
    assert abs(share - expected) < 3 * se + 1e-3, (share, expected, total)


@pytest.mark.slow
def test_on_call_with_enough_staff_covers_urgent_cases() -> None:
    """j_community under on_call, enough staff: urgent timely coverage >= 0.95."""
    k = [run(load_config([*UNLIMITED, "policy/funding=unlimited"]), seed=5,
             replication=i).kpis["timely_coverage_urgent"] for i in range(3)]
    assert np.mean(k) >= 0.95, k


@pytest.mark.slow
def test_on_call_raises_urgent_coverage_over_office_hours() -> None:
    """Paired (common random numbers) over 10 replications of the default scenario."""
    a, b = load_config(["policy/cover=office_hours"]), load_config(["policy/cover=on_call"])
    diff = np.array([run(b, seed=9, replication=i).kpis["timely_coverage_urgent"]
                     - run(a, seed=9, replication=i).kpis["timely_coverage_urgent"]
                     for i in range(10)])
    half = stats.t.ppf(0.975, len(diff) - 1) * diff.std(ddof=1) / np.sqrt(len(diff))
    assert diff.mean() - half > 0, diff


def test_call_outs_are_off_duty_urgent_and_one_worker_per_station_at_a_time() -> None:
    """The rota: a call-out starts only off duty, only for an urgent case, by a worker of the
    case's station; in each rota period a station's call-outs are made by one worker; and no
    worker ever holds two call-outs at once (its call-outs never overlap)."""
    # enough urgent referrals off duty; the rota's worker is never away (no sickness, leave,
    # training or time off in lieu), since an away worker is skipped for the next one
    cfg = load_config([*UNCALIBRATED, "policy.cover.compensation=paid",
                       "scenario.workforce.absence_episodes_per_year=0",
                       "scenario.workforce.annual_leave_days=0",
                       "scenario.workforce.training_days_per_year=0"])
    trace: list = []
    built = build(cfg, seed=2, trace=trace)
    built.model.run()
    cases = run_tables(built.model, built.need_names).cases.set_index("case_id")
    cal = make_calendar(built.region)
    rota = cfg.policy.cover.rota_days
    calls = [(t, f) for t, e, f in trace if e == "call_out"]
    assert len(calls) > 20
    holders: dict[tuple[int, int], set[int]] = {}
    for t, f in calls:
        assert cal.next_start(t) > t  # off duty
        case = cases.loc[f["case"]]
        assert case["priority"] == "urgent" and case["station"] == f["station"]
        holders.setdefault((f["station"], int(t // rota)), set()).add(f["worker"])
    assert all(len(w) == 1 for w in holders.values())
    spans: dict[int, list[tuple[float, float]]] = {}
    open_: dict[int, float] = {}
    for t, e, f in trace:
        if e in ("start", "end") and f["task"].endswith("call-out"):
            if e == "start":
                assert f["worker"] not in open_  # never two at once
                open_[f["worker"]] = t
            else:
                spans.setdefault(f["worker"], []).append((open_.pop(f["worker"]), t))
    assert spans
