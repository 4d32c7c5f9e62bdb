"""Protocols and read-only views that policies see.

A policy is a small object with one job. It receives read-only views of the model and
returns decisions; it never schedules events or touches the environment.
"""

from __future__ import annotations

from typing import Protocol


class CaseView(Protocol):
    """What a policy may read of a case."""

    @property
    def id(self) -> int: ...

    @property
    def priority(self) -> int: ...

    @property
    def station(self) -> int: ...

    @property
    def weight(self) -> float: ...

    @property
    def minority(self) -> bool: ...

    @property
    def referred_at(self) -> float: ...

    @property
    def status(self) -> int: ...

    @property
    def household(self) -> int: ...


class WorkerView(Protocol):
    """What a policy may read of a worker."""

    @property
    def id(self) -> int: ...

    @property
    def station(self) -> int: ...

    @property
    def caseload(self) -> float: ...

    @property
    def bilingual(self) -> bool: ...

    def has_room(self, weight: float) -> bool: ...


class StaffView(Protocol):
    """What a dispatch policy may ask the staff registry (see :class:`sim.staff.Staff`)."""

    def get(self, worker_id: int) -> WorkerView: ...

    def best_with_room(self, weight: float, order: str = "id", *, station: int | None = None,
                       bilingual: bool | None = None) -> WorkerView | None: ...


class DispatchPolicy(Protocol):
    """Decides who gets which case: holds the allocation queue.

    ``add`` files a waiting case; ``take`` removes and returns the waiting case that a worker
    with spare capacity should take next (or ``None``: it takes none, also when the policy
    leaves the waiting cases to better-placed colleagues, asked of the staff registry);
    ``choose_worker`` asks the staff registry for the worker with room a newly referred case
    goes to (or ``None`` to queue it); ``recheck_after`` says after how many days a queued
    case should be offered again to every worker (a rule that depends on waiting time needs
    it); ``allocated`` tells the policy which worker took which case. Cases that leave the
    queue otherwise (abandonment) are skipped by ``take`` once their status is no longer
    waiting.
    """

    name: str

    def add(self, case: CaseView) -> None: ...

    def take(self, worker: WorkerView, staff: StaffView, now: float) -> CaseView | None: ...

    def choose_worker(self, case: CaseView, staff: StaffView, now: float) -> WorkerView | None: ...

    def recheck_after(self, case: CaseView) -> float | None: ...

    def allocated(self, case: CaseView, worker: WorkerView) -> None: ...
