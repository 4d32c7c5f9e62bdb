"""Out-of-hours cover: who makes an urgent first contact outside duty hours.

=================  ==========================================================================
``office_hours``   nobody: an urgent case referred in the evening, at a weekend or on a
                   holiday waits for the next duty time
``on_call``        a rota: outside duty hours, on rest days and on holidays one worker per
                   station (or per agency) is on call and makes the first contact of an urgent
                   referral at once; the case then goes to allocation for its sessions. The
                   rota turns every ``rota_days`` over the station's workers in order of id;
                   an absent worker is skipped. Call-out hours are counted as on-call time and
                   paid (at ``pay_factor`` times the hourly cost) or given back as time off in
                   lieu
=================  ==========================================================================
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sim.checks import check_choice, check_min
from sim.policies.base import WorkerView
from sim.policies.registry import Family, Option, Parameters, itself


class CoverPolicy(Protocol):
    """What the model asks of an out-of-hours cover policy."""

    @property
    def name(self) -> str: ...

    @property
    def active(self) -> bool:
        """Whether anyone is ever on call."""
        ...

    @property
    def compensation(self) -> str: ...

    @property
    def pay_factor(self) -> float: ...

    def on_call(self, workers: Sequence[WorkerView], now: float,
                absent_until: Sequence[float]) -> WorkerView | None:
        """The worker on call at ``now`` among ``workers`` (in id order), or ``None``."""
        ...


@dataclass
class OfficeHours(Parameters):
    """``office_hours``: no out-of-hours cover (no parameters)."""

    name: str = "office_hours"
    compensation: str = "none"
    pay_factor: float = 0.0

    @property
    def active(self) -> bool:
        """Nobody is on call."""
        return False

    def on_call(self, workers: Sequence[WorkerView], now: float,
                absent_until: Sequence[float]) -> WorkerView | None:
        """Nobody."""
        return None


@dataclass
class OnCall(Parameters):
    """``on_call``: a rota of one worker per station (or per agency) out of hours.

    Parameters
    ----------
    scope
        ``station`` (one worker on call per station) or ``agency`` (one for all stations).
    rota_days
        Days each worker is on call before the next takes over.
    compensation
        ``paid`` (call-out hours paid at ``pay_factor`` times the hourly cost of a worker) or
        ``toil`` (time off in lieu: the same hours off duty, taken at once).
    pay_factor
        Multiple of the hourly cost paid per call-out hour (``paid``).
    """

    name: str = "on_call"
    scope: str = "station"
    rota_days: float = 7.0
    compensation: str = "toil"
    pay_factor: float = 1.5

    @property
    def active(self) -> bool:
        """Someone is on call out of hours."""
        return True

    def on_call(self, workers: Sequence[WorkerView], now: float,
                absent_until: Sequence[float]) -> WorkerView | None:
        """The rota's worker for the period containing ``now``, skipping absent ones."""
        n = len(workers)
        first = int(now // self.rota_days) % n if n else 0
        for k in range(n):
            i = (first + k) % n
            if absent_until[i] <= now:
                return workers[i]
        return None

    def check(self, key: str) -> None:
        """Scope and compensation from their lists; a positive rota; a factor ``>= 0``."""
        check_choice(f"{key}.scope", self.scope, ("station", "agency"))
        check_min(f"{key}.rota_days", self.rota_days, 0.0, strict=True)
        check_choice(f"{key}.compensation", self.compensation, ("paid", "toil"))
        check_min(f"{key}.pay_factor", self.pay_factor, 0.0)


COVER: Family[CoverPolicy] = Family("cover", [
    Option("office_hours", OfficeHours, itself),
    Option("on_call", OnCall, itself),
])
