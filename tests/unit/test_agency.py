"""Unit tests of the agency's money."""

from __future__ import annotations

import math

import pytest
import simpy

from sim.agents.agency import Agency
from sim.policies.funding import FundingPolicy, FundingStream
from sim.results.monitors import TimeWeighted
from sim.results.probes import Tally
from sim.rng import Streams
from sim.scheduling import Scheduler


def funded(renewal: float = 1.0, budget: float = 200.0, spend: Tally | None = None,
           shortfall: Tally | None = None) -> tuple[simpy.Environment, Agency]:
    sched = Scheduler(simpy.Environment())
    policy = FundingPolicy("single_government", budget,
                           (FundingStream("government", 1.0, 1, 0.0, renewal),))
    return sched.env, Agency(sched, 100.0, policy, Streams(1, 0), spend, shortfall)


def test_affordable_fills_stations_in_order() -> None:
    _, agency = funded(budget=250.0)
    assert agency.affordable([1, 2, 3]) == [1, 1, 0]
    assert Agency(None, 100.0).affordable([1, 2, 3]) == [1, 2, 3]  # unlimited


def test_zero_budget_affords_nobody() -> None:
    _, agency = funded(budget=0.0)
    assert agency.affordable([3]) == [0]


def test_grant_arrives_and_payroll_never_overdraws() -> None:
    env, agency = funded(renewal=0.0)
    agency.start(800.0)
    env.run(until=1.0)
    assert agency.balance == 200.0
    assert agency.pay(3, 365.0) == 2  # the balance pays two worker-years of 100
    assert agency.balance == 0.0
    env.run(until=400.0)  # the second year does not renew
    assert agency.balance == 0.0 and agency.income == 200.0
    assert agency.balance_min >= 0.0


def test_can_hire_needs_reserve_months_and_a_sustainable_budget() -> None:
    env, agency = funded()
    agency.start(10.0)
    env.run(until=1.0)
    assert agency.can_hire(0) and agency.can_hire(1)
    assert not agency.can_hire(2)  # a budget of 200 sustains two posts of 100
    agency.buy(195.0)
    assert not agency.can_hire(0)


def test_income_listeners_are_told_of_every_instalment() -> None:
    env, agency = funded()
    told: list[float] = []
    agency.on_income(lambda: told.append(agency.balance))
    agency.on_income(lambda: told.append(-1.0))
    agency.start(700.0)  # two contract years, each renewed
    env.run(until=800.0)
    assert told == [200.0, -1.0, 400.0, -1.0]


def test_spend_and_shortfall_are_the_measurement_periods() -> None:
    spend, shortfall = Tally(10.0, 100.0), Tally(10.0, 100.0)
    env, agency = funded(spend=spend, shortfall=shortfall)
    agency.start(100.0)
    env.run(until=5.0)
    agency.buy(30.0)  # before the period: paid but not counted
    agency.note_shortfall(4.0)
    env.run(until=20.0)
    assert agency.pay(1, 36.5) == 1  # 10 for a tenth of a year
    agency.buy(25.0)
    agency.note_shortfall(3.0)
    assert agency.spend == pytest.approx(35.0) and agency.shortfall_days == 3.0
    assert agency.balance == pytest.approx(200.0 - 30.0 - 10.0 - 25.0)
    assert agency.results(staffed_mean=2.0, measured_days=90.0) == {
        "cost_total": pytest.approx(35.0), "budget_shortfall_days": 3.0, "balance_min": 0.0,
        "funding_gap_days": 0.0}


def test_unlimited_money_reports_the_payroll_it_would_pay() -> None:
    agency = Agency(None, 73_000.0)
    assert agency.unlimited and agency.can_hire(1000) and agency.buy(1e12)
    assert agency.pay(5, 365.0) == 5
    assert agency.balance == 0.0  # nothing is drawn down
    assert agency.results(staffed_mean=2.5, measured_days=146.0)["cost_total"] == \
        pytest.approx(2.5 * 73_000.0 * 146.0 / 365.0)
    assert math.isclose(agency.spend, 1e12 + 5 * 73_000.0)  # spend is still tallied


# --------------------------------------------------------------------------- re-tender gaps


def gapped(renewal: float = 0.0, gap_months: float = 3.0, payments: int = 1,
           volatility: float = 0.0, budget: float = 1200.0,
           gaps: TimeWeighted | None = None) -> tuple[simpy.Environment, Agency, list[float]]:
    """An agency of one stream and the times at which money arrived."""
    sched = Scheduler(simpy.Environment())
    stream = FundingStream("government", 1.0, payments, volatility, renewal, gap_months)
    agency = Agency(sched, 365.0, FundingPolicy("single_government", budget, (stream,)),
                    Streams(1, 0), gaps=gaps)
    arrivals: list[float] = []
    agency.on_income(lambda: arrivals.append(sched.now))
    return sched.env, agency, arrivals


def test_a_failed_renewal_pays_nothing_in_the_gap_then_the_rest_of_the_year() -> None:
    env, agency, arrivals = gapped(gap_months=3.0)
    agency.start(730.0)
    gap_end = 365.0 + 365.0 / 4
    env.run(until=gap_end - 1e-6)
    assert agency.income == 1200.0 and arrivals == [0.0]
    env.run(until=gap_end + 1e-6)
    # an annual grant's instalment is pro-rated: 9 of its 12 months are left
    assert agency.income == pytest.approx(1200.0 + 900.0)
    assert arrivals == [0.0, pytest.approx(gap_end)]
    env.run(until=730.0)
    assert agency.gap_days == pytest.approx(365.0 / 4)
    assert agency.results(0.0, 730.0)["funding_gap_days"] == pytest.approx(365.0 / 4)


def test_instalments_due_in_the_gap_are_lost_and_later_ones_come_on_time() -> None:
    env, agency, arrivals = gapped(gap_months=2.0, payments=12)
    agency.start(730.0)
    env.run(until=730.0)
    month = 365.0 / 12
    assert arrivals[12:] == pytest.approx([365.0 + k * month for k in range(2, 12)])
    assert agency.income == pytest.approx(1200.0 + 1000.0)


def test_a_gap_that_ends_inside_an_instalment_period_pays_the_rest_of_it() -> None:
    env, agency, arrivals = gapped(gap_months=1.0, payments=4)
    agency.start(730.0)
    env.run(until=730.0)
    assert arrivals[4:] == pytest.approx([365.0 + 365.0 / 12, 365.0 + 91.25, 365.0 + 182.5,
                                          365.0 + 273.75])
    assert agency.income == pytest.approx(1200.0 + 300.0 * (2.0 / 3.0) + 900.0)


@pytest.mark.parametrize("payments", [1, 4, 12])
def test_a_gap_of_zero_months_is_no_gap(payments: int) -> None:
    runs = []
    for renewal, gap in ((1.0, 3.0), (0.0, 0.0)):
        env, agency, arrivals = gapped(renewal, gap, payments, volatility=0.3)
        agency.start(1100.0)
        env.run(until=1100.0)
        runs.append((arrivals, agency.income, agency.gap_days))
    assert runs[0] == runs[1]
    assert runs[1][2] == 0.0


def test_a_whole_year_gap_is_the_old_rule_and_gaps_count_once_in_the_window() -> None:
    env, agency, arrivals = gapped(gap_months=12.0, gaps=TimeWeighted(400.0, 1000.0))
    agency.start(1100.0)
    env.run(until=1100.0)
    assert arrivals == [0.0]  # every later year fails and pays nothing
    assert agency.gap_days == pytest.approx(600.0)  # 365-1100 in a gap, counted in 400-1000


def test_payroll_through_a_gap_never_overdraws_and_lays_off_only_what_it_cannot_pay() -> None:
    env, agency, _ = gapped(gap_months=6.0, budget=3 * 365.0 * 1.1)
    agency.start(730.0)
    checks: list[tuple[float, int, int]] = []

    def payroll() -> None:
        before = agency.balance
        paid = agency.pay(3, 30.0)
        checks.append((before, paid, 3))

    sched = agency.sched
    assert sched is not None
    sched.every(30.0, payroll)
    env.run(until=730.0)
    assert agency.balance_min >= 0.0 and all(before >= 0.0 for before, _, _ in checks)
    for before, paid, wanted in checks:
        # paid in full whenever the balance covers the payroll; otherwise as many as it covers
        assert paid == min(wanted, int(before // 30.0 + 1e-9))
    assert [p for _, p, _ in checks[:12]] == [3] * 12  # year one: the grant covers it all
    assert min(p for _, p, _ in checks[12:]) < 3  # the reserve ran out in the gap
    assert checks[-1][1] == 3  # money came back after it
