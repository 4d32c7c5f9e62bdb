"""Running replications: a failing replication is kept with its error, others survive."""

from __future__ import annotations

import math
import signal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from sim import runner
from sim.analysis.kpis import KPI_DICTIONARY
from sim.config import ConfigError, SwsimConfig
from sim.loading import load_config
from sim.store import ResultStore

SMALL = ["scenario=mmc", "scenario.servers=2", "scenario.arrival_rate=1.5",
         "scenario.horizon_days=60", "scenario.warmup_days=10", "run.seed=7"]


@pytest.fixture(scope="module")
def cfg() -> SwsimConfig:
    """A small M/M/2 configuration."""
    return load_config(SMALL)


def test_run_returns_kpis_and_tables(cfg: SwsimConfig) -> None:
    result = runner.run(cfg, seed=3, replication=1)
    assert list(result.kpis) == list(KPI_DICTIONARY)
    assert (result.seed, result.replication) == (3, 1)
    assert len(result.cases) > 0 and len(result.workers) == 2
    assert list(result.kpi_frame.columns) == list(KPI_DICTIONARY)


def test_run_uses_the_configured_seed(cfg: SwsimConfig) -> None:
    assert runner.run(cfg).seed == 7
    a, b = runner.run(cfg).kpis, runner.run(cfg, seed=7).kpis
    assert a.keys() == b.keys()
    assert all(a[k] == b[k] or (math.isnan(a[k]) and math.isnan(b[k])) for k in a)


def test_run_replication_labels(cfg: SwsimConfig) -> None:
    row = runner.run_replication(cfg, 2)
    assert (row["scenario"], row["dispatch"], row["replication"], row["seed"]) == (
        "mmc", "fifo", 2, 7)
    assert row["error"] is None and row["wall_seconds"] > 0
    assert "_result" not in row
    assert runner.run_replication(cfg, 2, keep_tables=True)["_result"].replication == 2


def test_failing_replication_is_returned_with_its_error(
    cfg: SwsimConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_run = runner.run

    def flaky(c: SwsimConfig, seed: int | None = None, replication: int = 0) -> Any:
        if replication == 1:
            raise RuntimeError("worker caught fire")
        return real_run(c, seed, replication)

    monkeypatch.setattr(runner, "run", flaky)
    df = runner.run_replications(cfg, n=3, n_jobs=1)
    assert df["replication"].tolist() == [0, 1, 2]
    assert df.loc[1, "error"] == "RuntimeError: worker caught fire"
    assert df["error"].isna().tolist() == [True, False, True]
    assert df.loc[[0, 2], "timely_coverage"].notna().all()
    assert "wall_seconds" not in df.columns


def test_progress_is_reported(cfg: SwsimConfig) -> None:
    calls: list[tuple[int, int]] = []
    runner.run_replications(cfg, n=2, n_jobs=1, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 2), (2, 2)]


def test_replications_differ_and_repeat(cfg: SwsimConfig) -> None:
    first = runner.run_replications(cfg, n=2, n_jobs=1)
    again = runner.run_replications(cfg, n=2, n_jobs=1)
    assert first["wait_mean_days"].tolist() == again["wait_mean_days"].tolist()
    assert first.loc[0, "wait_mean_days"] != first.loc[1, "wait_mean_days"]


def test_run_replications_reuses_the_store(cfg: SwsimConfig, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A second call with the same model and seed computes nothing; a corrupt record is
    computed again; a new replication is added."""
    first = runner.run_replications(cfg, n=2, store=tmp_path)

    def refuse(*args: Any) -> Any:
        raise AssertionError("computed again")

    with monkeypatch.context() as patch:
        patch.setattr(runner, "run", refuse)
        pd.testing.assert_frame_equal(runner.run_replications(cfg, n=2, store=tmp_path), first)
    record = ResultStore(tmp_path).path(cfg, cfg.run.seed, 1)
    record.write_bytes(record.read_bytes()[:100])
    again = runner.run_replications(cfg, n=3, store=str(tmp_path))
    pd.testing.assert_frame_equal(again.iloc[:2], first)
    assert list(again["replication"]) == [0, 1, 2]
    assert ResultStore(tmp_path).load(cfg, cfg.run.seed, 1) is not None  # rewritten whole


def test_failed_replications_are_stored_and_retried_when_asked(
        cfg: SwsimConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = runner.run

    def flaky(c: SwsimConfig, seed: int, replication: int) -> Any:
        if replication == 1:
            raise SystemExit(5)
        return real(c, seed, replication)

    with monkeypatch.context() as patch:
        patch.setattr(runner, "run", flaky)
        df = runner.run_replications(cfg, n=2, store=tmp_path)
    assert df["error"].tolist()[1] == "SystemExit: 5"
    assert runner.run_replications(cfg, n=2, store=tmp_path)["error"].tolist()[1] is not None
    fixed = runner.run_replications(cfg, n=2, store=tmp_path, retry_failed=True)
    assert fixed["error"].isna().all()


@pytest.mark.parametrize("n", [0, -3, 2.5, True])
def test_run_replications_refuses_bad_n(cfg: SwsimConfig, n: Any) -> None:
    with pytest.raises(ConfigError, match=r"^n = .* is not allowed: a whole number of repl"):
        runner.run_replications(cfg, n=n)


def test_keyboard_interrupt_in_a_worker_is_a_failure(cfg: SwsimConfig,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Where SIGINT is ignored (a worker), a KeyboardInterrupt comes from the replication's
    own code: its failure. In the main process it is Ctrl-C and stops the run."""

    def interrupted(*args: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        runner.run_replication(cfg, 0)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        row = runner.run_replication(cfg, 0)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert row["error"] == "KeyboardInterrupt: KeyboardInterrupt()"
