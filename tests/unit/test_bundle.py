"""The result bundle: atomic writes, collecting replications, files and report."""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from sim import load_config
from sim.analysis.stations import COMMUNITY_COLUMNS, STATION_COLUMNS
from sim.bundle import (
    Bundle,
    RunInfo,
    atomic_write,
    atomic_write_text,
    collect,
    is_finished,
    replications_frame,
    write_bundle,
)
from sim.report import HEADLINE_KPIS
from sim.runner import run_replication

SMALL = ["scenario.horizon_days=400", "scenario.warmup_days=60", "run.replications=3"]
INFO = RunInfo(scenario="j_community", dispatch="fifo", replications=3, seed=20261121,
               warmup_days=60.0, horizon_days=400.0, overrides=tuple(SMALL))


def leftovers(folder: Path) -> list[Path]:
    """Temporary files of atomic writes still lying in ``folder``."""
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def failed_row(replication: int) -> dict[str, Any]:
    """A row as run_replication returns it for a replication that raised."""
    return {"scenario": "j_community", "dispatch": "fifo", "replication": replication,
            "seed": 20261121, "error": "ZeroDivisionError: division by zero"}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    """Two real replications with their tables and one failed replication."""
    cfg = load_config(SMALL)
    return [run_replication(cfg, 0, keep_tables=True), failed_row(1),
            run_replication(cfg, 2, keep_tables=True)]


@pytest.fixture(scope="module")
def bundle(rows: list[dict[str, Any]]) -> Bundle:
    return collect(rows, INFO, "run:\n  replications: 3\n")


# --------------------------------------------------------------------------- atomic writes


def test_atomic_write_creates_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = atomic_write_text(tmp_path / "sub" / "a.txt", "hello")
    assert path.read_text() == "hello"
    assert leftovers(tmp_path) == []


def test_failed_write_keeps_the_finished_file(tmp_path: Path) -> None:
    path = atomic_write_text(tmp_path / "a.txt", "finished")

    def partial(tmp: Path) -> None:
        tmp.write_text("half writ")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, partial)
    assert path.read_text() == "finished"
    assert leftovers(tmp_path) == []


def test_failed_first_write_leaves_nothing(tmp_path: Path) -> None:
    def broken(tmp: Path) -> None:
        raise ValueError("bad table")

    with pytest.raises(ValueError, match="bad table"):
        atomic_write(tmp_path / "a.parquet", broken)
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_gives_ordinary_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        path = atomic_write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


# --------------------------------------------------------------------------- collecting


def test_replications_frame_orders_columns_and_drops_tables(rows: list[dict[str, Any]]) -> None:
    df = replications_frame(rows)
    assert list(df.columns[:5]) == ["scenario", "dispatch", "variant", "replication", "seed"]
    assert list(df.columns[-2:]) == ["error", "wall_seconds"]
    assert "_result" not in df
    assert df["error"].isna().tolist() == [True, False, True]
    assert math.isnan(df.loc[1, "timely_coverage"])


def test_collect_stacks_tables_of_finished_replications(bundle: Bundle,
                                                        rows: list[dict[str, Any]]) -> None:
    assert set(bundle.cases["replication"]) == {0, 2}
    assert bundle.cases.columns[0] == "replication"
    assert len(bundle.cases) == len(rows[0]["_result"].cases) + len(rows[2]["_result"].cases)
    assert set(bundle.timeseries["replication"]) == {0, 2}
    assert bundle.failed["replication"].tolist() == [1]
    assert bundle.summary.loc["timely_coverage", "n"] == 2


def test_collect_tabulates_stations_and_communities(bundle: Bundle,
                                                    rows: list[dict[str, Any]]) -> None:
    stations, communities = bundle.stations, bundle.communities
    assert stations.columns[0] == "replication" and communities.columns[0] == "replication"
    assert list(stations.columns[1:]) == list(STATION_COLUMNS)
    assert list(communities.columns[1:]) == list(COMMUNITY_COLUMNS)
    names = ["service_centre", "east_station", "west_station"]
    assert stations["replication"].tolist() == [0, 0, 0, 2, 2, 2]
    assert stations["station"].tolist() == names * 2
    assert communities["community"].tolist() == ["centre_grid", "east_grid", "west_grid"] * 2
    referrals = stations.groupby("replication")["referrals"].sum()
    assert referrals.tolist() == [rows[0]["referrals"], rows[2]["referrals"]]


def test_all_failed_gives_empty_tables_and_summary(tmp_path: Path) -> None:
    empty = collect([failed_row(0), failed_row(1)], INFO, "")
    assert empty.summary.empty
    assert empty.cases.empty
    assert empty.stations.empty and "station" in empty.stations.columns
    written = write_bundle(tmp_path, empty)
    assert not (tmp_path / "figures").exists()
    assert "No figures" in (tmp_path / "report.md").read_text()
    assert "No station results" in (tmp_path / "report.md").read_text()
    assert list(pd.read_csv(tmp_path / "stations.csv").columns) == ["replication",
                                                                      *STATION_COLUMNS]
    assert len(pd.read_parquet(tmp_path / "replications.parquet")) == 2
    assert written[-1].name == "report.md"


# --------------------------------------------------------------------------- files


def test_write_bundle_writes_every_file_report_last(bundle: Bundle, tmp_path: Path) -> None:
    written = write_bundle(tmp_path, bundle)
    names = [p.relative_to(tmp_path).as_posix() for p in written]
    assert names[:8] == ["config.yaml", "kpis.csv", "replications.parquet", "cases.parquet",
                         "timeseries.parquet", "stations.csv", "communities.csv", "agencies.csv"]
    assert sorted(names[8:-1]) == ["figures/backlog.png", "figures/coverage.png",
                                   "figures/time_use.png", "figures/wait_distribution.png"]
    assert names[-1] == "report.md"
    assert is_finished(tmp_path)
    assert leftovers(tmp_path) == []
    reps = pd.read_parquet(tmp_path / "replications.parquet")
    assert reps["error"].notna().tolist() == [False, True, False]
    cases = pd.read_parquet(tmp_path / "cases.parquet")
    assert cases["need"].dtype == "category"
    agencies = pd.read_csv(tmp_path / "agencies.csv")
    assert agencies["replication"].tolist() == [0, 2]  # one agency: the default form
    assert agencies["cases"].tolist() == [
        int((cases[cases["replication"] == r]["in_window"]).sum()) for r in (0, 2)]


def test_report_lists_run_kpis_figures_and_failures(bundle: Bundle, tmp_path: Path) -> None:
    write_bundle(tmp_path, bundle)
    report = (tmp_path / "report.md").read_text()
    for text in ("j_community", "fifo", "20261121", "3 (2 finished, 1 failed)",
                 "400 days, 60 days", "scenario.horizon_days=400", "figures/backlog.png",
                 "| 1 | 20261121 | ZeroDivisionError: division by zero |"):
        assert text in report, text
    for kpi in HEADLINE_KPIS:
        assert f"`{kpi}`" in report
    assert "## Funding regimes" in report
    assert "| replications (share) | 2 (100%) | 0 (0%) |" in report  # renewals in year 0
    assert "## Stations" in report
    assert "| station | workers (FTE) | timely coverage | urgent | wait mean (days) |" in report
    for name in ("service_centre", "east_station", "west_station"):
        assert f"| {name} | " in report, name


def test_finished_bundle_is_not_overwritten(bundle: Bundle, tmp_path: Path) -> None:
    write_bundle(tmp_path, bundle)
    before = (tmp_path / "kpis.csv").read_bytes()
    other = collect([failed_row(0)], INFO, "")
    with pytest.raises(FileExistsError):
        write_bundle(tmp_path, other)
    assert (tmp_path / "kpis.csv").read_bytes() == before
    write_bundle(tmp_path, other, overwrite=True)
    assert (tmp_path / "kpis.csv").read_bytes() != before
