"""Allocation: referred cases meet workers with spare capacity, as the dispatch policy says."""

from __future__ import annotations

from functools import partial
from typing import Any

from sim.agents import cases as lifecycle
from sim.agents.cases import Case
from sim.agents.workers import Worker
from sim.policies.base import DispatchPolicy, StaffView
from sim.results.recorder import Recorder
from sim.scheduling import Scheduler


class Allocator:
    """The allocation queue of an agency.

    Parameters
    ----------
    sched
        The replication's scheduler.
    policy
        Dispatch policy: holds the queue and makes the choices.
    staff
        The staff registry (who has room, indexed).
    recorder
        Where allocations and abandonments are recorded.
    """

    def __init__(self, sched: Scheduler, policy: DispatchPolicy, staff: StaffView,
                 recorder: Recorder) -> None:
        self.sched = sched
        self._env = sched.env  # hot paths read its clock ``_now`` without the property call
        self.policy = policy
        self.staff = staff
        self.recorder = recorder
        self.waiting = 0

    def refer(self, case: Case) -> None:
        """A new referral: to a worker with room now, else into the queue."""
        now = self._env._now
        worker = self.policy.choose_worker(case, self.staff, now)
        if worker is None:
            self.recorder.referral(case, queued=True)
            self._enqueue(case)
            return
        # _allocate, inlined with the referral's record: once per case. A case allocated at
        # once never waits: it never enters the backlog.
        lifecycle.allocate(case, worker.id, now)
        self.recorder.allocated_at_referral(case, now)
        self.policy.allocated(case, worker)
        if self.sched.tracing:
            self.sched.log("allocated", case=case.id, worker=worker.id)
        worker.assign(case)  # type: ignore[attr-defined]

    def _enqueue(self, case: Case) -> None:
        self.policy.add(case)
        self.waiting += 1
        delay = self.policy.recheck_after(case)
        if delay is not None:
            case.recheck = self.sched.after(delay, partial(self._recheck, case))

    def _recheck(self, case: Case, _event: Any = None) -> None:
        """Offer a waiting case to every worker again (its waiting time changed)."""
        case.recheck = None
        worker = self.policy.choose_worker(case, self.staff, self.sched.env.now)
        if worker is not None:
            self.fill(worker)  # type: ignore[arg-type]

    def fill(self, worker: Worker) -> None:
        """Give ``worker`` waiting cases while it has room."""
        while self.waiting and worker.active and worker.caseload < worker.cap_now - 1e-9:
            case = self.policy.take(worker, self.staff, self._env._now)
            if case is None:
                return
            self.waiting -= 1
            self._allocate(case, worker)  # type: ignore[arg-type]

    def hand_back(self, case: Case, handover_hours: float) -> None:
        """An open case of a leaver goes back to allocation (it keeps its history)."""
        lifecycle.hand_back(case, handover_hours)
        worker = self.policy.choose_worker(case, self.staff, self.sched.env.now)
        self.recorder.handover(case, self.sched.env.now, queued=worker is None)
        if worker is None:
            self.policy.add(case)
            self.waiting += 1
        else:
            self._allocate(case, worker, queued=False)  # type: ignore[arg-type]

    def abandon(self, case: Case, _event: Any = None) -> None:
        """Patience ran out before the first contact.

        A case still in the queue leaves it; an allocated case leaves its worker's task list
        and releases the worker's room (then the worker may take a waiting case).
        """
        now = self.sched.env.now
        queued = case.status == lifecycle.WAITING
        worker = None if queued else self.staff.get(case.worker)
        lifecycle.abandon(case, now)
        if queued:
            self.waiting -= 1
        else:
            worker.drop(case)  # type: ignore[union-attr]
        self.recorder.abandonment(case, now, queued)
        if self.sched.tracing:
            self.sched.log("abandoned", case=case.id, allocated=not queued)
        if worker is not None:
            self.fill(worker)  # type: ignore[arg-type]

    def call_out(self, case: Case, worker: Worker) -> None:
        """The worker on call makes a new case's first contact off duty: the case is theirs
        for that contact only (not on their caseload), then comes back to allocation."""
        now = self.sched.env.now
        self.recorder.referral(case, queued=False)
        lifecycle.allocate(case, worker.id, now)
        self.recorder.allocation(case, now, False)
        if self.sched.tracing:
            self.sched.log("call_out", case=case.id, worker=worker.id, station=worker.station)

    def _allocate(self, case: Case, worker: Worker, queued: bool = True) -> None:
        now = self._env._now
        lifecycle.allocate(case, worker.id, now)
        self.recorder.allocation(case, now, queued)
        self.policy.allocated(case, worker)
        if self.sched.tracing:
            self.sched.log("allocated", case=case.id, worker=worker.id)
        worker.assign(case)
