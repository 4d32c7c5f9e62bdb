"""A re-tender gap on the whole model: the reserve pays first, layoffs come only when it runs
out, and the posts are filled again once money returns.

The default scenario without turnover (so every vacancy is one a layoff made), with a
government grant that never renews after the first contract year and a six-month gap: the
budget's 10% margin leaves about a month of payroll in reserve, far less than the gap.
"""

from __future__ import annotations

import math

import pytest
from scenario_overrides import STATIC_WORKFORCE

from sim import load_config
from sim.build import build

GAP_MONTHS = 6.0
GAPPED = [*STATIC_WORKFORCE, "scenario.horizon_days=730", "scenario.warmup_days=120",
          "policy/funding=single_government", "policy.funding.budget_margin=0.1",
          "policy.funding.streams.government.renewal_prob=0.0",
          f"policy.funding.streams.government.gap_months={GAP_MONTHS}"]
GAP = (365.0, 365.0 + GAP_MONTHS * 365.0 / 12)


def test_layoffs_wait_for_the_reserve_to_run_out_and_the_posts_are_filled_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = load_config(GAPPED)
    model = build(cfg, seed=3).model
    agency, workforce, staff = model.agency, model.workforce, model.staff
    payrolls: list[tuple[float, float, int, int, float]] = []
    pay = agency.pay

    def recorded_pay(workers: int, days: float) -> int:
        before = agency.balance
        paid = pay(workers, days)
        payrolls.append((model.sched.now, before, workers, paid, agency.cost(1, days)))
        return paid

    monkeypatch.setattr(agency, "pay", recorded_pay)
    model.start()
    lag = cfg.scenario.workforce.hiring_lag_days
    model.sched.env.run(until=GAP[1] + lag + 1.0)

    cut = [(t, w - p) for t, before, w, p, unit in payrolls if p < w]
    assert cut, "the reserve should run out in a six-month gap"
    for t, before, workers, paid, unit in payrolls:
        # everyone the balance covers is paid; a layoff only when it cannot cover them all
        assert paid == min(workers, math.floor(before / unit + 1e-9)), t
    assert all(GAP[0] < t <= GAP[1] for t, _ in cut)  # the reserve carried year one
    assert workforce.probes.layoffs.value == sum(n for _, n in cut)
    assert agency.balance_min >= 0.0
    assert agency.gap_days == pytest.approx(GAP[1] - GAP[0])
    # the money after the gap re-opened every post laid off; the recruits have arrived
    assert staff.count() == sum(workforce.targets)
    rehired = [w.hired_at for w in staff.active() if w.hired_at > GAP[0]]
    assert rehired == [pytest.approx(GAP[1] + lag)] * len(rehired)
    assert len(rehired) == workforce.probes.hires.value > 0
