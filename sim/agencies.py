"""Several agencies in one run: each its own money, workforce, allocation and on-call rota.

:class:`AgencyUnit` is one agency with the contract it holds; :class:`AgencyGroup` answers
what the model asks of "the agency" and "the workforce" (start, settle, results) for all of
them, and reports one row per agency (flattened into the run scalars as
``agency:<name>:<field>``; :mod:`sim.analysis.agencies` turns them into ``agencies.csv``).

Re-tendering: at every renewal (the end of each contract period of ``contract_years``) the
contract goes to a new provider with probability ``retender_prob`` (the agency's own
``retender`` stream). The incumbent's workers are laid off (each leaves when its current
task ends; its open cases are handed over to the agency's allocation queue with the usual
handover hours), the purchasing body pays ``transition_cost`` (counted in the agency's
cost), and the new provider hires for the same posts after the hiring lag, from the same
budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sim.agents.agency import Agency
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.cover import OnCallRota
from sim.results.monitors import TimeWeighted
from sim.rng import Streams
from sim.routing import ID_BLOCK, Router
from sim.scheduling import Scheduler
from sim.staff import Staff
from sim.units import DAYS_PER_YEAR
from sim.workforce import Workforce


class SharedLevel:
    """An agency's own time-weighted level that also moves the region's level by as much."""

    def __init__(self, own: TimeWeighted, region: TimeWeighted) -> None:
        self.own = own
        self.region = region

    def set(self, t: float, level: float) -> None:
        """Both levels change by ``level - own level``."""
        self.region.add(t, level - self.own.level)
        self.own.set(t, level)

    def add(self, t: float, delta: float) -> None:
        """Both levels change by ``delta``."""
        self.own.add(t, delta)
        self.region.add(t, delta)

    def area(self, t: float) -> float:
        """The agency's own area."""
        return self.own.area(t)

    def mean(self, t: float) -> float:
        """The agency's own time average."""
        return self.own.mean(t)


@dataclass
class AgencyUnit:
    """One agency: its money, staff, workforce, allocation and rota, and its contract."""

    name: str
    agency: Agency
    staff: Staff[Worker]
    workforce: Workforce
    allocator: Allocator
    rota: OnCallRota
    streams: Streams
    staffed: TimeWeighted
    retender_prob: float = 0.0
    transition_cost: float = 0.0
    contract_years: int = 1
    retenders: int = 0
    transition_spent: float = field(default=0.0)

    def start(self, horizon: float) -> None:
        """Start its money and schedule its renewals (the workforce starts on its own)."""
        self.agency.start(horizon)
        if self.retender_prob > 0 and self.agency.sched is not None:
            years = range(self.contract_years, math.ceil(horizon / DAYS_PER_YEAR),
                          self.contract_years)
            for year in years:
                self.agency.sched.after(year * DAYS_PER_YEAR, self._renewal)

    def _renewal(self, _event: Any = None) -> None:
        if self.streams["retender"].uniform() >= self.retender_prob:
            return
        self.retenders += 1
        self.transition_spent += self.transition_cost
        self.workforce.lay_off_all()

    def results(self, measured: float, now: float) -> dict[str, Any]:
        """Its scalars: workers (time-average), money, layoffs, re-tenders."""
        staffed = self.staffed.mean(now)
        money = self.agency.results(staffed, measured)
        work = self.workforce.results()
        return {"workers": staffed, "layoffs": work["layoffs"], "hires": work["hires"],
                "exits": work["exits"],
                "cost": money["cost_total"] + self.transition_spent,
                "funding_gap_days": money["funding_gap_days"],
                "budget_shortfall_days": money["budget_shortfall_days"],
                "income": self.agency.income, "spent": self.agency.spent_total,
                "balance_min": money["balance_min"], "retenders": self.retenders,
                "transition_cost": self.transition_spent,
                "budget_per_year": (self.agency.funding.budget_per_year
                                    if self.agency.funding is not None else math.inf)}


class AllStaff:
    """Every agency's staff registry as one (what the model and group work ask of staff)."""

    def __init__(self, registries: list[Staff[Worker]]) -> None:
        self.registries = registries

    def active(self, station: int | None = None) -> list[Worker]:
        """Active workers of every agency, by agency then id (of one station if given)."""
        return [w for r in self.registries for w in r.active(station)]

    def ever(self) -> list[Worker]:
        """Every worker ever employed, by agency then id."""
        return [w for r in self.registries for w in r.ever()]

    def count(self, station: int | None = None) -> int:
        """Active workers of every agency (of one station if given)."""
        return sum(r.count(station) for r in self.registries)

    def get(self, worker_id: int) -> Worker:
        """The worker with this id (in its agency's registry)."""
        return self.registries[worker_id // ID_BLOCK].get(worker_id)


class AgencyGroup:
    """The agencies' money, standing in for the one agency (what the model asks of it)."""

    def __init__(self, units: list[AgencyUnit], sched: Scheduler,
                 router: Router | None = None) -> None:
        self.units = units
        self.sched = sched
        self.router = router

    def start(self, horizon: float) -> None:
        """Start every agency's money and schedule its renewals."""
        for unit in self.units:
            unit.start(horizon)

    def results(self, staffed_mean: float, measured: float) -> dict[str, Any]:
        """Money summed over agencies (``balance_min``: the lowest; ``funding_gap_days``:
        agency-days with a gap), then one flattened row per agency."""
        now = self.sched.now
        rows = {u.name: u.results(measured, now) for u in self.units}
        money = [u.agency.results(rows[u.name]["workers"], measured) for u in self.units]
        total: dict[str, Any] = {
            "cost_total": sum(r["cost"] for r in rows.values()),
            "budget_shortfall_days": sum(m["budget_shortfall_days"] for m in money),
            "balance_min": min(m["balance_min"] for m in money),
            "funding_gap_days": sum(m["funding_gap_days"] for m in money),
            "agencies": len(self.units),
            **(self.router.results() if self.router is not None else {}),
        }
        for name, row in rows.items():
            total.update({f"agency:{name}:{k}": v for k, v in row.items()})
        return total


class WorkforceGroup:
    """The agencies' workforces, standing in for the one workforce."""

    def __init__(self, units: list[AgencyUnit]) -> None:
        self.units = units

    def start(self) -> None:
        """Start every agency's workforce."""
        for unit in self.units:
            unit.workforce.start()

    def settle(self, until: float) -> None:
        """Close every agency's vacancy account."""
        for unit in self.units:
            unit.workforce.settle(until)

    def results(self) -> dict[str, Any]:
        """Counts summed over agencies; ``burnout_mean`` and ``share_over_cap`` over every
        worker (the tallies are shared)."""
        work = [u.workforce.results() for u in self.units]
        total: dict[str, Any] = {key: sum(w[key] for w in work)
                                 for key in ("layoffs", "trained", "exits", "hires",
                                             "vacancy_days", "cases_handed_over")}
        total["burnout_mean"] = work[0]["burnout_mean"]
        total["share_over_cap"] = work[0]["share_over_cap"]
        return total


def worker_agency(worker_id: int) -> int:
    """The index of the agency a worker id belongs to."""
    return worker_id // ID_BLOCK

