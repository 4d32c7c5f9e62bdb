"""Several agencies in one run (issue 12): a failed renewal hits only its agency, cases and
money are conserved per agency, uncontracted needs are reported, never dropped.

The two-agency example ``scenario=j_two_agencies``: ``centre_org`` holds the service centre's
and the west grid's contract, ``east_org`` the east grid's. Group work (trust feeds back on
every area's referrals), volunteers (one pool for the region) and re-referrals (one stream
for the region) are switched off in the paired test: they are shared by the agencies, so with
them on, one agency's events can shift the other's draws.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from sim import load_config
from sim.agencies import AgencyGroup
from sim.agents.cases import ABANDONED, CLOSED, REFERRED_OUT
from sim.analysis.agencies import AGENCY_COLUMNS, agency_table
from sim.build import build
from sim.bundle import RunInfo, collect, write_bundle
from sim.config import PartnerConfig
from sim.results.recorder import CASE_FIELDS
from sim.routing import Router
from sim.runner import run, run_replication, run_replications
from sim.validation import validate

TWO = ["scenario=j_two_agencies", "scenario.horizon_days=730", "scenario.warmup_days=120"]
ISOLATED = [*TWO, "scenario.group_work.activities_per_year=0", "scenario.rereferral_prob=0",
            "scenario.volunteers.hours_per_week=0"]
A = "scenario.agencies.centre_org.funding.streams.government"
FAILED = [f"{A}.renewal_prob=0.0", f"{A}.gap_months=12"]
RENEWED = [f"{A}.renewal_prob=1.0", "scenario.agencies.east_org.funding.streams."
           "government.renewal_prob=1.0"]


def referred_out(records: list[tuple[object, ...]]) -> list[int]:
    """Cases referred out to partners, per agency (0 and 1)."""
    agency, status = CASE_FIELDS.index("agency"), CASE_FIELDS.index("status")
    return [sum(1 for r in records if r[agency] == i and r[status] == REFERRED_OUT)
            for i in (0, 1)]


def _rows(overrides: list[str], seed: int) -> dict[str, dict[str, Any]]:
    result = run(load_config(overrides), seed, 0)
    table = agency_table(result.cases, result.scalars)
    return {str(r["agency"]): r for r in table.to_dict("records")}


@pytest.mark.parametrize("seed", [1, 2])
def test_a_failed_renewal_lays_off_only_that_agencys_workers(seed: int) -> None:
    renewed = _rows([*ISOLATED, *RENEWED], seed)
    failed = _rows([*ISOLATED, *RENEWED, *FAILED], seed)
    a0, a1 = renewed["centre_org"], failed["centre_org"]
    assert a1["layoffs"] > a0["layoffs"]
    assert a1["funding_gap_days"] > 0 == a0["funding_gap_days"]
    assert a1["coverage"] < a0["coverage"]
    assert a1["workers"] < a0["workers"]
    b0, b1 = renewed["east_org"], failed["east_org"]  # same random numbers: unchanged
    for column in ("workers", "layoffs", "cases", "coverage", "coverage_urgent", "cost"):
        assert b1[column] == b0[column], column


def test_cases_and_money_are_conserved_per_agency_at_every_audit() -> None:
    """referred = waiting + open + closed + abandoned + referred out, per agency, with a
    failed renewal, a re-tender (hand-over of open cases) and a partner taking referrals."""
    cfg = load_config([*TWO, "scenario.agencies.east_org.retender_prob=1.0",
                       f"{A}.renewal_prob=0.0", f"{A}.gap_months=6"])
    cfg.scenario.partners = {"clinic": PartnerConfig(
        needs=["social_assistance", "psychological_counselling"], refer_share=0.5, capacity=2)}
    validate(cfg)
    model = build(cfg, seed=5).model
    router, group = model.allocator, model.agency
    assert isinstance(router, Router) and isinstance(group, AgencyGroup)
    agency_col, status_col = CASE_FIELDS.index("agency"), CASE_FIELDS.index("status")
    checked: list[float] = []

    def audit() -> None:
        ended = {(i, s): 0 for i in range(len(group.units))
                 for s in (CLOSED, ABANDONED, REFERRED_OUT)}
        for record in model.recorder.records:
            key = (int(record[agency_col]), int(record[status_col]))  # type: ignore[call-overload]
            if key in ended:
                ended[key] += 1
        for i, unit in enumerate(group.units):
            open_ = sum(w.open_cases + w.callouts for w in unit.staff.active())
            held = (unit.allocator.waiting + open_ + ended[i, CLOSED] + ended[i, ABANDONED]
                    + ended[i, REFERRED_OUT])
            assert router.referred[i] == held, (model.sched.now, unit.name)
            money = unit.agency
            assert money.spent_total <= money.income + 1e-6  # the reserve starts empty
            assert money.balance >= -1e-6
        checked.append(model.sched.now)

    model.start()
    model.sched.every(7.0, audit)
    model.sched.env.run(until=model.window.horizon)
    assert len(checked) > 90
    assert all(ended_out > 0 for ended_out in referred_out(model.recorder.records))
    east = group.units[1]
    assert east.retenders == 1  # the one renewal of a two-year run went to a new provider
    assert east.workforce.probes.layoffs.value >= 1  # the incumbent's workers
    assert east.transition_spent == cfg.scenario.agencies["east_org"].transition_cost


def test_an_uncontracted_need_is_reported_and_never_served() -> None:
    cfg = load_config([*TWO, "scenario.agencies.east_org.needs=[elderly_care]",
                       "scenario.agencies.east_org.areas=[east_station]"])
    result = run(cfg, 3, 0)
    cases = result.cases
    gap = cases[cases["agency"] == -1]
    assert len(gap) > 0
    assert set(gap["need"].astype(str)) == set(cfg.scenario.needs) - {"elderly_care"}
    assert (gap["station"] == 1).all()  # the east grid's other needs: nobody's contract
    assert gap["first_contact_at"].isna().all()
    counted = cases[cases["in_window"]]
    assert result.kpis["uncontracted_share"] == pytest.approx((counted["agency"] == -1).mean())
    assert result.kpis["uncontracted_share"] > 0
    assert result.scalars["uncontracted_referrals"] == len(gap)


def test_the_bundle_has_one_agencies_row_per_agency_and_replication(tmp_path: Path) -> None:
    cfg = load_config([*TWO, "scenario.horizon_days=400", "scenario.warmup_days=60"])
    rows = [run_replication(cfg, r, keep_tables=True) for r in range(2)]
    info = RunInfo(scenario="j_two_agencies", dispatch="fifo", replications=2, seed=1,
                   warmup_days=60.0, horizon_days=400.0, overrides=())
    write_bundle(tmp_path, collect(rows, info, ""))
    agencies = pd.read_csv(tmp_path / "agencies.csv")
    assert list(agencies.columns) == ["replication", *AGENCY_COLUMNS]
    assert agencies[["replication", "agency"]].values.tolist() == [
        [0, "centre_org"], [0, "east_org"], [1, "centre_org"], [1, "east_org"]]
    cases = pd.read_parquet(tmp_path / "cases.parquet")
    counted = cases[cases["in_window"]].groupby(["replication", "agency"]).size()
    assert agencies["cases"].tolist() == counted.tolist()
    report = (tmp_path / "report.md").read_text()
    assert "## Agencies" in report and "| east_org |" in report


def test_two_agencies_give_the_same_numbers_serially_and_in_parallel() -> None:
    cfg = load_config([*TWO, "scenario.horizon_days=250", "scenario.warmup_days=30"])
    serial = run_replications(cfg, n=2, n_jobs=1)
    parallel = run_replications(cfg, n=2, n_jobs=2)
    pd.testing.assert_frame_equal(serial, parallel)
