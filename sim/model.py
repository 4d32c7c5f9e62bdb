"""The model: owns the SimPy environment, wires demand, allocation and workers, runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import simpy

from sim.agents.agency import Agency
from sim.agents.cases import CLOSED, OPEN, WAITING, Case
from sim.agents.demand import CaseFactory, Demand, NeedSpec
from sim.agents.groupwork import GroupWork
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.results.recorder import Recorder
from sim.workforce import Workforce


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
        outcomes: Outcomes | None = None,
    ) -> None:
        self.env = env
        self.window = window
        self.needs = needs
        self.demand: Demand | None = None
        self.factory = factory
        self.agency = agency
        self.recorder = recorder
        self.outcomes = outcomes or Outcomes()
        self.workers: list[Worker] = []
        self.allocator: Allocator | None = None
        self.workforce: Workforce | None = None
        self.group_work: GroupWork | None = None

    def attach(self, demand: Demand, workers: list[Worker], allocator: Allocator,
               workforce: Workforce, group_work: GroupWork) -> None:
        """Attach demand, workers, allocation, HR and group work (the composition root)."""
        self.demand = demand
        self.workers = workers
        self.allocator = allocator
        self.workforce = workforce
        self.group_work = group_work

    # ------------------------------------------------------------------ events
    def on_need(self, t: float, need: int, household: int, referred: bool) -> None:
        """A need arose; a referred one becomes a case."""
        self.recorder.need(t, need, referred)
        if referred:
            self._refer(*self.factory.make(t, self.needs[need], household))

    def _refer(self, case: Case, patience: float | None) -> None:
        assert self.allocator is not None
        self.allocator.refer(case)
        if patience is not None and case.status == WAITING:
            allocator = self.allocator
            self.env.timeout(patience).callbacks.append(lambda _e: allocator.abandon(case))

    def on_contact_end(self, worker: Worker, case: Case) -> None:
        """A contact finished: queue the next session after its interval, or close."""
        if case.group_activity:
            assert self.group_work is not None
            self.group_work.done(case)
            return
        if case.remaining_contacts > 0:
            interval = self.needs[case.need].session_interval_days
            if interval > 0:
                self.env.timeout(interval).callbacks.append(
                    lambda _e: self._session_due(worker, case))
            else:
                worker.offer(case)
            return
        now = self.env.now
        case.status = CLOSED
        case.closed_at = now
        outcomes = self.outcomes
        p = outcomes.success_probability(case, self.needs[case.need].success_prob)
        case.success = case.success_u < p
        if not case.success and case.rerefer_u < outcomes.rereferral_prob:
            self.env.timeout(self.outcomes.rereferral_delay_days).callbacks.append(
                lambda _e: self._rerefer(case))
        worker.release(case)
        self.recorder.closure(case, now)
        assert self.allocator is not None
        self.allocator.fill(worker)

    @staticmethod
    def _session_due(worker: Worker, case: Case) -> None:
        """The next session is due, unless the case changed hands meanwhile."""
        if worker.active and case.worker == worker.id and case.status == OPEN:
            worker.offer(case)

    def _rerefer(self, failed: Case) -> None:
        """A failed case comes back as a new referral of the same household and need."""
        need = self.needs[failed.need]
        self._refer(*self.factory.make(self.env.now, need, failed.household,
                                       failed.generation + 1))

    def _snapshot(self) -> None:
        assert self.allocator is not None
        self.recorder.audit(
            self.env.now,
            self.allocator.waiting,
            sum(w.open_cases for w in self.workers if w.active),
            sum(1 for w in self.workers if w.active),
            sum(w.tasks_waiting for w in self.workers if w.active),
        )

    def _audit(self, _event: Any = None) -> None:
        self._snapshot()
        if self.env.now + self.window.audit_interval < self.window.horizon - 1e-9:
            self.env.timeout(self.window.audit_interval).callbacks.append(self._audit)

    # ------------------------------------------------------------------ run
    def run(self) -> Model:
        """Run to the horizon and close the accounts."""
        assert self.demand is not None and self.workforce is not None
        self.recorder.staff(0.0, len(self.workers))
        self.demand.start()
        self.agency.start(self.window.horizon)
        self.workforce.start()
        assert self.group_work is not None
        self.group_work.start(len(self.workforce.targets))
        self.env.timeout(0).callbacks.append(self._audit)
        self.env.timeout(self.window.warmup).callbacks.append(
            lambda _e: self.recorder.mark_warmup(self.env.now))
        self.env.run(until=self.window.horizon)
        self._snapshot()
        for worker in self.workers:
            worker.settle(self.window.horizon)
        self.workforce.settle(self.window.horizon)
        return self
