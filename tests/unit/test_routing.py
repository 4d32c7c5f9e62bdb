"""Routing: every need type x area goes to exactly one agency or is reported uncontracted."""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

import pytest

from sim.routing import (
    ID_BLOCK,
    UNCONTRACTED,
    Contracted,
    RotaRouter,
    Router,
    route_table,
    uncontracted_cells,
)

NEEDS = ["elderly", "youth", "assistance"]
STATIONS = ["north", "south", "west"]


def test_every_cell_goes_to_exactly_one_contracted_agency_or_is_uncontracted() -> None:
    contracts = [Contracted("area_n", ("north",)),
                 Contracted("elderly_line", ("south",), ("north", "south"), ("elderly",)),
                 Contracted("area_s", ("south",), ("south",))]
    table = route_table(contracts, NEEDS, STATIONS)
    assert len(table) == len(NEEDS) and all(len(row) == len(STATIONS) for row in table)
    for (n, need), (s, station) in itertools.product(enumerate(NEEDS), enumerate(STATIONS)):
        takers = [i for i, c in enumerate(contracts) if c.covers(need, station)]
        taker = table[n][s]
        if not takers:
            assert taker == UNCONTRACTED
        else:
            assert taker in takers  # one of the contracted, never an outsider
    # overlaps: the service line beats the area contracts, wherever it is contracted
    assert table[0][0] == 1 and table[0][1] == 1
    assert table[1][0] == 0 and table[1][1] == 2
    # the gap: nobody holds the west area
    assert uncontracted_cells(table, NEEDS, STATIONS) == [(n, "west") for n in NEEDS]


def test_among_equal_contracts_the_first_listed_takes_the_cell() -> None:
    contracts = [Contracted("a", ("north",), ("north", "south")), Contracted("b", ("south",))]
    table = route_table(contracts, NEEDS, STATIONS)
    assert [row[1] for row in table] == [0, 0, 0]


class _Allocator:
    def __init__(self) -> None:
        self.waiting = 0
        self.calls: list[tuple[str, Any]] = []

    def refer(self, case: Any) -> None:
        self.calls.append(("refer", case))

    def fill(self, worker: Any) -> None:
        self.calls.append(("fill", worker))

    def abandon(self, case: Any) -> None:
        self.calls.append(("abandon", case))


class _Recorder:
    def __init__(self) -> None:
        self.referred: list[Any] = []
        self.abandoned: list[Any] = []

    def referral(self, case: Any, queued: bool = True) -> None:
        self.referred.append((case, queued))

    def abandonment(self, case: Any, t: float, queued: bool = True) -> None:
        self.abandoned.append((case, queued))


def _case(need: int, station: int) -> Any:
    return SimpleNamespace(need=need, station=station, agency=0, id=1, status=0,
                           recheck=None, patience=None, abandoned_at=float("nan"))


def test_router_passes_cases_to_their_agency_and_keeps_the_uncontracted() -> None:
    allocators = [_Allocator(), _Allocator()]
    recorder = _Recorder()
    sched = SimpleNamespace(tracing=False, env=SimpleNamespace(now=3.0))
    router = Router(sched, allocators, [[0, 1, UNCONTRACTED]], recorder)  # type: ignore[arg-type]
    a, b, gap = _case(0, 0), _case(0, 1), _case(0, 2)
    for case in (a, b, gap):
        router.refer(case)
    assert (a.agency, b.agency, gap.agency) == (0, 1, UNCONTRACTED)
    assert allocators[0].calls == [("refer", a)] and allocators[1].calls == [("refer", b)]
    assert recorder.referred == [(gap, True)]  # recorded as waiting: counted, not dropped
    assert router.waiting == 1 and router.referred == [1, 1]
    router.abandon(gap)
    assert router.waiting == 0 and recorder.abandoned == [(gap, True)]
    assert gap.abandoned_at == 3.0
    worker = SimpleNamespace(id=ID_BLOCK + 4)
    router.fill(worker)  # type: ignore[arg-type]
    assert allocators[1].calls[-1] == ("fill", worker)
    assert router.results() == {"uncontracted_referrals": 1}


def test_rota_router_asks_the_rota_of_the_cases_agency() -> None:
    asked: list[int] = []
    rotas = [SimpleNamespace(worker_for=lambda c, t, i=i: asked.append(i) or "w")
             for i in range(2)]
    rota = RotaRouter(rotas, [[1, UNCONTRACTED]])  # type: ignore[arg-type]
    assert rota.worker_for(_case(0, 0), 0.0) == "w" and asked == [1]
    assert rota.worker_for(_case(0, 1), 0.0) is None  # nobody is on call for a gap


@pytest.mark.parametrize("needs", [(), ("youth",)])
def test_an_area_contract_covers_only_its_areas(needs: tuple[str, ...]) -> None:
    c = Contracted("x", ("north",), (), needs)
    assert c.covers("youth", "north") and not c.covers("youth", "south")
