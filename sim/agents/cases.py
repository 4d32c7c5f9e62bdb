"""A case: one referred need, and the lifecycle that moves it from referral to its end.

States: ``waiting`` (for allocation) → ``open`` (a worker holds it) → ``closed``, or
``abandoned`` before the first contact (while waiting for allocation, or allocated and
waiting in the worker's task list). Every state change goes through the functions at the end of
this module, which also cancel the case's pending timers (patience, recheck, next session),
so no callback has to check a status before it acts.
"""

from __future__ import annotations

import math
from typing import Protocol

URGENT = 0
STANDARD = 1
PRIORITY_NAMES = ("urgent", "standard")

# States of a case (small integers: a case record is a row of numbers; names in STATUSES)
WAITING = 0
OPEN = 1
CLOSED = 2
ABANDONED = 3
REFERRED_OUT = 4
STATUSES = ("waiting", "open", "closed", "abandoned", "referred_out")

NAN = math.nan


class Cancellable(Protocol):
    """A pending timer (see :class:`sim.scheduling.Handle`)."""

    def cancel(self) -> None: ...


class Case:
    """One referral and what happened to it.

    ``contacts`` holds, for the intake and each session, ``(work_hours, home_visit)`` drawn at
    referral, and ``success_u`` / ``rerefer_u`` the uniforms that decide success at closure
    and re-referral after a failure, so that every policy sees the same case content (common
    random numbers); travel and success probability depend on the worker and are set then.
    Instants end in ``_at`` (clock days; NaN until they happen).
    """

    __slots__ = (
        "abandoned_at",
        "agency",
        "allocated_at",
        "closed_at",
        "community",
        "contacts",
        "due",
        "first_contact_at",
        "generation",
        "handover_hours",
        "household",
        "id",
        "interpreted",
        "minority",
        "need",
        "next_contact",
        "patience",
        "priority",
        "recheck",
        "recording_hours",
        "referred_at",
        "rerefer_u",
        "station",
        "status",
        "success",
        "success_u",
        "target_days",
        "volunteer_ok",
        "weight",
        "worker",
    )

    def __init__(
        self,
        case_id: int,
        need: int,
        household: int,
        community: int,
        station: int,
        priority: int,
        minority: bool,
        referred_at: float,
        target_days: float,
        weight: float,
        contacts: list[tuple[float, bool]],
        recording_hours: float,
        success_u: float,
        rerefer_u: float,
        generation: int = 0,
        volunteer_ok: bool = False,
    ) -> None:
        self.id = case_id
        self.need = need
        self.household = household
        self.community = community
        self.station = station
        self.priority = priority
        self.minority = minority
        self.referred_at = referred_at
        self.target_days = target_days
        self.weight = weight
        self.contacts = contacts
        self.recording_hours = recording_hours
        self.success_u = success_u
        self.rerefer_u = rerefer_u
        self.generation = generation
        self.volunteer_ok = volunteer_ok
        self.patience: Cancellable | None = None
        self.recheck: Cancellable | None = None
        self.due: Cancellable | None = None
        self.success = False
        self.interpreted = False
        self.handover_hours = 0.0
        self.status = WAITING
        self.worker = -1
        self.agency = 0  # the contracted agency (-1: uncontracted; see sim.routing)
        self.next_contact = 0
        self.allocated_at = NAN
        self.first_contact_at = NAN
        self.closed_at = NAN
        self.abandoned_at = NAN

    @property
    def remaining_contacts(self) -> int:
        """Contacts not yet started."""
        return len(self.contacts) - self.next_contact


# --------------------------------------------------------------------------- lifecycle


def _cancel(timer: Cancellable | None) -> None:
    if timer is not None:
        timer.cancel()


def allocate(case: Case, worker: int, now: float) -> None:
    """A worker takes the case (its first allocation, or a handed-over case's next)."""
    case.status = OPEN
    case.worker = worker
    if case.allocated_at != case.allocated_at:  # NaN: first allocation (not a handover)
        case.allocated_at = now
    if case.recheck is not None:  # (_cancel, inlined: once per case)
        case.recheck.cancel()
        case.recheck = None


def first_contact(case: Case, now: float) -> None:
    """The intake begins: patience runs until the first contact, and ends here."""
    case.first_contact_at = now
    if case.patience is not None:
        case.patience.cancel()
        case.patience = None


def close(case: Case, now: float, success: bool) -> None:
    """The last contact ended."""
    case.status = CLOSED
    case.closed_at = now
    case.success = success


def abandon(case: Case, now: float) -> None:
    """Patience ran out before the first contact (waiting for allocation, or allocated and
    waiting in the worker's task list)."""
    case.status = ABANDONED
    case.abandoned_at = now
    _cancel(case.recheck)
    case.patience = case.recheck = None


def refer_out(case: Case, now: float) -> None:
    """The worker referred the case on to a partner unit after the intake (it leaves the
    caseload; :mod:`sim.partners` follows it there)."""
    case.status = REFERRED_OUT
    _cancel(case.due)
    case.due = None


def hand_back(case: Case, handover_hours: float) -> None:
    """The case's worker left: it waits for allocation again (its history is kept)."""
    case.status = WAITING
    case.handover_hours = handover_hours
    _cancel(case.due)
    case.due = None
