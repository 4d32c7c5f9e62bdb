"""Allocation: referred cases meet workers with spare capacity, as the dispatch policy says."""

from __future__ import annotations

import simpy

from sim.agents.cases import ABANDONED, OPEN, WAITING, Case
from sim.agents.workers import Worker
from sim.policies.base import DispatchPolicy
from sim.results.recorder import Recorder


class Allocator:
    """The allocation queue of an agency.

    Parameters
    ----------
    env
        The simulation environment.
    policy
        Dispatch policy: holds the queue and makes the choices.
    workers
        Workers who may take cases.
    recorder
        Where allocations and abandonments are recorded.
    """

    def __init__(
        self,
        env: simpy.Environment,
        policy: DispatchPolicy,
        workers: list[Worker],
        recorder: Recorder,
    ) -> None:
        self.env = env
        self.policy = policy
        self.workers = workers
        self.recorder = recorder
        self.waiting = 0
        # Workers with some room under their cap: the only candidates for a new case, kept
        # up to date by the workers themselves (scanning every worker per referral is what
        # dominated the cost of a run).
        self._free: dict[int, Worker] = {}
        for worker in workers:
            self.track(worker)

    def track(self, worker: Worker) -> None:
        """Follow ``worker``'s room (call once for every worker, including later hires)."""
        worker.on_room_change = self._room_changed
        self._room_changed(worker)

    def _room_changed(self, worker: Worker) -> None:
        if worker.active and worker.caseload < worker.cap_now - 1e-9:
            self._free[worker.id] = worker
        else:
            self._free.pop(worker.id, None)

    def candidates(self) -> list[Worker]:
        """Workers with some room (in no particular order: policies choose by key)."""
        return list(self._free.values())

    def refer(self, case: Case) -> None:
        """A new referral: to a worker with room now, else into the queue."""
        worker = self.policy.choose_worker(case, self.candidates(), self.env.now)
        # A case allocated at once never waits: it never enters the backlog.
        self.recorder.referral(case, queued=worker is None)
        if worker is None:
            self._enqueue(case)
        else:
            self._allocate(case, worker, queued=False)  # type: ignore[arg-type]

    def _enqueue(self, case: Case) -> None:
        self.policy.add(case)
        self.waiting += 1
        delay = self.policy.recheck_after(case)
        if delay is not None:
            self.env.timeout(delay).callbacks.append(lambda _e: self._recheck(case))

    def _recheck(self, case: Case) -> None:
        """Offer a still-waiting case to every worker again (its waiting time changed)."""
        if case.status != WAITING or not self.waiting:
            return
        worker = self.policy.choose_worker(case, self.candidates(), self.env.now)
        if worker is not None:
            self.fill(worker)  # type: ignore[arg-type]

    def fill(self, worker: Worker) -> None:
        """Give ``worker`` waiting cases while it has room."""
        while self.waiting and worker.active and worker.caseload < worker.cap_now - 1e-9:
            case = self.policy.take(worker, self.env.now)
            if case is None:
                return
            self.waiting -= 1
            self._allocate(case, worker)  # type: ignore[arg-type]

    def hand_back(self, case: Case) -> None:
        """An open case of a leaver goes back to allocation (it keeps its history)."""
        case.status = WAITING
        worker = self.policy.choose_worker(case, self.candidates(), self.env.now)
        self.recorder.handover(case, self.env.now, queued=worker is None)
        if worker is None:
            self.policy.add(case)
            self.waiting += 1
        else:
            self._allocate(case, worker, queued=False)  # type: ignore[arg-type]

    def abandon(self, case: Case) -> None:
        """Patience ran out: the case leaves if it is still waiting for its first worker.

        A case handed back by a leaver is waiting again but has been served: it stays.
        """
        if case.status != WAITING or case.allocated_at == case.allocated_at:  # not NaN
            return
        case.status = ABANDONED
        case.abandoned_at = self.env.now
        self.waiting -= 1
        self.recorder.abandonment(case, self.env.now)

    def _allocate(self, case: Case, worker: Worker, queued: bool = True) -> None:
        now = self.env.now
        case.status = OPEN
        if case.allocated_at != case.allocated_at:  # NaN: first allocation (not a handover)
            case.allocated_at = now
        self.recorder.allocation(case, now, queued)
        worker.assign(case)
