"""Casework: referral, sessions after their interval, closure, re-referral, hand-over.

Workers are on continuous duty (24 h, 7 days) so every time follows from the inputs by hand;
a fake case factory hands out cases of known content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest
import simpy

from sim.agents.cases import ABANDONED, CLOSED, OPEN, STANDARD, WAITING, Case
from sim.agents.demand import NeedSpec
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.calendar import WorkCalendar
from sim.casework import Casework, Outcomes
from sim.distributions import make_sampler
from sim.policies.dispatch import make_dispatch
from sim.results.recorder import CASE_FIELDS, Recorder
from sim.scheduling import Scheduler, TraceRow
from sim.staff import Staff

H = 1.0 / 24.0  # one hour in days
ALWAYS = WorkCalendar(tuple(range(7)), 0.0, 24.0, 0.0)


def need_spec(interval: float = 2.0, success_prob: float = 0.8,
              patience: float | None = None) -> NeedSpec:
    """One need type; only what casework reads matters."""
    return NeedSpec(index=0, name="n", eligible=np.arange(10), rate_per_day=0.0,
                    urgent_share=0.0, target_days=(1.0, 7.0), intake_hours=1.0,
                    sessions_mean=1.0, session_hours=1.0, sampler=make_sampler("fixed", 0.0),
                    session_interval_days=interval, home_visit_share=0.0,
                    patience_days=patience, case_weight=1.0, recording_hours=0.0,
                    success_prob=success_prob)


@dataclass
class Content:
    """What the fake factory puts in its next case."""

    hours: tuple[float, ...] = (1.0,)
    success_u: float = 0.5
    rerefer_u: float = 0.5
    minority: bool = False


@dataclass
class FakeFactory:
    """Hands out cases of the given contents in order (then the default content)."""

    contents: list[Content] = field(default_factory=list)
    patience: float | None = None
    made: list[tuple[float, int, int]] = field(default_factory=list)  # (t, household, gen)

    def make(self, t: float, need: NeedSpec, household: int,
             generation: int = 0) -> tuple[Case, float | None]:
        """The next case, referred at ``t``."""
        spec = self.contents.pop(0) if self.contents else Content()
        self.made.append((t, household, generation))
        case = Case(len(self.made), need.index, household, 0, 0, STANDARD, spec.minority, t,
                    7.0, 1.0, [(h, False) for h in spec.hours], 0.0, spec.success_u,
                    spec.rerefer_u, generation)
        return case, self.patience


@dataclass
class Office:
    """Casework with its allocator, recorder and workers of cap 1."""

    sched: Scheduler
    staff: Staff[Worker]
    allocator: Allocator
    recorder: Recorder
    casework: Casework
    factory: FakeFactory
    trace: list[TraceRow]

    def refer_at(self, t: float, household: int = 0) -> None:
        """A referred need of ``household`` at time ``t``."""
        self.sched.at(t, lambda _e: self.casework.on_need(self.sched.now, 0, household, True))

    def run(self, until: float) -> None:
        """Run the clock to ``until``."""
        self.sched.env.run(until=until)

    def records(self) -> dict[int, dict[str, object]]:
        """Finished cases by id, each as ``{field: value}``."""
        return {int(r[0]): dict(zip(CASE_FIELDS, r, strict=True))  # type: ignore[call-overload]
                for r in self.recorder.records}

    def starts(self) -> list[tuple[float, int, str]]:
        """``(hour, worker, task)`` of every task started."""
        return [(round(t / H, 6), f["worker"], f["task"]) for t, e, f in self.trace
                if e == "start"]


def office(workers: int = 1, need: NeedSpec | None = None, outcomes: Outcomes | None = None,
           contents: list[Content] | None = None, patience: float | None = None) -> Office:
    trace: list[TraceRow] = []
    sched = Scheduler(simpy.Environment(), trace)
    recorder = Recorder(0.0, 100.0, 100.0, 1)
    staff: Staff[Worker] = Staff()
    allocator = Allocator(sched, make_dispatch("fifo"), staff, recorder)
    factory = FakeFactory(contents or [], patience)
    casework = Casework(sched, [need or need_spec()], factory,  # type: ignore[arg-type]
                        allocator, recorder, outcomes or Outcomes())
    for _ in range(workers):
        staff.add(Worker(sched, staff.next_id(), 0, ALWAYS, 1.0, (0.0, 100.0),
                         casework.on_contact_end, staff.room_changed))
    return Office(sched, staff, allocator, recorder, casework, factory, trace)


# --------------------------------------------------------------------------- referral


def test_a_hidden_need_is_counted_but_makes_no_case() -> None:
    o = office()
    o.casework.on_need(5.0, 0, 3, referred=False)
    assert o.recorder.needs_arisen == [1] and o.recorder.needs_referred == [0]
    assert o.factory.made == [] and o.recorder.referred == 0


def test_a_referred_need_becomes_a_case_and_is_allocated() -> None:
    o = office()
    o.refer_at(1.0, household=3)
    o.run(2.0)
    assert o.factory.made == [(1.0, 3, 0)]
    assert o.recorder.needs_referred == [1] and o.recorder.referred == 1
    assert (1.0, "referred", {"case": 1, "household": 3}) in o.trace
    assert (1.0, "allocated", {"case": 1, "worker": 0}) in o.trace
    assert o.starts() == [(24.0, 0, "case 1 contact 0")]
    # a one-contact case closes after its intake
    assert o.recorder.closed == 1 and not o.staff.get(0).cases


def test_patience_runs_only_while_waiting() -> None:
    """A case allocated at once gets no patience timer; one that waits abandons when its
    patience runs out, unless a worker takes it first."""
    o = office(contents=[Content(hours=(96.0,)), Content(), Content()], patience=1.0)
    o.refer_at(0.0)
    o.refer_at(0.0)
    o.refer_at(1.5)
    o.run(3.0)  # the first case's intake runs to day 4
    first = o.recorder.live[1]
    assert first.status == OPEN and first.patience is None
    records = o.records()
    assert records[2]["status"] == ABANDONED and records[2]["abandoned_at"] == 1.0
    assert records[3]["status"] == ABANDONED and records[3]["abandoned_at"] == 2.5
    assert o.recorder.abandoned == 2 and o.allocator.waiting == 0


def test_a_waiting_case_taken_before_its_patience_runs_out_stays() -> None:
    o = office(contents=[Content(hours=(12.0,)), Content()], patience=1.0)
    o.refer_at(0.0)
    o.refer_at(0.0)  # waits for the first case's intake (12 h) to end
    o.run(5.0)
    assert o.recorder.abandoned == 0 and o.recorder.closed == 2
    assert o.starts() == [(0.0, 0, "case 1 contact 0"), (12.0, 0, "case 2 contact 0")]


# --------------------------------------------------------------------------- sessions


def test_the_next_session_comes_after_the_interval() -> None:
    o = office(need=need_spec(interval=2.0), contents=[Content(hours=(1.0, 2.0, 1.0))])
    o.refer_at(0.0)
    o.run(1.0)
    case = o.recorder.live[1]
    assert case.due is not None and case.due.pending and case.next_contact == 1
    o.run(10.0)
    # intake 0-1 h; the session is due 2 days after each contact ends
    assert o.starts() == [(0.0, 0, "case 1 contact 0"), (49.0, 0, "case 1 contact 1"),
                          (99.0, 0, "case 1 contact 2")]
    assert case.status == CLOSED and case.closed_at == pytest.approx(100 * H)
    assert case.due is None


def test_without_an_interval_sessions_follow_at_once() -> None:
    o = office(need=need_spec(interval=0.0), contents=[Content(hours=(1.0, 2.0, 1.0))])
    o.refer_at(0.0)
    o.run(1.0)
    assert o.starts() == [(0.0, 0, "case 1 contact 0"), (1.0, 0, "case 1 contact 1"),
                          (3.0, 0, "case 1 contact 2")]
    assert o.recorder.closed == 1


# --------------------------------------------------------------------------- closure


@pytest.mark.parametrize(("success_u", "success"), [(0.79, True), (0.8, False), (0.95, False)])
def test_closure_draws_success_from_the_stored_uniform(success_u: float, success: bool) -> None:
    o = office(need=need_spec(success_prob=0.8), contents=[Content(success_u=success_u)])
    o.refer_at(0.0)
    o.run(1.0)
    (record,) = o.records().values()
    assert record["status"] == CLOSED and record["success"] is success
    assert record["closed_at"] == pytest.approx(H)
    assert o.staff.get(0).caseload == 0.0 and o.staff.get(0).open_cases == 0
    assert (H, "closed", {"case": 1, "worker": 0, "success": success}) in \
        [(pytest.approx(t), e, f) for t, e, f in o.trace]


def test_a_closure_frees_the_worker_for_a_waiting_case() -> None:
    o = office(contents=[Content(hours=(3.0,)), Content(hours=(1.0,))])
    o.refer_at(0.0)
    o.refer_at(0.0)
    o.run(0.5 * H)
    assert o.allocator.waiting == 1
    o.run(1.0)
    assert o.starts() == [(0.0, 0, "case 1 contact 0"), (3.0, 0, "case 2 contact 0")]
    assert o.recorder.closed == 2 and o.allocator.waiting == 0


@pytest.mark.parametrize(("minority", "interpreted", "p"),
                         [(False, False, 0.6), (True, False, 0.914), (True, True, 0.65)])
def test_success_probability(minority: bool, interpreted: bool, p: float) -> None:
    case = Case(1, 0, 0, 0, 0, STANDARD, minority, 0.0, 7.0, 1.0, [(1.0, False)], 0.0, 0.5,
                0.5)
    case.interpreted = interpreted
    assert Outcomes().success_probability(case, 0.6) == pytest.approx(p)
    assert Outcomes(success_factor=0.5).success_probability(case, 0.6) == pytest.approx(p / 2)


# --------------------------------------------------------------------------- re-referral


def test_a_failed_case_comes_back_after_the_delay() -> None:
    outcomes = Outcomes(rereferral_prob=0.3, rereferral_delay_days=10.0)
    o = office(outcomes=outcomes,
               contents=[Content(success_u=0.99, rerefer_u=0.2),   # fails, comes back
                         Content(success_u=0.99, rerefer_u=0.3)])  # fails, does not (0.3)
    o.refer_at(0.0, household=7)
    o.run(50.0)
    # generation 0 at day 0, fails at 1 h; generation 1 referred 10 days later
    assert o.factory.made == [(0.0, 7, 0), (pytest.approx(10.0 + H), 7, 1)]
    assert [(r["case_id"], r["success"], r["generation"]) for r in o.records().values()] == \
        [(1, False, 0), (2, False, 1)]


def test_a_successful_case_is_never_re_referred() -> None:
    o = office(outcomes=Outcomes(rereferral_prob=1.0, rereferral_delay_days=1.0),
               contents=[Content(success_u=0.0, rerefer_u=0.0)])
    o.refer_at(0.0)
    o.run(20.0)
    assert len(o.factory.made) == 1


# --------------------------------------------------------------------------- hand-over


def test_a_handed_back_case_loses_its_pending_session() -> None:
    """Worker 0 leaves while a session is due in two days: the session timer is cancelled, the
    case goes to worker 1 at once, which holds the session (with the hand-over hour) once."""
    o = office(workers=2, need=need_spec(interval=2.0),
               contents=[Content(hours=(1.0, 1.0, 1.0))])
    o.refer_at(0.0)
    o.run(0.5)
    w0 = o.staff.get(0)
    case = o.recorder.live[1]
    due = case.due
    assert due is not None and due.pending and case.worker == 0
    for handed in w0.retire():
        o.staff.remove(w0)
        o.allocator.hand_back(handed, handover_hours=1.0)
    assert not due.pending and case.status == OPEN and case.worker == 1
    o.run(10.0)
    # worker 1 holds session 1 at once (12 h, 2 h with the hand-over), session 2 two days on
    assert o.starts() == [(0.0, 0, "case 1 contact 0"), (12.0, 1, "case 1 contact 1"),
                          (62.0, 1, "case 1 contact 2")]
    assert w0.contacts_done == 1 and o.staff.get(1).contacts_done == 2
    assert case.status == CLOSED and o.recorder.closed == 1


def test_a_case_waiting_again_after_a_hand_back_keeps_its_history() -> None:
    o = office(workers=1, need=need_spec(interval=2.0), contents=[Content(hours=(1.0, 1.0))])
    o.refer_at(0.0)
    o.run(0.5)
    w0 = o.staff.get(0)
    (case,) = w0.retire()
    o.staff.remove(w0)
    o.allocator.hand_back(case, handover_hours=0.5)
    assert case.status == WAITING and case.due is None and o.allocator.waiting == 1
    o.run(10.0)
    assert o.starts() == [(0.0, 0, "case 1 contact 0")]  # nobody to hold the session
    assert case.allocated_at == 0.0 and case.next_contact == 1
