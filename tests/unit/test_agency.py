"""Unit tests of the agency's money."""

from __future__ import annotations

import simpy

from sim.agents.agency import Agency
from sim.policies.funding import FundingPolicy, FundingStream
from sim.rng import Streams


def funded(renewal: float = 1.0, budget: float = 200.0) -> tuple[simpy.Environment, Agency]:
    env = simpy.Environment()
    policy = FundingPolicy("single_government", budget,
                           (FundingStream("government", 1.0, 1, 0.0, renewal),))
    return env, Agency(env, 100.0, policy, Streams(1, 0))


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
