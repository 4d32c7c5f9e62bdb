"""An exact event trace of a small integrated scenario, SimPy-style.

Two workers on continuous duty (24 h, 7 days, no admin), FIFO dispatch, a caseload cap of
one, five hand-made cases with fixed efforts: the trace pins the order and time of every
referral, allocation, contact, closure, an absence and a hand-over when worker 0 leaves.
Nothing random is drawn, so every time below follows from the inputs by hand.
"""

from __future__ import annotations

import numpy as np
import simpy

from sim.agents.cases import STANDARD, URGENT, Case
from sim.agents.demand import NeedSpec
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.calendar import WorkCalendar
from sim.casework import Casework, Outcomes
from sim.distributions import make_sampler
from sim.policies.dispatch import make_dispatch
from sim.results.recorder import Recorder
from sim.scheduling import Scheduler, TraceRow
from sim.staff import Staff

H = 1.0 / 24.0  # one hour in days


def _need() -> NeedSpec:
    return NeedSpec(index=0, name="n", eligible=np.arange(5), rate_per_day=0.0,
                    urgent_share=0.0, target_days=(1.0, 7.0), intake_hours=1.0,
                    sessions_mean=1.0, session_hours=1.0, sampler=make_sampler("fixed", 0.0),
                    session_interval_days=1.0, home_visit_share=0.0, patience_days=None,
                    case_weight=1.0, recording_hours=0.0, success_prob=1.0)


def _case(i: int, at: float, contacts: list[float], priority: int = STANDARD) -> Case:
    return Case(i, 0, i, 0, 0, priority, False, at, 7.0, 1.0, [(h, False) for h in contacts],
                0.0, 0.0, 1.0)


def run_scenario() -> list[TraceRow]:
    trace: list[TraceRow] = []
    env = simpy.Environment()
    sched = Scheduler(env, trace)
    recorder = Recorder(0.0, 100.0, 100.0, 1)
    staff: Staff[Worker] = Staff()
    allocator = Allocator(sched, make_dispatch("fifo"), staff, recorder)
    casework = Casework(sched, [_need()], None, allocator, recorder,  # type: ignore[arg-type]
                        Outcomes())
    always = WorkCalendar(tuple(range(7)), 0.0, 24.0, 0.0)
    for _ in range(2):
        staff.add(Worker(sched, staff.next_id(), 0, always, 1.0, (0.0, 100.0),
                         casework.on_contact_end, staff.room_changed))
    w0, w1 = staff.get(0), staff.get(1)
    cases = [_case(1, 0.0, [2.0, 1.0]), _case(2, 0.0, [3.0]), _case(3, 0.0, [1.0]),
             _case(4, 0.0, [1.0], URGENT), _case(5, 0.0, [1.0])]

    def refer(case: Case) -> None:
        sched.log("referred", case=case.id)
        allocator.refer(case)

    for case in cases[:3]:
        sched.after(0.0, lambda _e, c=case: refer(c))
    sched.after(0.5, lambda _e: w1.start_absence(0.25))   # w1 is away 12:00 to 18:00
    sched.after(0.5, lambda _e: refer(cases[3]))
    sched.after(1.0 + H, lambda _e: leave(w0))            # w0 leaves during case 1's gap

    def leave(worker: Worker) -> None:
        sched.log("left", worker=worker.id)
        for case in worker.retire():
            staff.remove(worker)
            allocator.hand_back(case, handover_hours=1.0)

    sched.after(3.0, lambda _e: refer(cases[4]))
    env.run(until=5.0)
    return trace


def test_the_trace_is_exactly_as_worked_out_by_hand() -> None:
    rows = [(round(t / H, 6), event, fields) for t, event, fields in run_scenario()]
    assert rows == [
        # hour 0: three referrals; two workers with cap 1 take cases 1 and 2, case 3 waits
        (0.0, "referred", {"case": 1}),
        (0.0, "allocated", {"case": 1, "worker": 0}),
        (0.0, "start", {"worker": 0, "task": "case 1 contact 0"}),
        (0.0, "referred", {"case": 2}),
        (0.0, "allocated", {"case": 2, "worker": 1}),
        (0.0, "start", {"worker": 1, "task": "case 2 contact 0"}),
        (0.0, "referred", {"case": 3}),
        # case 1's intake ends at 2 h; its session is due a day later, so w0 keeps it
        (2.0, "end", {"worker": 0, "task": "case 1 contact 0"}),
        # case 2 (one contact) closes at 3 h and w1 takes the waiting case 3
        (3.0, "end", {"worker": 1, "task": "case 2 contact 0"}),
        (3.0, "closed", {"case": 2, "worker": 1, "success": True}),
        (3.0, "allocated", {"case": 3, "worker": 1}),
        (3.0, "start", {"worker": 1, "task": "case 3 contact 0"}),
        (4.0, "end", {"worker": 1, "task": "case 3 contact 0"}),
        (4.0, "closed", {"case": 3, "worker": 1, "success": True}),
        # hour 12: w1 goes away for 6 h; the urgent case 4 takes w1's room at once (cap 1),
        # but its intake waits until w1 is back at hour 18
        (12.0, "referred", {"case": 4}),
        (12.0, "allocated", {"case": 4, "worker": 1}),
        (18.0, "start", {"worker": 1, "task": "case 4 contact 0"}),
        (19.0, "end", {"worker": 1, "task": "case 4 contact 0"}),
        (19.0, "closed", {"case": 4, "worker": 1, "success": True}),
        # hour 25: w0 leaves before case 1's session (due at hour 26 = 2 h + 24 h): the
        # pending session is cancelled (w0 never starts it) and case 1 goes to w1, whose
        # session takes 1 h plus an hour of hand-over
        (25.0, "left", {"worker": 0}),
        (25.0, "allocated", {"case": 1, "worker": 1}),
        (25.0, "start", {"worker": 1, "task": "case 1 contact 1"}),
        (27.0, "end", {"worker": 1, "task": "case 1 contact 1"}),
        (27.0, "closed", {"case": 1, "worker": 1, "success": True}),
        # day 3: one more referral, served by w1 (w0 is gone)
        (72.0, "referred", {"case": 5}),
        (72.0, "allocated", {"case": 5, "worker": 1}),
        (72.0, "start", {"worker": 1, "task": "case 5 contact 0"}),
        (73.0, "end", {"worker": 1, "task": "case 5 contact 0"}),
        (73.0, "closed", {"case": 5, "worker": 1, "success": True}),
    ]
