"""A case: one referred need, from referral to closure or abandonment."""

from __future__ import annotations

import math

URGENT = 0
STANDARD = 1
PRIORITY_NAMES = ("urgent", "standard")

WAITING = "waiting"
OPEN = "open"
CLOSED = "closed"
ABANDONED = "abandoned"

NAN = math.nan


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
        "allocated_at",
        "closed_at",
        "community",
        "contacts",
        "first_contact_at",
        "generation",
        "group_activity",
        "handover_hours",
        "household",
        "id",
        "interpreted",
        "minority",
        "need",
        "next_contact",
        "priority",
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
        group_activity: bool = False,
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
        self.group_activity = group_activity
        self.success = False
        self.interpreted = False
        self.handover_hours = 0.0
        self.status = WAITING
        self.worker = -1
        self.next_contact = 0
        self.allocated_at = NAN
        self.first_contact_at = NAN
        self.closed_at = NAN
        self.abandoned_at = NAN

    @property
    def remaining_contacts(self) -> int:
        """Contacts not yet started."""
        return len(self.contacts) - self.next_contact
