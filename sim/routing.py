"""Routing: which agency a case goes to, by its need type and the station of its area.

The rule (one for every run, checked before any simulation):

1. An agency is contracted for a cell (need type × area) when the area's station is in its
   ``areas`` (empty: its own ``stations``) and the need type is in its ``needs`` (empty:
   every need type).
2. When several agencies are contracted for a cell (an overlap), a service-line contract (a
   non-empty ``needs`` list) comes before an area contract (every need type); among equals,
   the agency listed first in ``scenario.agencies`` takes the cell.
3. A cell no agency is contracted for (a gap) is *uncontracted*: its cases are referred all
   the same, wait in an uncontracted queue nobody serves (never first contacted, so never
   covered) and leave when their patience runs out; they carry agency ``-1`` in the case
   table and the KPI ``uncontracted_share`` counts them. Nothing is dropped.

With one agency the router is not used: the agency's own allocator takes every case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sim.agents import cases as lifecycle
from sim.agents.cases import Case
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.cover import OnCallRota
from sim.results.recorder import Recorder
from sim.scheduling import Scheduler

UNCONTRACTED = -1
#: Worker ids of agency ``k`` start at ``k * ID_BLOCK`` (see :class:`sim.staff.Staff`).
ID_BLOCK = 100_000


@dataclass(frozen=True)
class Contracted:
    """What routing reads of one agency's contract (names, as in the configuration)."""

    name: str
    stations: tuple[str, ...]
    areas: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()

    def covers(self, need: str, station: str) -> bool:
        """Whether the contract covers cases of ``need`` from ``station``'s area."""
        areas = self.areas or self.stations
        return station in areas and (not self.needs or need in self.needs)


def route_table(contracts: Sequence[Contracted], needs: Sequence[str],
                stations: Sequence[str]) -> list[list[int]]:
    """``table[need][station]``: the index of the agency taking the cell, or ``-1``."""
    table = []
    for need in needs:
        row = []
        for station in stations:
            takers = [i for i, c in enumerate(contracts) if c.covers(need, station)]
            takers.sort(key=lambda i: (not contracts[i].needs, i))  # service lines first
            row.append(takers[0] if takers else UNCONTRACTED)
        table.append(row)
    return table


def uncontracted_cells(table: list[list[int]], needs: Sequence[str],
                       stations: Sequence[str]) -> list[tuple[str, str]]:
    """The (need type, station) cells no agency is contracted for."""
    return [(needs[n], stations[s]) for n, row in enumerate(table)
            for s, taker in enumerate(row) if taker == UNCONTRACTED]


class Router:
    """The allocation facade of several agencies: each case goes to its cell's agency.

    It answers what :class:`sim.casework.Casework` asks of an allocator (``refer``,
    ``call_out``, ``hand_back``, ``abandon``, ``fill``, ``waiting``) and passes it on to the
    allocator of the case's agency (``case.agency``) or of the worker's (by its id block).
    """

    def __init__(self, sched: Scheduler, allocators: list[Allocator],
                 table: list[list[int]], recorder: Recorder) -> None:
        self.sched = sched
        self.allocators = allocators
        self.table = table
        self.recorder = recorder
        self.uncontracted_waiting = 0
        self.uncontracted = 0
        self.referred = [0] * len(allocators)  # per agency, new referrals and call-outs

    @property
    def waiting(self) -> int:
        """Cases waiting for allocation, the uncontracted ones included."""
        return sum(a.waiting for a in self.allocators) + self.uncontracted_waiting

    def refer(self, case: Case) -> None:
        """A new referral: to its cell's agency, or to the uncontracted queue."""
        case.agency = self.table[case.need][case.station]
        if case.agency != UNCONTRACTED:
            self.referred[case.agency] += 1
            self.allocators[case.agency].refer(case)
            return
        self.uncontracted += 1
        self.uncontracted_waiting += 1
        self.recorder.referral(case, queued=True)
        if self.sched.tracing:
            self.sched.log("uncontracted", case=case.id, need=case.need, station=case.station)

    def call_out(self, case: Case, worker: Worker) -> None:
        """An out-of-hours first contact by the worker on call (of the case's agency)."""
        case.agency = self.table[case.need][case.station]
        self.referred[case.agency] += 1
        self.allocators[case.agency].call_out(case, worker)

    def hand_back(self, case: Case, handover_hours: float) -> None:
        """A leaver's open case goes back to its agency's allocation."""
        self.allocators[case.agency].hand_back(case, handover_hours)

    def abandon(self, case: Case, _event: Any = None) -> None:
        """Patience ran out (in its agency, or in the uncontracted queue)."""
        if case.agency != UNCONTRACTED:
            self.allocators[case.agency].abandon(case)
            return
        now = self.sched.env.now
        lifecycle.abandon(case, now)
        self.uncontracted_waiting -= 1
        self.recorder.abandonment(case, now, True)

    def fill(self, worker: Worker) -> None:
        """Give ``worker`` waiting cases of its own agency."""
        self.allocators[worker.id // ID_BLOCK].fill(worker)

    def results(self) -> dict[str, Any]:
        """Cases referred to nobody (in the whole run)."""
        return {"uncontracted_referrals": self.uncontracted}


class RotaRouter:
    """The on-call rota of the case's agency (what casework asks of a rota)."""

    def __init__(self, rotas: list[OnCallRota], table: list[list[int]]) -> None:
        self.rotas = rotas
        self.table = table
        self.policy = rotas[0].policy  # every agency's rota follows the run's cover policy

    def worker_for(self, case: Case, now: float) -> Worker | None:
        """The worker on call in the agency contracted for ``case`` (none if uncontracted)."""
        agency = self.table[case.need][case.station]
        return None if agency == UNCONTRACTED else self.rotas[agency].worker_for(case, now)

    def compensate(self, worker: Worker, hours: float) -> None:
        """As the worker's agency's rota does."""
        self.rotas[worker.id // ID_BLOCK].compensate(worker, hours)
