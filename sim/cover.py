"""The on-call rota: who makes an urgent first contact outside duty hours, and what it costs.

The cover policy (:mod:`sim.policies.cover`) says whether anyone is on call and how the rota
turns; this component applies it to the staff of the run: it finds the worker on call for a
case's station (or for the agency) when a referral arrives off duty, and compensates the
call-out hours (paid from the agency's balance, or as time off in lieu).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import overload

from sim.agents.cases import URGENT, Case
from sim.agents.workers import Worker
from sim.calendar import WorkCalendar
from sim.policies.cover import CoverPolicy
from sim.staff import Staff
from sim.timecategory import TimeCategory
from sim.units import DAYS_PER_WEEK


class OnCallRota:
    """Out-of-hours cover of one run.

    Parameters
    ----------
    policy
        The cover option.
    calendar
        The workers' duty calendar (off duty: ``next_start(t) > t``).
    staff
        The staff registry.
    buy
        Spends an amount from the agency's balance if it can (returns whether it did).
    hourly_cost
        What one worker-hour costs.
    """

    def __init__(self, policy: CoverPolicy, calendar: WorkCalendar, staff: Staff[Worker],
                 buy: Callable[[float], bool], hourly_cost: float) -> None:
        self.policy = policy
        self.calendar = calendar
        self.staff = staff
        self.buy = buy
        self.hourly_cost = hourly_cost
        workdays = len(set(calendar.workdays)) or 1
        self._days_per_duty_hour = DAYS_PER_WEEK / workdays / calendar.hours_per_day

    def worker_for(self, case: Case, now: float) -> Worker | None:
        """The worker on call for an urgent ``case`` referred off duty, or ``None``."""
        if not self.policy.active or case.priority != URGENT:
            return None
        if self.calendar.next_start(now) <= now:  # on duty: ordinary allocation
            return None
        scope = getattr(self.policy, "scope", "station")
        workers = self.staff.active(case.station if scope == "station" else None)
        worker = self.policy.on_call(workers, now, _AbsentUntil(workers))
        return worker if isinstance(worker, Worker) else None

    def compensate(self, worker: Worker, hours: float) -> None:
        """Pay the call-out hours, or give them back as time off in lieu."""
        if hours <= 0.0:
            return
        if self.policy.compensation == "paid" and self.buy(
                hours * self.hourly_cost * self.policy.pay_factor):
            return
        worker.start_absence(hours * self._days_per_duty_hour, TimeCategory.LEAVE)


class _AbsentUntil(Sequence[float]):
    """``absent_until`` of each worker, read when asked: the rota reads one or two of them,
    so copying them all (per urgent referral off duty) made its cost grow with the staff."""

    __slots__ = ("_workers",)

    def __init__(self, workers: list[Worker]) -> None:
        self._workers = workers

    def __len__(self) -> int:
        return len(self._workers)

    @overload
    def __getitem__(self, i: int) -> float: ...

    @overload
    def __getitem__(self, i: slice) -> list[float]: ...

    def __getitem__(self, i: int | slice) -> float | list[float]:
        if isinstance(i, slice):
            return [w.absent_until for w in self._workers[i]]
        return self._workers[i].absent_until
