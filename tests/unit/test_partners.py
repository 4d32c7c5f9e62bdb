"""Partner units: a referral out is a worker's task, then the partner's delay, queue, places,
maximum wait and success (sim/partners.py)."""

from __future__ import annotations

import math
from typing import Any

import pytest
import simpy

from sim.agents.cases import OPEN, REFERRED_OUT
from sim.checks import ConfigError
from sim.config import PartnerConfig
from sim.partners import Partner, PartnerProbes, Partners, check_partners, partner_index
from sim.results.probes import Counter, Tally
from sim.rng import Streams
from sim.scheduling import Scheduler
from sim.timecategory import TimeCategory


class _Worker:
    """Does every task it is offered at once (a task list of its own is not the point)."""

    def __init__(self) -> None:
        self.id, self.station, self.active = 7, 0, True
        self.released: list[Any] = []
        self.tasks: list[Any] = []

    def offer(self, task: Any) -> None:
        self.tasks.append(task)
        task.finished(self)

    def release(self, case: Any) -> None:
        self.released.append(case)


class _Case:
    def __init__(self, case_id: int) -> None:
        self.id, self.need, self.status, self.worker, self.due = case_id, 0, OPEN, 7, None


def _partners(terms: PartnerConfig) -> tuple[Partners, Scheduler, list[Any]]:
    sched = Scheduler(simpy.Environment())
    left: list[Any] = []
    probes = PartnerProbes(*(Counter(0, math.inf) for _ in range(4)), Tally(0, math.inf))
    partner = Partner("clinic", terms, Streams(1, 0)["partner-clinic"])
    return Partners(sched, [partner], [0, -1], lambda c, t: left.append(c), probes), sched, left


def _refer(partners: Partners, worker: _Worker, n: int) -> list[_Case]:
    cases = [_Case(i) for i in range(n)]
    for case in cases:
        assert partners.refer_out(worker, case)  # type: ignore[arg-type]
    return cases


def test_the_referral_is_a_task_of_its_own_category_and_the_case_leaves_the_worker() -> None:
    partners, _, left = _partners(PartnerConfig(refer_share=1.0, capacity=1,
                                                referral_hours=1.5))
    worker = _Worker()
    refilled: list[Any] = []
    partners.on_room(refilled.append)
    (case,) = _refer(partners, worker, 1)
    assert refilled == [worker]  # its freed room goes to a waiting case
    assert worker.tasks[0].category == TimeCategory.REFERRAL
    assert worker.tasks[0].effort(worker, 0.0) == ((TimeCategory.REFERRAL, 1.5),)
    assert case.status == REFERRED_OUT and worker.released == [case] and left == [case]
    other = _Case(9)
    other.need = 1  # no partner takes need 1
    assert not partners.refer_out(worker, other)  # type: ignore[arg-type]


def test_zero_capacity_every_referral_waits_then_fails_at_the_maximum_wait() -> None:
    partners, sched, _ = _partners(PartnerConfig(refer_share=1.0, capacity=0, wait_days=0.0,
                                                 max_wait_days=20.0))
    _refer(partners, _Worker(), 5)
    sched.env.run(until=19.0)
    (p,) = partners.partners
    assert len(p.queue) == 5 and p.failed == 0
    sched.env.run(until=21.0)
    assert len(p.queue) == 0 and p.failed == 5 and p.started == 0
    assert partners.probes.outcomes.value == 5 and partners.probes.successes.value == 0


def test_zero_capacity_without_a_maximum_wait_referrals_wait_on() -> None:
    partners, sched, _ = _partners(PartnerConfig(refer_share=1.0, capacity=0,
                                                 max_wait_days=None))
    _refer(partners, _Worker(), 4)
    sched.env.run(until=1000.0)
    (p,) = partners.partners
    assert len(p.queue) + p.delayed == 4 and p.failed == p.started == 0


def test_places_are_taken_first_come_first_served() -> None:
    partners, sched, _ = _partners(PartnerConfig(refer_share=1.0, capacity=2, wait_days=0.0,
                                                 max_wait_days=None, service_days=5.0))
    worker = _Worker()
    _refer(partners, worker, 5)
    sched.env.run(until=0.001)  # no intake delay: at the partner at once
    (p,) = partners.partners
    assert p.in_service == 2 and len(p.queue) == 3
    sched.env.run(until=500.0)
    assert p.started == 5 and p.in_service == 0
    assert p.referred == p.delayed + len(p.queue) + p.started + p.failed
    follow_ups = worker.tasks[5:]
    assert len(follow_ups) == 5 and all(t.category == TimeCategory.REFERRAL for t in follow_ups)


def test_ample_capacity_referrals_succeed_at_the_success_rate() -> None:
    partners, sched, _ = _partners(PartnerConfig(refer_share=1.0, capacity=10_000,
                                                 success_prob=0.3, max_wait_days=None))
    _refer(partners, _Worker(), 4000)
    sched.env.run(until=10_000.0)
    (p,) = partners.partners
    assert p.started == 4000 and p.failed == 0
    assert p.succeeded / 4000 == pytest.approx(0.3, abs=4 * math.sqrt(0.21 / 4000))


def test_partner_index_and_checks() -> None:
    partners = {"a": PartnerConfig(needs=["x"]), "b": PartnerConfig(needs=["x", "y"])}
    assert partner_index(partners, ["x", "y", "z"]) == [0, 1, -1]
    with pytest.raises(ConfigError, match=r"scenario\.partners\.a\.needs"):
        check_partners({"a": PartnerConfig(needs=["nope"])}, ["x"])
    with pytest.raises(ConfigError, match=r"scenario\.partners\.a\.capacity"):
        check_partners({"a": PartnerConfig(needs=["x"], capacity=-1)}, ["x"])
