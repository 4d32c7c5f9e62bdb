"""A sweep's job bundles become one table, a summary per job and KPI, and figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.plots.sweep import sweep_figure
from sim.sweep import (
    SWEEP_SUMMARY,
    SWEEP_TABLE,
    SweepAggregator,
    aggregate,
    parse_override,
    sweep_summary,
    sweep_table,
    swept_keys,
)

JOBS = [("5", "fifo"), ("5", "priority"), ("6", "fifo"), ("6", "priority")]


def _job(root: Path, number: int, servers: str, dispatch: str, reps: int = 3) -> None:
    folder = root / str(number)
    (folder / ".hydra").mkdir(parents=True)
    overrides = ["scenario=mmc", f"scenario.servers={servers}", f"policy/dispatch={dispatch}"]
    (folder / ".hydra" / "overrides.yaml").write_text(yaml.safe_dump(overrides))
    rng = np.random.default_rng(number)
    pd.DataFrame({"scenario": "mmc", "dispatch": dispatch, "replication": range(reps),
                  "seed": 1, "error": None, "timely_coverage": rng.uniform(0, 1, reps),
                  "wait_mean_days": rng.uniform(0, 2, reps)}
                 ).to_parquet(folder / "replications.parquet")


@pytest.fixture
def sweep_root(tmp_path: Path) -> Path:
    for number, (servers, dispatch) in enumerate(JOBS):
        _job(tmp_path, number, servers, dispatch)
    return tmp_path


def test_parse_override() -> None:
    assert parse_override("scenario.servers=5") == ("scenario.servers", 5)
    assert parse_override("+a.b=x") == ("a.b", "x")
    assert parse_override("a=[1,2]") == ("a", "[1,2]")


def test_swept_keys_are_those_that_differ() -> None:
    jobs = [{"s": "mmc", "a": 1, "b": "x"}, {"s": "mmc", "a": 2, "b": "x"}]
    assert swept_keys(jobs) == ["a"]
    assert swept_keys(jobs[:1]) == ["s", "a", "b"]


def test_table_has_a_row_per_job_and_replication(sweep_root: Path) -> None:
    table, keys = sweep_table(sweep_root)
    assert keys == ["scenario.servers", "policy/dispatch"]
    assert len(table) == 12 and sorted(table["job"].unique()) == [0, 1, 2, 3]
    assert table.groupby(keys).size().tolist() == [3, 3, 3, 3]
    assert table["scenario.servers"].dtype.kind == "i"


def test_summary_is_the_mean_of_each_job(sweep_root: Path) -> None:
    table, keys = sweep_table(sweep_root)
    summary = sweep_summary(table, keys)
    coverage = summary[summary["kpi"] == "timely_coverage"].set_index("job")
    assert len(coverage) == 4
    for job, reps in table.groupby("job"):
        assert coverage.loc[job, "mean"] == pytest.approx(reps["timely_coverage"].mean())
        assert coverage.loc[job, "sd"] == pytest.approx(reps["timely_coverage"].std(ddof=1))
        assert coverage.loc[job, "ci_low"] < coverage.loc[job, "mean"] < coverage.loc[
            job, "ci_high"]


def test_aggregate_writes_table_summary_and_figures(sweep_root: Path) -> None:
    SweepAggregator().on_multirun_end(
        config=type("C", (), {"hydra": type("H", (), {"sweep": type("S", (), {
            "dir": str(sweep_root)})})}))
    assert len(pd.read_parquet(sweep_root / SWEEP_TABLE)) == 12
    assert set(pd.read_csv(sweep_root / SWEEP_SUMMARY)["job"]) == {0, 1, 2, 3}
    figures = sorted(p.name for p in (sweep_root / "figures").glob("*.png"))
    assert figures == ["sweep_timely_coverage.png", "sweep_wait_mean_days.png"]
    assert not list(sweep_root.rglob("*.tmp"))


def test_figure_has_one_line_per_other_value(sweep_root: Path) -> None:
    table, keys = sweep_table(sweep_root)
    fig = sweep_figure(sweep_summary(table, keys), "timely_coverage", keys[0], keys[1:])
    (ax,) = fig.axes
    assert len(ax.lines) == 2 and len(ax.collections) == 2


def test_no_jobs_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        aggregate(tmp_path)
