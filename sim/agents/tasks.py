"""Tasks: what a worker does, one at a time, inside duty hours.

A worker's task list holds tasks, not cases: a contact of a case is one kind of task, a
group activity another (and supervision, training or on-call duty can be added the same
way). A task says how urgent it is, how many hours of which time category it takes for this
worker, and who is told when it ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from sim.agents.cases import STANDARD, Case, first_contact
from sim.agents.effort import contact_parts, interpreted_work
from sim.agents.timeuse import Parts
from sim.timecategory import TimeCategory

if TYPE_CHECKING:
    from sim.agents.workers import Worker


class Task(Protocol):
    """Anything a worker can do (``anytime``: it starts at once, on duty or not)."""

    anytime: bool

    @property
    def priority(self) -> float: ...

    def effort(self, worker: Worker, now: float) -> Parts:
        """Hours by category when ``worker`` starts it at ``now``."""
        ...

    def finished(self, worker: Worker) -> None:
        """The task ended."""
        ...

    def label(self) -> str:
        """A short name for traces."""
        ...


class Contact:
    """The next contact (intake or session) of a case."""

    __slots__ = ("case", "number")
    anytime = False

    def __init__(self, case: Case) -> None:
        self.case = case
        self.number = case.next_contact  # 0: the intake

    @property
    def priority(self) -> int:
        return self.case.priority

    def effort(self, worker: Worker, now: float) -> Parts:
        """The contact's hours for this worker (interpreter, volunteers, travel, hand-over)."""
        case = self.case
        k = case.next_contact
        work, home = case.contacts[k]
        case.next_contact = k + 1
        if k == 0:
            first_contact(case, now)
        if case.interpreted:
            work = interpreted_work(work, True, worker.interpreter_factor)
        volunteers = worker.volunteers
        if (k > 0 and case.volunteer_ok and volunteers is not None
                and volunteers.take(work, now)):
            return contact_parts(work, first=False, recording=case.recording_hours,
                                 volunteered=True,
                                 coordination_share=volunteers.coordination_share)
        handover, case.handover_hours = case.handover_hours, 0.0
        travel = worker.travel_hours[case.community][worker.station] \
            if home and worker.travel_hours else 0.0
        return contact_parts(work, first=k == 0, recording=case.recording_hours,
                             handover=handover, travel=travel)

    def finished(self, worker: Worker) -> None:
        worker.on_contact_end(worker, self.case)

    def label(self) -> str:
        return f"case {self.case.id} contact {self.number}"


class Activity:
    """A block of non-case work (a group activity, later supervision or training)."""

    __slots__ = ("category", "hours", "on_done", "priority", "station")
    anytime = False

    def __init__(self, category: TimeCategory, hours: float, station: int,
                 on_done: Callable[[Activity], None] | None = None,
                 priority: float = STANDARD) -> None:
        self.category = category
        self.hours = hours
        self.station = station
        self.on_done = on_done
        self.priority = priority

    def effort(self, worker: Worker, now: float) -> Parts:
        return ((self.category, self.hours),)

    def finished(self, worker: Worker) -> None:
        if self.on_done is not None:
            self.on_done(self)

    def label(self) -> str:
        return f"{self.category.name.lower()} at station {self.station}"


class Callout(Contact):
    """An out-of-hours first contact by the worker on call: it starts at once, whatever the
    worker's calendar says, and ``done(worker, case, hours)`` decides what follows."""

    __slots__ = ("done", "hours")
    anytime = True

    def __init__(self, case: Case, done: Callable[[Worker, Case, float], None]) -> None:
        super().__init__(case)
        self.done = done
        self.hours = 0.0

    @property
    def priority(self) -> int:
        return -1  # ahead of everything queued

    def effort(self, worker: Worker, now: float) -> Parts:
        parts = super().effort(worker, now)
        self.hours = sum(h for _, h in parts)
        return parts

    def finished(self, worker: Worker) -> None:
        self.done(worker, self.case, self.hours)

    def label(self) -> str:
        return f"case {self.case.id} call-out"
