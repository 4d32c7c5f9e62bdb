"""Partner units: the "N" of "1+1+N" (one centre, one social worker, many partners).

A partner is an outside organisation (a hospital, a school, legal aid) that takes referrals of
given need types. After a case's intake, if a partner takes its need type, the worker refers
it out with probability ``refer_share`` (the partner's own ``partner-<name>`` stream, drawn at
the end of the intake). Then:

1. The worker makes the referral: a task of ``referral_hours`` in the time category
   ``referral``. When it ends, the case leaves the worker's caseload with status
   ``referred_out`` (so referred = waiting + open + closed + abandoned + referred out).
2. The partner's own intake delay passes (exponential, mean ``wait_days``); then the referral
   joins the partner's queue (first come, first served) for one of ``capacity`` places.
3. A referral not started within ``max_wait_days`` of being made **fails** (it leaves the
   queue, counted in ``partner_failures``); with ``max_wait_days: null`` it waits on, and a
   partner of zero capacity then holds every referral waiting to the end of the run.
   At any moment, per partner: referred = delayed + waiting + started + failed.
4. A started referral is served for an exponential time (mean ``service_days``) and succeeds
   with probability ``success_prob``; the referring worker, if still employed, then follows
   it up (``follow_up_hours``, category ``referral``).

A case whose intake was an out-of-hours call-out, or whose worker left before the referral
task ended, is not referred out: it goes on with its sessions as usual.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sim.agents import cases as lifecycle
from sim.agents.cases import Case
from sim.agents.tasks import Activity
from sim.agents.workers import Worker
from sim.checks import check_choice, check_min, check_share
from sim.config import PartnerConfig
from sim.results.probes import Counter, Tally
from sim.rng import Stream
from sim.scheduling import Handle, Scheduler
from sim.timecategory import TimeCategory


@dataclass
class _Referral:
    case: Case
    worker: Worker
    made_at: float
    expiry: Handle | None = None
    failed: bool = False
    arrived: bool = False


@dataclass
class PartnerProbes:
    """What partners record (each probe counts the measurement period)."""

    referred: Counter
    successes: Counter
    failures: Counter
    outcomes: Counter
    waits: Tally


@dataclass
class Partner:
    """One partner unit: its queue, its places in use and its draws."""

    name: str
    terms: PartnerConfig
    stream: Stream
    queue: deque[_Referral] = field(default_factory=deque)
    in_service: int = 0
    referred: int = 0  # over the whole run, as the next three
    started: int = 0
    succeeded: int = 0
    failed: int = 0
    delayed: int = 0  # now in the partner's own intake delay


class Partners:
    """Every partner of the region, and the referrals out they take.

    Parameters
    ----------
    sched
        The replication's scheduler.
    partners
        The partners; ``by_need[need]`` is the index of the partner taking that need type
        (the first listed, if several) or ``-1``.
    by_need
        Partner index per need type.
    on_referred_out
        Called with ``(case, now)`` when a case leaves its worker for a partner (the recorder).
    probes
        Where referrals, outcomes and waits are counted.
    """

    def __init__(self, sched: Scheduler, partners: list[Partner], by_need: list[int],
                 on_referred_out: Any, probes: PartnerProbes) -> None:
        self.sched = sched
        self.partners = partners
        self.by_need = by_need
        self.on_referred_out = on_referred_out
        self.probes = probes
        self._room_listeners: list[Callable[[Worker], None]] = []

    def on_room(self, listener: Callable[[Worker], None]) -> None:
        """Register ``listener`` (allocation's ``fill``): called with a worker whose room a
        referral out freed (once, when connecting)."""
        self._room_listeners.append(listener)

    def refer_out(self, worker: Worker, case: Case) -> bool:
        """After the intake: refer ``case`` out (and return ``True``) or not."""
        index = self.by_need[case.need]
        if index < 0:
            return False
        partner = self.partners[index]
        if partner.stream.uniform() >= partner.terms.refer_share:
            return False
        worker.offer(Activity(TimeCategory.REFERRAL, partner.terms.referral_hours,
                              worker.station, partial(self._made, partner, worker, case)))
        return True

    def _made(self, partner: Partner, worker: Worker, case: Case, _task: object) -> None:
        if case.status != lifecycle.OPEN or case.worker != worker.id or not worker.active:
            return  # handed over meanwhile: the case goes on with its new worker
        now = self.sched.now
        lifecycle.refer_out(case, now)
        worker.release(case)
        self.on_referred_out(case, now)
        for listener in self._room_listeners:
            listener(worker)  # the freed room takes a waiting case
        self.probes.referred.add(now)
        partner.referred += 1
        partner.delayed += 1
        referral = _Referral(case, worker, now)
        delay = partner.stream.exponential(partner.terms.wait_days) \
            if partner.terms.wait_days > 0 else 0.0
        self.sched.after(delay, partial(self._arrive, partner, referral))
        if partner.terms.max_wait_days is not None:
            referral.expiry = self.sched.after(partner.terms.max_wait_days,
                                               partial(self._expire, partner, referral))

    def _arrive(self, partner: Partner, referral: _Referral, _event: Any = None) -> None:
        if referral.failed:
            return  # failed before its intake delay had passed
        referral.arrived = True
        partner.delayed -= 1
        partner.queue.append(referral)
        self._start_next(partner)

    def _start_next(self, partner: Partner) -> None:
        while partner.queue and partner.in_service < partner.terms.capacity:
            referral = partner.queue.popleft()
            if referral.expiry is not None:
                referral.expiry.cancel()
            partner.in_service += 1
            partner.started += 1
            now = self.sched.now
            self.probes.waits.observe(now, now - referral.made_at)
            service = partner.stream.exponential(partner.terms.service_days)
            self.sched.after(service, partial(self._served, partner, referral))

    def _expire(self, partner: Partner, referral: _Referral, _event: Any = None) -> None:
        referral.failed = True
        if referral.arrived:
            partner.queue.remove(referral)
        else:
            partner.delayed -= 1
        now = self.sched.now
        partner.failed += 1
        self.probes.failures.add(now)
        self.probes.outcomes.add(now)

    def _served(self, partner: Partner, referral: _Referral, _event: Any = None) -> None:
        now = self.sched.now
        partner.in_service -= 1
        if partner.stream.uniform() < partner.terms.success_prob:
            partner.succeeded += 1
            self.probes.successes.add(now)
        self.probes.outcomes.add(now)
        worker = referral.worker
        if worker.active and partner.terms.follow_up_hours > 0:
            worker.offer(Activity(TimeCategory.REFERRAL, partner.terms.follow_up_hours,
                                  worker.station))
        self._start_next(partner)

    def results(self) -> dict[str, Any]:
        """Referrals out, their outcomes and waits in the measurement period; per partner
        (``partner:<name>:<count>``) over the whole run."""
        p = self.probes
        per = {f"partner:{q.name}:{k}": getattr(q, k) for q in self.partners
               for k in ("referred", "delayed", "started", "succeeded", "failed",
                         "in_service")}
        per.update({f"partner:{q.name}:waiting": len(q.queue) for q in self.partners})
        return {**per, "referrals_out": p.referred.value, "partner_successes": p.successes.value,
                "partner_failures": p.failures.value, "partner_outcomes": p.outcomes.value,
                "partner_wait_mean_days": p.waits.mean(),
                "partner_waiting_at_end": sum(len(q.queue) for q in self.partners)}


#: The scalars of a run without partner units.
NO_PARTNERS: dict[str, Any] = {"referrals_out": 0, "partner_successes": 0,
                               "partner_failures": 0, "partner_outcomes": 0,
                               "partner_wait_mean_days": float("nan"),
                               "partner_waiting_at_end": 0}


def partner_index(partners: dict[str, PartnerConfig], needs: list[str]) -> list[int]:
    """For each need type, the first partner listed that takes it, or ``-1``."""
    names = list(partners)
    return [next((i for i, n in enumerate(names) if need in partners[n].needs), -1)
            for need in needs]


def check_partners(partners: dict[str, PartnerConfig], needs: list[str]) -> None:
    """Known need types, shares and probabilities in [0, 1], non-negative times and places
    (one ``ConfigError`` naming the key)."""
    for name, p in partners.items():
        key = f"scenario.partners.{name}"
        for need in p.needs:
            check_choice(f"{key}.needs", need, needs)
        check_share(f"{key}.refer_share", p.refer_share)
        check_share(f"{key}.success_prob", p.success_prob)
        check_min(f"{key}.capacity", p.capacity, 0)
        for k in ("referral_hours", "follow_up_hours", "wait_days"):
            check_min(f"{key}.{k}", getattr(p, k), 0.0)
        check_min(f"{key}.service_days", p.service_days, 0.0, strict=True)
        if p.max_wait_days is not None:
            check_min(f"{key}.max_wait_days", p.max_wait_days, 0.0)
