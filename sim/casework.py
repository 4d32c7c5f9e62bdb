"""Casework: what happens to a case between its referral and its end.

A need that is referred becomes a case (drawn by the case factory) and goes to allocation,
with a patience timer if the need type has one: patience runs until the first contact, so a
case may also leave after allocation, while waiting in its worker's task list. After each
contact the case either waits for its next session (a timer, cancelled if the case changes
hands) or closes; a case that closed without success may come back as a re-referral after a
delay.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from sim.agents import cases as lifecycle
from sim.agents.cases import Case
from sim.agents.demand import NeedSpec, Weigh
from sim.agents.tasks import Callout, Contact
from sim.agents.trust import TrustFeedback
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.cover import OnCallRota
from sim.results.reach import Reach
from sim.results.recorder import Recorder
from sim.routing import RotaRouter, Router

if TYPE_CHECKING:
    from sim.partners import Partners
from sim.scheduling import Scheduler


@dataclass(frozen=True)
class Outcomes:
    """How a closed case's success is decided and what a failure leads to."""

    success_factor: float = 1.0
    bilingual_success: float = 0.914
    interpreted_success: float = 0.65
    rereferral_prob: float = 0.0
    rereferral_delay_days: float = 30.0

    def success_probability(self, case: Case, base: float) -> float:
        """Probability that ``case`` succeeds, given its need type's ``base`` probability."""
        if case.minority:
            base = self.interpreted_success if case.interpreted else self.bilingual_success
        return base * self.success_factor


class Factory(Protocol):
    """What casework asks of the case factory (:class:`sim.agents.demand.CaseFactory`)."""

    def make(self, t: float, need: NeedSpec, household: int,
             generation: int = 0) -> tuple[Case, float | None]: ...


class Casework:
    """Referral, sessions, closure and re-referral of cases.

    Parameters
    ----------
    sched
        The replication's scheduler.
    needs
        Need types of the region.
    factory
        Draws a new case's content at referral.
    allocator
        Where referred cases go.
    recorder
        Where needs, referrals and closures are recorded.
    outcomes
        Success and re-referral rules.
    reweigh
        A case's weight after each contact but its last (the caseload policy's; ``None``:
        weights never change).
    rota
        The out-of-hours rota (``None``: none).
    feedback
        How a first contact (timely or not) or an abandonment moves trust (``None``: never).
    reach
        Records first contacts and home visits by year (``None``: not recorded).
    partners
        Partner units that take referrals out after the intake (``None``: none).
    """

    def __init__(self, sched: Scheduler, needs: list[NeedSpec], factory: Factory,
                 allocator: Allocator | Router, recorder: Recorder, outcomes: Outcomes,
                 reweigh: Weigh | None = None,
                 rota: OnCallRota | RotaRouter | None = None,
                 feedback: TrustFeedback | None = None, reach: Reach | None = None,
                 partners: Partners | None = None) -> None:
        self.sched = sched
        self.needs = needs
        self.factory = factory
        self.allocator = allocator
        self.recorder = recorder
        self.outcomes = outcomes
        self.reweigh = reweigh
        self.rota = rota
        self.feedback = feedback
        self.reach = reach
        self._abandon = allocator.abandon if feedback is None else self._abandon_hurts
        # the rota is asked only if someone can be on call (the policy's ``active`` is fixed)
        self._on_call = rota.worker_for if rota is not None and rota.policy.active else None
        self.partners = partners

    def on_need(self, t: float, need: int, household: int, referred: bool) -> None:
        """A need arose; a referred one becomes a case."""
        self.recorder.need(t, need, referred)
        if referred:
            case, patience = self.factory.make(t, self.needs[need], household)
            self._refer(case, patience)  # (not a star call: that costs a generic call)

    def _refer(self, case: Case, patience: float | None) -> None:
        if self.sched.tracing:
            self.sched.log("referred", case=case.id, household=case.household)
        on_call = self._on_call(case, case.referred_at) if self._on_call else None
        if on_call is None:
            self.allocator.refer(case)
        else:  # off duty, urgent: the worker on call makes the first contact at once
            self.allocator.call_out(case, on_call)
            on_call.offer(Callout(case, self.after_callout))
        if patience is not None and case.first_contact_at != case.first_contact_at:
            # not contacted yet (NaN): patience runs until the first contact
            case.patience = self.sched.after(patience, partial(self._abandon, case))

    def on_contact_end(self, worker: Worker, case: Case) -> None:
        """A contact finished: refer the case out to a partner after its intake (see
        :mod:`sim.partners`), or queue the next session after its interval, or close."""
        if self.reach is not None or self.feedback is not None:
            self._contacted(case)
        if (case.next_contact == 1 and self.partners is not None
                and self.partners.refer_out(worker, case)):
            return
        if case.remaining_contacts > 0:
            if self.reweigh is not None:  # booked hours changed; freed room to waiting cases
                worker.reweigh(case, self.reweigh(case))
                if self.allocator.waiting:
                    self.allocator.fill(worker)
            interval = self.needs[case.need].session_interval_days
            if interval > 0:
                case.due = self.sched.after(interval, partial(self._session_due, worker, case))
            else:
                worker.offer(Contact(case))
            return
        self._close(case)
        worker.release(case)
        if self.sched.tracing:
            self.sched.log("closed", case=case.id, worker=worker.id, success=case.success)
        if self.allocator.waiting:
            self.allocator.fill(worker)

    def _close(self, case: Case) -> None:
        """The last contact ended: success is drawn, a failure may come back later."""
        now = self.sched.env._now  # the clock without the property call: once per case
        outcomes = self.outcomes
        p = outcomes.success_probability(case, self.needs[case.need].success_prob)
        lifecycle.close(case, now, case.success_u < p)
        if not case.success and case.rerefer_u < outcomes.rereferral_prob:
            self.sched.after(outcomes.rereferral_delay_days, partial(self._rerefer, case))
        self.recorder.closure(case, now)

    def after_callout(self, worker: Worker, case: Case, hours: float) -> None:
        """An out-of-hours first contact ended: the call-out hours are compensated and the
        case goes to allocation for its sessions (or closes if it had none)."""
        assert self.rota is not None
        self.rota.compensate(worker, hours)
        if self.reach is not None or self.feedback is not None:
            self._contacted(case)
        if case.remaining_contacts > 0:
            self.allocator.hand_back(case, 0.0)
        else:
            self._close(case)
            if self.sched.tracing:
                self.sched.log("closed", case=case.id, worker=worker.id, success=case.success)

    def _contacted(self, case: Case) -> None:
        """A contact of ``case`` ended: a home visit is counted; the first one serves the
        household, and its timeliness moves the household's trust."""
        k = case.next_contact
        first = k == 1
        if self.reach is not None:
            self.reach.contact_ended(self.sched.env._now, case.household, first,
                                     case.contacts[k - 1][1])
        if first and self.feedback is not None:
            timely = case.first_contact_at - case.referred_at <= case.target_days
            self.feedback.first_contact(case.household, timely)

    def _abandon_hurts(self, case: Case, _event: Any = None) -> None:
        """Patience ran out: the case leaves, and the household's trust falls."""
        self.allocator.abandon(case)
        assert self.feedback is not None
        self.feedback.abandoned(case.household)

    @staticmethod
    def _session_due(worker: Worker, case: Case, _event: Any = None) -> None:
        case.due = None
        worker.offer(Contact(case))

    def _rerefer(self, failed: Case, _event: Any = None) -> None:
        """A failed case comes back as a new referral of the same household and need."""
        need = self.needs[failed.need]
        case, patience = self.factory.make(self.sched.env.now, need, failed.household,
                                           failed.generation + 1)
        self._refer(case, patience)
