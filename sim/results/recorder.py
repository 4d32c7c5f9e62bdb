"""The recorder: compact per-case tuples, counters and audits, filled while the model runs.

Nothing here builds DataFrames (that is :mod:`sim.results.tables`), so recording stays cheap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sim.agents.cases import Case
from sim.results.monitors import TimeWeighted
from sim.results.probes import Counter, Tally

CASE_FIELDS = (
    "case_id", "need", "household", "community", "station", "priority", "minority",
    "referred_at", "allocated_at", "first_contact_at", "closed_at", "abandoned_at",
    "worker", "contacts_planned", "contacts_done", "success", "status", "target_days",
    "generation", "interpreted", "agency",
)

AUDIT_FIELDS = (
    "t", "referred", "waiting", "open", "closed", "abandoned", "backlog_mean", "workers",
    "tasks_waiting", "referred_out",
)


@dataclass(frozen=True)
class Window:
    """Times of a run: case KPIs count cases referred in ``[warmup, measure_to]``; the other
    probes count what happens in the measurement period ``[warmup, horizon]``."""

    warmup: float
    horizon: float
    measure_to: float
    audit_interval: float


def case_record(case: Case) -> tuple[object, ...]:
    """A case as one tuple in :data:`CASE_FIELDS` order."""
    return (
        case.id, case.need, case.household, case.community, case.station, case.priority,
        case.minority, case.referred_at, case.allocated_at, case.first_contact_at,
        case.closed_at, case.abandoned_at, case.worker, len(case.contacts), case.next_contact,
        case.success, case.status, case.target_days, case.generation, case.interpreted,
        case.agency,
    )


@dataclass
class Recorder:
    """Everything a run records about cases, and the probes it hands to components.

    Parameters
    ----------
    measure_from, measure_to
        Cases and needs referred in this window are the ones KPIs count.
    horizon
        End of the run.
    n_needs
        Number of need types (for the hidden-need counters).
    """

    measure_from: float
    measure_to: float
    horizon: float
    n_needs: int
    records: list[tuple[object, ...]] = field(default_factory=list)
    audits: list[tuple[float, ...]] = field(default_factory=list)
    live: dict[int, Case] = field(default_factory=dict)
    referred: int = 0
    closed: int = 0
    abandoned: int = 0
    referred_out: int = 0
    needs_arisen: list[int] = field(default_factory=list)
    needs_referred: list[int] = field(default_factory=list)
    backlog: TimeWeighted = field(init=False)
    open_cases: TimeWeighted = field(init=False)
    staffed: TimeWeighted = field(init=False)

    def __post_init__(self) -> None:
        self.needs_arisen = [0] * self.n_needs
        self.needs_referred = [0] * self.n_needs
        # One backlog monitor over the whole run (the audit series needs the warm-up too);
        # the KPI window is cut out with the area marked at the end of the warm-up.
        self.backlog = TimeWeighted(0.0, math.inf)
        self._backlog_area_at_warmup = 0.0
        self.open_cases = self.level()
        self.staffed = self.level()
        self._audit_mark = (0.0, 0.0)

    @classmethod
    def for_window(cls, window: Window, n_needs: int) -> Recorder:
        """A recorder for a run with these times."""
        return cls(window.warmup, window.measure_to, window.horizon, n_needs)

    # ------------------------------------------------------------------ probes
    def counter(self) -> Counter:
        """A counter of events in the measurement period ``[warm-up, horizon]``."""
        return Counter(self.measure_from, self.horizon)

    def tally(self) -> Tally:
        """A tally of values observed in the measurement period."""
        return Tally(self.measure_from, self.horizon)

    def level(self, start_level: float = 0.0) -> TimeWeighted:
        """A time-weighted level measured over the measurement period."""
        return TimeWeighted(self.measure_from, self.horizon, start_level)

    def in_period(self, t: float) -> bool:
        """Whether an instant falls in the measurement period ``[warm-up, horizon]``."""
        return self.measure_from <= t <= self.horizon

    def mark_warmup(self, t: float) -> None:
        """The warm-up ends: backlog KPIs count from here."""
        self._backlog_area_at_warmup = self.backlog.area(t)
        self.backlog.max_level = self.backlog.level

    def backlog_mean(self, until: float) -> float:
        """Time-average backlog from the end of the warm-up to ``until``."""
        span = until - self.measure_from
        area = self.backlog.area(until) - self._backlog_area_at_warmup
        return area / span if span > 0 else float("nan")

    def in_window(self, t: float) -> bool:
        """Whether an instant falls in the measurement window."""
        return self.measure_from <= t <= self.measure_to

    def need(self, t: float, need: int, referred: bool) -> None:
        """A need arose (and was or was not referred)."""
        if self.measure_from <= t <= self.measure_to:  # in_window, inlined: once per need
            self.needs_arisen[need] += 1
            self.needs_referred[need] += referred

    def referral(self, case: Case, queued: bool = True) -> None:
        """A case is referred; ``queued``: it joins the allocation queue (no worker has room)."""
        self.referred += 1
        self.live[case.id] = case
        if queued:  # a case allocated at once never waits: no transient +1 in the backlog
            self.backlog.add(case.referred_at, 1)

    def allocated_at_referral(self, case: Case, t: float) -> None:
        """A new case went to a worker at once: :meth:`referral` and :meth:`allocation`
        of a case that never queued, in one call (once per case)."""
        self.referred += 1
        self.live[case.id] = case
        self.open_cases.add(t, 1)

    def allocation(self, case: Case, t: float, queued: bool = True) -> None:
        """A case got a worker (``queued``: it was waiting in the allocation queue)."""
        if queued:
            self.backlog.add(t, -1)
        self.open_cases.add(t, 1)

    def handover(self, case: Case, t: float, queued: bool = True) -> None:
        """An open case of a leaver goes back to allocation (``queued``: it has to wait)."""
        self.open_cases.add(t, -1)
        if queued:
            self.backlog.add(t, 1)

    def staff(self, t: float, delta: int) -> None:
        """The number of active workers changed by ``delta``."""
        self.staffed.add(t, delta)

    def abandonment(self, case: Case, t: float, queued: bool = True) -> None:
        """A case's patience ran out before its first contact: in the allocation queue
        (``queued``), or allocated and waiting in its worker's task list."""
        self.abandoned += 1
        if queued:
            self.backlog.add(t, -1)
        else:
            self.open_cases.add(t, -1)
        self._finish(case)

    def closure(self, case: Case, t: float) -> None:
        """An open case closed."""
        self.closed += 1
        self.open_cases.add(t, -1)
        del self.live[case.id]  # _finish, inlined: once per case
        self.records.append(case_record(case))

    def referral_out(self, case: Case, t: float) -> None:
        """An open case was referred on to a partner unit (it leaves the caseload)."""
        self.referred_out += 1
        self.open_cases.add(t, -1)
        self._finish(case)

    def _finish(self, case: Case) -> None:
        del self.live[case.id]
        self.records.append(case_record(case))

    def audit(self, t: float, waiting: int, open_cases: int, workers: int, tasks: int) -> None:
        """A snapshot at an audit instant (for conservation checks and the time series)."""
        area = self.backlog.area(t)
        last_t, last_area = self._audit_mark
        mean = (area - last_area) / (t - last_t) if t > last_t else float(waiting)
        self._audit_mark = (t, area)
        self.audits.append((t, self.referred, waiting, open_cases, self.closed, self.abandoned,
                            mean, workers, tasks, self.referred_out))

    def final_records(self) -> list[tuple[object, ...]]:
        """Finished cases plus the ones still waiting or open at the end of the run."""
        return self.records + [case_record(c) for c in self.live.values()]

    def results(self) -> dict[str, float]:
        """What the case records give as run scalars."""
        horizon = self.horizon
        return {
            "measure_from": self.measure_from,
            "measure_to": self.measure_to,
            "horizon": horizon,
            "backlog_mean": self.backlog_mean(horizon),
            "backlog_max": self.backlog.max_level,
            "open_cases_mean": self.open_cases.mean(horizon),
            "needs_arisen": int(sum(self.needs_arisen)),
            "needs_referred": int(sum(self.needs_referred)),
            "workers": self.staffed.mean(horizon),
        }
