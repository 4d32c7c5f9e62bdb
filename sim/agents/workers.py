"""Social workers: a caseload, a personal task list and a record of how time was spent.

A worker is driven by callbacks on SimPy timeouts rather than by a process: one event per
contact, no generator to resume. Tasks (the intake and each session of the worker's cases)
start only inside the productive window of the worker's calendar; a task that runs past the
end of duty finishes and the excess is overtime.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from typing import Any

import simpy

from sim.agents.cases import Case
from sim.agents.timeuse import Parts, TimeUse
from sim.agents.volunteers import VolunteerPool
from sim.calendar import WorkCalendar
from sim.units import HOURS_PER_DAY

ContactEnd = Callable[["Worker", Case], None]


class Worker:
    """One social worker.

    Parameters
    ----------
    env
        The simulation environment.
    worker_id, station
        Identity and the index of the station the worker is based at.
    calendar
        Duty hours.
    cap
        Caseload cap (sum of case weights).
    window
        Accounting window (clock days) for time use: the measurement period.
    on_contact_end
        Called after every contact; decides what happens next to the case.
    travel_hours
        Round-trip hours of a home visit, by community then by the worker's station.
    bilingual
        Whether the worker speaks the minority language.
    interpreter_factor
        Effort multiplier of contacts held through an interpreter.
    volunteers
        The volunteer pool that volunteer-eligible sessions may use.
    """

    def __init__(
        self,
        env: simpy.Environment,
        worker_id: int,
        station: int,
        calendar: WorkCalendar,
        cap: float,
        window: tuple[float, float],
        on_contact_end: ContactEnd,
        travel_hours: list[list[float]] | None = None,
        bilingual: bool = False,
        interpreter_factor: float = 1.0,
        volunteers: VolunteerPool | None = None,
    ) -> None:
        self.env = env
        self.id = worker_id
        self.station = station
        self.calendar = calendar
        self.cap = cap
        self.window = window
        self.on_contact_end = on_contact_end
        self.travel_hours = travel_hours
        self.bilingual = bilingual
        self.interpreter_factor = interpreter_factor
        self.volunteers = volunteers
        self._always_on = calendar.always_on
        self.caseload = 0.0
        self.open_cases = 0
        self.max_caseload = 0.0
        self.contacts_done = 0
        self.time_use = TimeUse()
        self.cases: set[Case] = set()
        self.active = True
        self.hired_at = -math.inf
        self.cap_now = cap
        self.on_room_change: Callable[[Worker], None] | None = None
        self.absent_until = -math.inf
        self.burnout = 0.0
        self.work_hours_total = 0.0
        self._pending_absence = 0.0
        self._leave_when_free: Callable[[Worker], None] | None = None
        self._tasks: list[tuple[int, float, int, Case]] = []
        self._seq = 0
        self._busy = False
        self._gap_from = window[0]
        self._current: tuple[float, float, float, Parts, Case] | None
        self._current = None

    # ------------------------------------------------------------------ caseload
    def has_room(self, weight: float) -> bool:
        """Whether an active worker can take a case of ``weight`` under the current cap."""
        return self.active and self.caseload + weight <= self.cap_now + 1e-9

    def set_cap(self, cap: float) -> None:
        """Change the current cap (a reduced one while a new worker ramps up)."""
        self.cap_now = cap
        self._room_changed()

    def _room_changed(self) -> None:
        if self.on_room_change is not None:
            self.on_room_change(self)

    def assign(self, case: Case) -> None:
        """Take ``case`` onto the caseload and queue its intake."""
        self.caseload += case.weight
        self.open_cases += 1
        self.max_caseload = max(self.max_caseload, self.caseload)
        self.cases.add(case)
        case.worker = self.id
        case.interpreted = case.minority and not self.bilingual
        if self.on_room_change is not None:
            self.on_room_change(self)
        self.offer(case)

    def release(self, case: Case) -> None:
        """Drop a closed case from the caseload."""
        self.caseload -= case.weight
        self.open_cases -= 1
        self.cases.discard(case)
        if self.on_room_change is not None:
            self.on_room_change(self)

    # ------------------------------------------------------------------ tasks
    def offer(self, case: Case) -> None:
        """Queue the next contact of ``case``; start it if the worker is free."""
        now = self.env.now
        if not self._busy and self._always_on and now >= self.absent_until and self.active:
            # Free, on duty around the clock: the task list is empty, so queueing this
            # contact would only hand it straight back.
            self._busy = True
            self._begin(case, now)
            return
        self._seq += 1
        heapq.heappush(self._tasks, (case.priority, now, self._seq, case))
        if not self._busy:
            self._start_next()

    def _start_next(self, _event: Any = None) -> None:
        if not self.active:
            return
        if not self._tasks:
            self._busy = False
            return
        self._busy = True
        now = self.env.now
        if self._always_on and now >= self.absent_until:
            self._begin(heapq.heappop(self._tasks)[3], now)
            return
        start = self.calendar.next_start(max(now, self.absent_until))
        if start > now:
            self.env.timeout(start - now).callbacks.append(self._start_next)
            return
        self._begin(heapq.heappop(self._tasks)[3], now)

    def _begin(self, case: Case, now: float) -> None:
        self._count_idle(now)
        k = case.next_contact
        work, home = case.contacts[k]
        case.next_contact = k + 1
        if k == 0:
            case.first_contact_at = now
        parts = self._parts(case, k, work, home, now)
        hours = sum(parts)
        end = now + hours / HOURS_PER_DAY
        duty_end = math.inf if self._always_on else self.calendar.duty_end(now)
        self._current = (now, end, duty_end, parts, case)
        self.env.timeout(end - now).callbacks.append(self._end)

    def _parts(self, case: Case, k: int, work: float, home: bool, now: float) -> Parts:
        """Hours of this contact by time category."""
        if case.group_activity:
            return (0.0, 0.0, 0.0, 0.0, 0.0, work)
        if case.interpreted:
            work *= self.interpreter_factor
        rec = case.recording_hours
        if k > 0 and case.volunteer_ok and self.volunteers and self.volunteers.take(work, now):
            return (0.0, 0.0, 0.0, rec, work * self.volunteers.coordination_share, 0.0)
        work += case.handover_hours
        case.handover_hours = 0.0
        travel = 0.0
        if home and self.travel_hours:
            travel = self.travel_hours[case.community][self.station]
        return (work if k == 0 else 0.0, work if k > 0 else 0.0, travel, rec, 0.0, 0.0)

    def _end(self, _event: Any) -> None:
        assert self._current is not None
        start, end, duty_end, parts, case = self._current
        self._current = None
        self.time_use.add_task(start, end, duty_end, parts, self.window)
        self._gap_from = end
        self.contacts_done += 1
        self.work_hours_total += (end - start) * HOURS_PER_DAY
        self.on_contact_end(self, case)
        if self._leave_when_free is not None:
            self._leave_when_free(self)
            return
        if self._pending_absence:
            self.start_absence(self._pending_absence)
        self._start_next()

    def _count_idle(self, until: float) -> None:
        w_lo, w_hi = self.window
        lo = self._gap_from if self._gap_from > w_lo else w_lo
        hi = until if until < w_hi else w_hi
        if hi > lo:
            if self._always_on:  # every hour is productive: no calendar arithmetic
                self.time_use.idle += (hi - lo) * HOURS_PER_DAY
                return
            productive = self.calendar.productive_hours
            self.time_use.idle += productive(hi) - productive(lo)

    # ------------------------------------------------------------------ absence and exit
    @property
    def in_task(self) -> bool:
        """Whether a contact is in progress."""
        return self._current is not None

    def start_absence(self, days: float) -> None:
        """Be absent for ``days`` from now (from the end of the contact in progress)."""
        if self._current is not None:
            self._pending_absence = days
            return
        self._pending_absence = 0.0
        now = self.env.now
        self._count_idle(now)
        begin = max(now, self.absent_until)  # an absence during an absence extends it
        self.absent_until = max(self.absent_until, now + days)
        self._gap_from = self.absent_until
        lo, hi = max(begin, self.window[0]), min(self.absent_until, self.window[1])
        if hi > lo:
            self.time_use.absence += (self.calendar.productive_hours(hi)
                                      - self.calendar.productive_hours(lo))

    def leave_when_free(self, on_leave: Callable[[Worker], None]) -> None:
        """Leave now, or at the end of the contact in progress; ``on_leave`` does the rest."""
        if self._current is None:
            on_leave(self)
        else:
            self._leave_when_free = on_leave

    def retire(self) -> list[Case]:
        """Stop working now: close the accounts and hand back the open cases."""
        now = self.env.now
        self.settle(now)
        lo, hi = max(now, self.window[0]), min(self.absent_until, self.window[1])
        if hi > lo:  # an absence counted to its end is cut short by leaving
            self.time_use.absence -= (self.calendar.productive_hours(hi)
                                      - self.calendar.productive_hours(lo))
        self.window = (self.window[0], min(self.window[1], max(now, self.window[0])))
        self.active = False
        self._room_changed()
        self._tasks.clear()
        cases = sorted(self.cases, key=lambda c: c.id)
        for case in cases:
            self.release(case)
        return cases

    # ------------------------------------------------------------------ accounts
    def settle(self, until: float) -> None:
        """Close the time accounts at ``until`` (the end of the run)."""
        if not self.active:
            return
        if self._current is not None:
            start, end, duty_end, parts, _ = self._current
            self.time_use.add_task(start, end, duty_end, parts, (self.window[0], until))
        elif self.absent_until > until:
            self._gap_from = math.inf  # absence to the end was counted when it began
        else:
            self._count_idle(until)
            self._gap_from = math.inf

    def duty_hours(self, until: float) -> float:
        """Duty hours inside the accounting window up to ``until``."""
        lo, hi = self.window[0], min(until, self.window[1])
        return max(0.0, self.calendar.duty_hours(hi) - self.calendar.duty_hours(lo))

    def productive_hours(self, until: float) -> float:
        """Productive-window hours inside the accounting window up to ``until``."""
        lo, hi = self.window[0], min(until, self.window[1])
        return max(0.0, self.calendar.productive_hours(hi) - self.calendar.productive_hours(lo))

    @property
    def tasks_waiting(self) -> int:
        """Contacts due but not yet started."""
        return len(self._tasks)
