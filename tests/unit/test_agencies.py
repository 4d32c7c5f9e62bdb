"""Several agencies' pieces (sim/agencies.py) and the agency table (sim/analysis/agencies.py)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from sim.agencies import AllStaff, SharedLevel
from sim.analysis.agencies import AGENCY_COLUMNS, agency_names, agency_summary, agency_table
from sim.results.monitors import TimeWeighted
from sim.routing import ID_BLOCK
from sim.staff import Staff


def test_a_shared_level_moves_the_regions_level_by_as_much_as_its_own() -> None:
    region = TimeWeighted(0.0, 10.0)
    a, b = SharedLevel(TimeWeighted(0.0, 10.0), region), SharedLevel(TimeWeighted(0.0, 10.0),
                                                                      region)
    a.set(0.0, 3)
    b.set(0.0, 2)
    a.add(5.0, -1)
    b.set(5.0, 4)
    assert region.level == 6 and a.own.level == 2 and b.own.level == 4
    assert region.area(10.0) == pytest.approx(a.area(10.0) + b.area(10.0))
    assert a.mean(10.0) == pytest.approx(2.5)


def _worker(wid: int, station: int) -> SimpleNamespace:
    return SimpleNamespace(id=wid, station=station, active=True, bilingual=False, caseload=0.0,
                           cap_now=1.0, last_new_case_at=0.0, has_room=lambda w: True)


def test_all_staff_reads_every_agencys_registry_by_id_block() -> None:
    first: Staff = Staff()
    second: Staff = Staff(ID_BLOCK)
    for registry, station in ((first, 0), (second, 1), (second, 0)):
        registry.add(_worker(registry.next_id(), station))  # type: ignore[arg-type]
    everyone = AllStaff([first, second])
    assert [w.id for w in everyone.ever()] == [0, ID_BLOCK, ID_BLOCK + 1]
    assert everyone.count() == 3 and everyone.count(0) == 2
    assert [w.id for w in everyone.active(1)] == [ID_BLOCK]
    assert everyone.get(ID_BLOCK + 1).station == 0
    # a registry with a later id block still finds its workers with room
    assert second.best_with_room(0.5).id == ID_BLOCK  # type: ignore[union-attr]


def _cases() -> pd.DataFrame:
    return pd.DataFrame({
        "agency": [0, 0, 0, 1, 1, -1],
        "in_window": [True, True, False, True, True, True],
        "priority": ["urgent", "standard", "urgent", "urgent", "standard", "standard"],
        "timely": [True, False, True, False, True, False],
        "status": ["closed"] * 6, "first_contact_at": [1.0] * 5 + [math.nan],
    })


def test_agency_rows_count_the_cases_routed_to_each_agency() -> None:
    scalars = {f"agency:{n}:{k}": v for n, c in (("a", 100.0), ("b", 50.0))
               for k, v in (("workers", 2.0), ("layoffs", 1), ("funding_gap_days", 0.0),
                            ("cost", c), ("retenders", 0))}
    table = agency_table(_cases(), scalars)
    assert list(table.columns) == list(AGENCY_COLUMNS)
    a, b = table.to_dict("records")
    assert (a["agency"], a["cases"], a["coverage"], a["coverage_urgent"]) == ("a", 2, 0.5, 1.0)
    assert a["cost_per_case"] == 50.0 and a["cost_per_covered_case"] == 100.0
    assert (b["cases"], b["coverage"], b["coverage_urgent"]) == (2, 0.5, 0.0)
    # the uncontracted case is nobody's
    assert table["cases"].sum() == 4
    summary = agency_summary(pd.concat([table, table]))
    assert list(summary.index) == ["a", "b"]


def test_the_default_form_has_one_agency_from_the_run_scalars() -> None:
    scalars = {"workers": 3.0, "layoffs": 0, "funding_gap_days": 0.0, "cost_total": 90.0}
    assert agency_names(scalars) == ["agency"]
    (row,) = agency_table(_cases().assign(agency=0), scalars).to_dict("records")
    assert row["cases"] == 5 and row["cost"] == 90.0 and row["workers"] == 3.0


@pytest.mark.parametrize(("years", "expected"), [(1, 3), (2, 1), (5, 0)])
def test_a_contract_comes_up_for_renewal_at_the_end_of_each_period(years: int,
                                                                    expected: int) -> None:
    from sim import load_config  # noqa: PLC0415
    from sim.build import build  # noqa: PLC0415

    cfg = load_config(["scenario=j_two_agencies", "scenario.horizon_days=1200",
                       "scenario.warmup_days=30", "scenario.agencies.east_org.retender_prob=1",
                       f"scenario.agencies.east_org.contract_years={years}"])
    model = build(cfg, seed=2).model
    model.run()
    east = model.agency.units[1]  # type: ignore[union-attr]
    assert east.retenders == expected  # renewals at years 1, 2, 3 of a 3.3-year run
    assert east.transition_spent == expected * 20000.0
