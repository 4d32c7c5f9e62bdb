"""The model: owns the SimPy environment, wires demand, allocation and workers, runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import simpy

from sim.agents.agency import Agency
from sim.agents.cases import CLOSED, Case
from sim.agents.demand import CaseFactory, Demand, NeedSpec
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.results.recorder import Recorder


@dataclass(frozen=True)
class Window:
    """Times of a run: KPIs count cases referred in ``[warmup, measure_to]``."""

    warmup: float
    horizon: float
    measure_to: float
    audit_interval: float


class Model:
    """One replication of a region: households, demand, workers and an agency."""

    def __init__(
        self,
        env: simpy.Environment,
        window: Window,
        needs: list[NeedSpec],
        factory: CaseFactory,
        agency: Agency,
        recorder: Recorder,
    ) -> None:
        self.env = env
        self.window = window
        self.needs = needs
        self.demand: Demand | None = None
        self.factory = factory
        self.agency = agency
        self.recorder = recorder
        self.workers: list[Worker] = []
        self.allocator: Allocator | None = None

    def attach(self, demand: Demand, workers: list[Worker], allocator: Allocator) -> None:
        """Attach demand, workforce and allocation queue (done by the composition root)."""
        self.demand = demand
        self.workers = workers
        self.allocator = allocator

    # ------------------------------------------------------------------ events
    def on_need(self, t: float, need: int, household: int, referred: bool) -> None:
        """A need arose; a referred one becomes a case."""
        self.recorder.need(t, need, referred)
        if not referred:
            return
        case, patience = self.factory.make(t, self.needs[need], household)
        assert self.allocator is not None
        self.allocator.refer(case)
        if patience is not None and case.status != CLOSED:
            allocator = self.allocator
            self.env.timeout(patience).callbacks.append(lambda _e: allocator.abandon(case))

    def on_contact_end(self, worker: Worker, case: Case) -> None:
        """A contact finished: queue the next session after its interval, or close."""
        if case.remaining_contacts > 0:
            interval = self.needs[case.need].session_interval_days
            if interval > 0:
                self.env.timeout(interval).callbacks.append(lambda _e: worker.offer(case))
            else:
                worker.offer(case)
            return
        case.status = CLOSED
        case.closed_at = self.env.now
        worker.release(case)
        self.recorder.closure(case, self.env.now)
        assert self.allocator is not None
        self.allocator.fill(worker)

    def _snapshot(self) -> None:
        assert self.allocator is not None
        self.recorder.audit(
            self.env.now,
            self.allocator.waiting,
            sum(w.open_cases for w in self.workers),
            len(self.workers),
            sum(w.tasks_waiting for w in self.workers),
        )

    def _audit(self, _event: Any = None) -> None:
        self._snapshot()
        if self.env.now + self.window.audit_interval < self.window.horizon - 1e-9:
            self.env.timeout(self.window.audit_interval).callbacks.append(self._audit)

    # ------------------------------------------------------------------ run
    def run(self) -> Model:
        """Run to the horizon and close the accounts."""
        assert self.demand is not None
        self.demand.start()
        self.env.timeout(0).callbacks.append(self._audit)
        self.env.run(until=self.window.horizon)
        self._snapshot()
        for worker in self.workers:
            worker.settle(self.window.horizon)
        return self
