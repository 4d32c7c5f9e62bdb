"""A worker's caseload: the open cases it holds against its cap, and the room left under it.

:class:`CaseHolder` is the part of a worker that the staff registry and dispatch read (identity,
station, status, caseload, cap) and that allocation changes (assign, reweigh, release). The
task list that turns cases into contacts is :class:`~sim.agents.workers.Worker`'s, which
builds on this class.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import simpy
from mypy_extensions import mypyc_attr

from sim.agents.cases import Case
from sim.agents.tasks import Contact, Task

RoomChange = Callable[["CaseHolder"], None]


def _ignore(_worker: CaseHolder) -> None:
    return None


@mypyc_attr(allow_interpreted_subclasses=True)  # a compiled build (see setup.py) too
class CaseHolder:
    """A caseload under a (possibly reduced) cap.

    Parameters
    ----------
    env
        The replication's SimPy environment (its clock stamps each new case).
    worker_id, station
        Identity (issued by the staff registry) and the index of the worker's station.
    cap
        CaseHolder cap (sum of case weights).
    on_room_change
        Called whenever the room under the cap may have changed (the staff registry).
    bilingual
        Whether the worker speaks the minority language.
    """

    def __init__(self, env: simpy.Environment, worker_id: int, station: int, cap: float,
                 on_room_change: RoomChange = _ignore, bilingual: bool = False) -> None:
        self._env = env  # hot paths read its clock ``_now`` without the property call
        self.id = worker_id
        self.station = station
        self.cap = self.cap_now = cap
        self._on_room_change = on_room_change
        self.bilingual = bilingual
        self.caseload = 0.0
        self.open_cases = 0
        self.max_caseload = 0.0
        self.cases: set[Case] = set()
        self.active = True
        self.last_new_case_at = -math.inf
        self._leaving = False

    def has_room(self, weight: float) -> bool:
        """Whether an active worker can take a case of ``weight`` under the current cap."""
        return self.active and self.caseload + weight <= self.cap_now + 1e-9

    def set_cap(self, cap: float) -> None:
        """Change the current cap (a reduced one while a new worker ramps up)."""
        if self._leaving:
            return  # leaving: no room whatever the cap
        self.cap_now = cap
        self._on_room_change(self)

    def close_to_new_cases(self) -> None:
        """No room any more whatever the cap (the worker leaves when the task ends)."""
        self._leaving = True
        self.cap_now = 0.0
        self._on_room_change(self)

    def assign(self, case: Case) -> None:
        """Take ``case`` onto the caseload and queue its intake (or its next contact)."""
        self.caseload += case.weight
        self.open_cases += 1
        self.max_caseload = max(self.max_caseload, self.caseload)
        self.cases.add(case)
        self.last_new_case_at = self._env._now
        case.interpreted = case.minority and not self.bilingual
        self._on_room_change(self)
        self.offer(Contact(case))

    def offer(self, task: Task) -> None:
        """Queue ``task`` (the worker's task list does it)."""
        raise NotImplementedError

    def reweigh(self, case: Case, weight: float) -> None:
        """Give an open case a new weight (its booked hours changed): the caseload follows."""
        self.caseload += weight - case.weight
        case.weight = weight
        self._on_room_change(self)

    def release(self, case: Case) -> None:
        """Drop a case from the caseload (closed, or handed back)."""
        self.caseload -= case.weight
        self.open_cases -= 1
        self.cases.discard(case)
        self._on_room_change(self)

    def release_all(self) -> list[Case]:
        """Hand back every open case (in id order) and report the room change."""
        cases = sorted(self.cases, key=lambda c: c.id)
        for case in cases:
            self.release(case)
        self._on_room_change(self)
        return cases
