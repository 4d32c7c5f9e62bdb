"""Tasks: what a worker does, one at a time, inside duty hours.

A worker's task list holds tasks, not cases: a contact of a case is one kind of task, a
group activity another (and supervision, training or on-call duty can be added the same
way). A task says how urgent it is, how many hours of which time category it takes for this
worker, and who is told when it ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from sim.agents.cases import STANDARD, Case
from sim.agents.timeuse import Parts
from sim.timecategory import TimeCategory

if TYPE_CHECKING:
    from sim.agents.workers import Worker


class Task(Protocol):
    """Anything a worker can do."""

    @property
    def priority(self) -> int: ...

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

    def __init__(self, case: Case) -> None:
        self.case = case
        self.number = case.next_contact  # 0: the intake

    @property
    def priority(self) -> int:
        return self.case.priority

    def effort(self, worker: Worker, now: float) -> Parts:
        return worker.contact_effort(self.case, now)

    def finished(self, worker: Worker) -> None:
        worker.contact_ended(self.case)

    def label(self) -> str:
        return f"case {self.case.id} contact {self.number}"


class Activity:
    """A block of non-case work (a group activity, later supervision or training)."""

    __slots__ = ("category", "hours", "on_done", "priority", "station")

    def __init__(self, category: TimeCategory, hours: float, station: int,
                 on_done: Callable[[Activity], None] | None = None,
                 priority: int = STANDARD) -> None:
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
