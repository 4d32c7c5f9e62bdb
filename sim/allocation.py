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

    def refer(self, case: Case) -> None:
        """A new referral: to a worker with room now, else into the queue."""
        self.recorder.referral(case)
        worker = self.policy.choose_worker(case, self.workers)
        if worker is None:
            self.policy.add(case)
            self.waiting += 1
        else:
            self._allocate(case, worker)  # type: ignore[arg-type]

    def fill(self, worker: Worker) -> None:
        """Give ``worker`` waiting cases while it has room."""
        while self.waiting:
            case = self.policy.take(worker)
            if case is None:
                return
            self.waiting -= 1
            self._allocate(case, worker)  # type: ignore[arg-type]

    def abandon(self, case: Case) -> None:
        """Patience ran out: the case leaves if it is still waiting."""
        if case.status != WAITING:
            return
        case.status = ABANDONED
        case.abandoned_at = self.env.now
        self.waiting -= 1
        self.recorder.abandonment(case, self.env.now)

    def _allocate(self, case: Case, worker: Worker) -> None:
        case.status = OPEN
        case.allocated_at = self.env.now
        self.recorder.allocation(case, self.env.now)
        worker.assign(case)
