"""The model: one replication's components, run through their lifecycle.

Every component is constructed by :mod:`sim.build` without references it does not need,
connected there once (callbacks registered at construction or through ``on_*`` methods),
then the model starts them, runs the clock to the horizon, settles the accounts and asks
each for its ``results()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sim.agencies import AgencyGroup, AllStaff, WorkforceGroup
from sim.agents.agency import Agency
from sim.agents.demand import Demand
from sim.agents.groupwork import GroupWork
from sim.agents.trust import Trust
from sim.agents.volunteers import VolunteerPool
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.casework import Casework
from sim.gcquiet import quiet_gc
from sim.partners import NO_PARTNERS, Partners
from sim.results.reach import Reach
from sim.results.recorder import Recorder, Window
from sim.routing import Router
from sim.scheduling import Scheduler
from sim.staff import Staff
from sim.workforce import Workforce


@dataclass
class Model:
    """One replication of a region, fully built."""

    sched: Scheduler
    window: Window
    recorder: Recorder
    staff: Staff[Worker] | AllStaff
    demand: Demand
    casework: Casework
    allocator: Allocator | Router
    agency: Agency | AgencyGroup
    workforce: Workforce | WorkforceGroup
    group_work: GroupWork
    volunteers: VolunteerPool
    facts: dict[str, Any] = field(default_factory=dict)
    """Static facts of the region reported with the scalars (see ``sim.results.facts``)."""
    trust: Trust | None = None
    reach: Reach | None = None
    trust_audits: list[tuple[float, float, float, float]] = field(default_factory=list)
    """``(time, min, mean, max)`` of household trust at every audit."""
    partners: Partners | None = None
    """Partner units taking referrals out (``None``: their scalars are zero)."""

    @property
    def workers(self) -> list[Worker]:
        """Every worker ever employed, in id order."""
        return self.staff.ever()

    # ------------------------------------------------------------------ audits
    def _snapshot(self) -> None:
        active = self.staff.active()
        self.recorder.audit(
            self.sched.now,
            self.allocator.waiting,
            sum(w.open_cases + w.callouts for w in active),
            len(active),
            sum(w.tasks_waiting for w in active),
        )
        if self.trust is not None and len(self.trust):
            values = self.trust.array()
            self.trust_audits.append((self.sched.now, float(values.min()),
                                      float(values.mean()), float(values.max())))

    def _audit(self, _event: Any = None) -> None:
        self._snapshot()
        self.sched.compact()
        if self.sched.now + self.window.audit_interval < self.window.horizon - 1e-9:
            self.sched.after(self.window.audit_interval, self._audit)

    def _mark_warmup(self, _event: Any = None) -> None:
        self.recorder.mark_warmup(self.sched.now)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Start every component (order matters for events at equal times)."""
        self.demand.start()
        self.agency.start(self.window.horizon)
        self.workforce.start()
        self.group_work.start()
        self.sched.after(0, self._audit)
        self.sched.after(self.window.warmup, self._mark_warmup)

    def settle(self) -> None:
        """Close every account at the horizon."""
        horizon = self.window.horizon
        self._snapshot()
        for worker in self.workers:
            worker.settle(horizon)
        self.workforce.settle(horizon)

    def run(self) -> Model:
        """Start, run to the horizon and settle."""
        self.start()
        with quiet_gc():  # fewer collections: results do not depend on them
            self.sched.run(self.window.horizon)
        self.settle()
        return self

    def results(self) -> dict[str, Any]:
        """The run scalars: every component's results, merged."""
        rec = self.recorder.results()
        measured = self.window.horizon - self.window.warmup
        return {**rec, **self.agency.results(rec["workers"], measured),
                **self.workforce.results(), **self.group_work.results(),
                "volunteer_hours": self.volunteers.hours_used, **self.demand.results(),
                **(self.partners.results() if self.partners is not None else NO_PARTNERS),
                **self._participation(), **self.facts}

    def _participation(self) -> dict[str, Any]:
        """Reach, volunteers and trust at the horizon."""
        out: dict[str, Any] = {
            "volunteers_active": float(self.volunteers.active(self.window.horizon)),
            "trust_mean_end": self.trust.mean() if self.trust is not None else float("nan")}
        if self.reach is not None:
            out.update(self.reach.results())
        return out
