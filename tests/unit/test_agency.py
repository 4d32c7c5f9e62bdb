"""Unit tests of the agency's money."""

from __future__ import annotations

import math

import pytest
import simpy

from sim.agents.agency import Agency
from sim.policies.funding import FundingPolicy, FundingStream
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
        "cost_total": pytest.approx(35.0), "budget_shortfall_days": 3.0, "balance_min": 0.0}


def test_unlimited_money_reports_the_payroll_it_would_pay() -> None:
    agency = Agency(None, 73_000.0)
    assert agency.unlimited and agency.can_hire(1000) and agency.buy(1e12)
    assert agency.pay(5, 365.0) == 5
    assert agency.balance == 0.0  # nothing is drawn down
    assert agency.results(staffed_mean=2.5, measured_days=146.0)["cost_total"] == \
        pytest.approx(2.5 * 73_000.0 * 146.0 / 365.0)
    assert math.isclose(agency.spend, 1e12 + 5 * 73_000.0)  # spend is still tallied
