"""Social workers: a caseload, a personal task list and a record of how time was spent.

A worker is driven by callbacks on scheduled timeouts rather than by a process: one event
per task, no generator to resume. Tasks (the contacts of the worker's cases, group
activities) start only inside the productive window of the worker's calendar; a task that
runs past the end of duty finishes and the excess is overtime.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from typing import Any

from sim.agents.caseholder import _ignore
from sim.agents.cases import STANDARD, Case
from sim.agents.tasks import Activity, Contact, Task
from sim.agents.timekeeping import Timekeeping
from sim.agents.volunteers import VolunteerPool
from sim.calendar import WorkCalendar
from sim.scheduling import Handle, Scheduler, Timer
from sim.timecategory import TimeCategory
from sim.units import HOURS_PER_DAY

ContactEnd = Callable[["Worker", Case], None]
#: Administration set aside comes after urgent contacts and before standard ones.
ADMIN_PRIORITY = STANDARD - 0.5
RoomChange = Callable[["Worker"], None]


class Worker(Timekeeping):
    """One social worker: a caseload and time accounts
    (:class:`~sim.agents.timekeeping.Timekeeping`) and the task list worked through in duty.

    Parameters
    ----------
    sched, worker_id, station, cap, on_room_change, bilingual, calendar, window
        The replication's scheduler; the rest as for ``Timekeeping``.
    on_contact_end
        Called after every contact of a case; decides what happens next to the case.
    travel_hours, interpreter_factor
        Round-trip hours of a home visit (by community, then by the worker's station), and
        the effort multiplier of contacts held through an interpreter.
    volunteers
        The volunteer pool that volunteer-eligible sessions may use.
    admin_share, admin_limit_hours
        Share of duty hours due as administration (see ``Timekeeping``), and the backlog
        above which the worker sets time aside for it as a task (competing with casework).
    """

    def __init__(
        self,
        sched: Scheduler,
        worker_id: int,
        station: int,
        calendar: WorkCalendar,
        cap: float,
        window: tuple[float, float],
        on_contact_end: ContactEnd,
        on_room_change: RoomChange = _ignore,
        travel_hours: list[list[float]] | None = None,
        bilingual: bool = False,
        interpreter_factor: float = 1.0,
        volunteers: VolunteerPool | None = None,
        admin_share: float = 0.0,
        admin_limit_hours: float = math.inf,
    ) -> None:
        super().__init__(sched.env, worker_id, station, cap, on_room_change,  # type: ignore[arg-type]
                         bilingual, calendar, window, admin_share)
        self.sched = sched
        self.on_contact_end = on_contact_end
        self.travel_hours = travel_hours
        self.interpreter_factor = interpreter_factor
        self.volunteers = volunteers
        self._always_on = calendar.always_on
        self.admin_limit_hours = admin_limit_hours
        self._admin_queued = False
        self.callouts = 0  # call-outs held (in progress or queued): cases not on the caseload
        self._timers: list[Timer] = []  # the worker's own pending timers (cancelled on leaving)
        self._leave_when_free: Callable[[Worker], None] | None = None
        self._tasks: list[tuple[float, float, int, Task]] = []
        self._seq = 0
        self._busy = False
        self._wake: Handle | None = None
        self._end_of_task = self._end  # bound once: a timer per task calls it back

    def drop(self, case: Case) -> None:
        """Drop a case that left before its first contact: its room and its queued task."""
        self._tasks = [entry for entry in self._tasks
                       if not (isinstance(entry[3], Contact) and entry[3].case is case)]
        heapq.heapify(self._tasks)
        self.release(case)

    # ------------------------------------------------------------------ tasks
    def offer(self, task: Task) -> None:
        """Queue ``task``; start it if the worker is free.

        Raises
        ------
        RuntimeError
            If the worker has left (nothing may offer work to a leaver).
        """
        if not self.active:
            raise RuntimeError(f"worker {self.id} has left: cannot take {task.label()}")
        now = self._env._now
        if not self._busy and self._always_on and now >= self.absent_until:
            # Free, on duty around the clock: the task list is empty, so queueing this
            # task would only hand it straight back.
            self._busy = True
            self._begin(task, now)
            return
        self._seq += 1
        heapq.heappush(self._tasks, (task.priority, now, self._seq, task))
        if task.anytime:
            self.callouts += 1
        if not self._busy:
            self._start_next()
        elif task.anytime and self._wake is not None:  # waiting for duty: a call-out won't
            self._wake.cancel()
            self._start_next()

    def _start_next(self, _event: Any = None) -> None:
        self._wake = None
        if not self._tasks:
            self._busy = False
            return
        self._busy = True
        now = self._env._now
        if (self._always_on and now >= self.absent_until) or self._tasks[0][3].anytime:
            self._begin(heapq.heappop(self._tasks)[3], now)
            return
        start = self.calendar.next_start(max(now, self.absent_until))
        if start > now:
            self._wake = self.sched.after(start - now, self._start_next)
            return
        self._begin(heapq.heappop(self._tasks)[3], now)

    def _begin(self, task: Task, now: float) -> None:
        if self.sched.tracing:
            self.sched.log("start", worker=self.id, task=task.label())
        self.work_hours_total += self.account.idle_until(now)  # admin done while free
        parts = task.effort(self, now)
        hours = 0.0
        for _category, h in parts:
            hours += h
        end = now + hours / HOURS_PER_DAY
        duty_end = math.inf if self._always_on else self.calendar.duty_end(now)
        on_call = task.anytime and self.calendar.next_start(now) > now
        if on_call:  # a call-out off duty: on-call time until duty starts
            duty_end = self.calendar.next_start(now)
        self._current = (now, end, duty_end, parts, task, on_call)
        self.sched.after(end - now, self._end_of_task)

    def _end(self, _event: Any) -> None:
        assert self._current is not None
        start, end, duty_end, parts, task, on_call = self._current
        self._current = None
        self.account.task(start, end, duty_end, parts, on_call)
        self.contacts_done += 1
        self.work_hours_total += (end - start) * HOURS_PER_DAY
        if self.sched.tracing:
            self.sched.log("end", worker=self.id, task=task.label())
        if task.anytime:
            self.callouts -= 1
        if type(task) is Contact:  # Contact.finished, inlined: once per contact
            self.on_contact_end(self, task.case)
        else:
            task.finished(self)
        if self._leave_when_free is not None:
            self._leave_when_free(self)
            return
        if self._pending_absence is not None:
            self.start_absence(*self._pending_absence)
        if self.account.admin_share:
            self._admin_due(task, end)
        if self._tasks:
            self._start_next()
        else:  # _start_next's first test, inlined: once per task
            self._busy = False

    def _admin_due(self, done: Task, now: float) -> None:
        """Set time aside for administration when casework has crowded it out too long."""
        if done.priority == ADMIN_PRIORITY:
            self._admin_queued = False
        if self._admin_queued:
            return
        backlog = self.account.admin_backlog(now)
        if backlog > self.admin_limit_hours:
            self._admin_queued = True  # work the backlog down to half the limit
            hours = min(backlog - self.admin_limit_hours / 2.0, self.calendar.hours_per_day)
            self.offer(Activity(TimeCategory.ADMIN, hours, self.station,
                                priority=ADMIN_PRIORITY))

    # ------------------------------------------------------------------ exit
    def after(self, delay: float, callback: Callable[[Any], None]) -> Timer:
        """A timer of this worker's (absence, ramp-up): cancelled if the worker leaves first."""
        if len(self._timers) > 8:
            self._timers = [t for t in self._timers if t.pending]
        timer = self.sched.after(delay, callback)
        self._timers.append(timer)
        return timer

    def leave_when_free(self, on_leave: Callable[[Worker], None]) -> None:
        """Leave now, or at the end of the task in progress; ``on_leave`` does the rest."""
        if self._current is None:
            on_leave(self)
        else:  # no new case meanwhile: it would only be handed straight back
            self._leave_when_free = on_leave
            self.close_to_new_cases()

    def retire(self) -> list[Case]:
        """Stop working now: close the accounts and hand back the open cases."""
        now = self.sched.env.now
        self.settle(now)
        self.account.close(now, self.absent_until, self._away_category)
        self.active = False
        if self._wake is not None:
            self._wake.cancel()
            self._wake = None
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        self._tasks.clear()
        return self.release_all()

    @property
    def tasks_waiting(self) -> int:
        """Tasks due but not yet started."""
        return len(self._tasks)
