"""Effort composition: how many hours of which category one contact of a case takes.

A pure function of the contact and the worker's circumstances, so each ingredient
(interpreter, volunteers, travel, recording, handover) is testable on its own.
"""

from __future__ import annotations

from typing import Final

from sim.agents.timeuse import Parts
from sim.timecategory import TimeCategory as C

# the categories once, at import: an enum member looked up on its class costs several
# hundred instructions, and every contact names three
_INTAKE: Final = C.INTAKE
_DIRECT: Final = C.DIRECT
_TRAVEL: Final = C.TRAVEL
_RECORDING: Final = C.RECORDING
_COORDINATION: Final = C.COORDINATION


def contact_parts(work: float, *, first: bool, recording: float, handover: float = 0.0,
                  travel: float = 0.0, volunteered: bool = False,
                  coordination_share: float = 0.0) -> Parts:
    """Hours by category of one contact.

    Parameters
    ----------
    work
        Hours of the contact itself (already scaled for an interpreter).
    first
        The intake (first contact) rather than a session.
    recording
        Case recording after the contact.
    handover
        Extra hours of a case taken over from a leaver (added to the first contact the new
        worker holds; not spent when volunteers hold the session).
    travel
        Round-trip hours of a home visit (0 for an office contact).
    volunteered
        Volunteers hold the session: the worker only coordinates (``coordination_share`` of
        its hours) and records it.
    """
    if volunteered:
        return ((_RECORDING, recording), (_COORDINATION, work * coordination_share))
    work += handover
    return ((_INTAKE if first else _DIRECT, work), (_TRAVEL, travel), (_RECORDING, recording))


def interpreted_work(work: float, interpreted: bool, interpreter_factor: float) -> float:
    """Hours of a contact held through an interpreter (or not)."""
    return work * interpreter_factor if interpreted else work
