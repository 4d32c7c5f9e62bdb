"""``swsim -m``: every job's bundle, and at the sweep root one table, a summary, figures.

A 2 x 2 sweep with 3 replications on the basic launcher and on the joblib launcher; a
sweep on the submitit_local launcher. Inside a launcher's parallel job the replications run
serially (one level of process parallelism).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest

from sim.analysis.kpis import KPI_DICTIONARY

TINY = ("scenario=mmc", "scenario.horizon_days=150", "scenario.warmup_days=20",
        "run.replications=3", "run.progress=false")
SWEPT = ("scenario.servers=5,6", "scenario.arrival_rate=3,4")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def sweep(command: list[str], env: dict[str, str], root: Path,
          *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``swsim -m`` into ``root``."""
    return subprocess.run([*command, "-m", *TINY, *args, f"hydra.sweep.dir={root}"],
                          cwd=root.parent, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


def check_sweep(root: Path, proc: subprocess.CompletedProcess[str], jobs: int,
                keys: tuple[str, ...]) -> pd.DataFrame:
    """The sweep's files: one bundle per job, the table, the summary, the figures."""
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    table = pd.read_parquet(root / "sweep.parquet")
    assert len(table) == jobs * 3
    assert set(keys) <= set(table.columns) and set(KPI_DICTIONARY) <= set(table.columns)
    assert table.groupby(list(keys)).size().tolist() == [3] * jobs
    assert table["error"].isna().all()
    summary = pd.read_csv(root / "sweep_summary.csv")
    assert summary["job"].nunique() == jobs
    assert {"mean", "sd", "ci_low", "ci_high", *keys} <= set(summary.columns)
    for job in range(jobs):
        reps = pd.read_parquet(root / str(job) / "replications.parquet")
        assert len(reps) == 3
    if len(keys) > 0:
        figure = root / "figures" / "sweep_timely_coverage.png"
        assert figure.read_bytes().startswith(PNG_MAGIC)
    return table


def test_basic_sweep_2x2_with_3_replications(tmp_path: Path, swsim_command: list[str],
                                               cli_env: dict[str, str]) -> None:
    root = tmp_path / "sweep"
    proc = sweep(swsim_command, cli_env, root, *SWEPT, "run.n_jobs=1")
    table = check_sweep(root, proc, 4, ("scenario.servers", "scenario.arrival_rate"))
    # common random numbers: each job's replication i sees the same arrivals
    referrals = table.pivot_table(index=["scenario.arrival_rate", "replication"],
                                  columns="scenario.servers", values="referrals")
    assert (referrals[5] == referrals[6]).all()
    # more servers, same arrivals: waiting never longer on average
    waits = table.groupby(["scenario.arrival_rate", "scenario.servers"])["wait_mean_days"].mean()
    for rate in (3, 4):
        assert waits[(rate, 6)] <= waits[(rate, 5)]


def test_joblib_launcher_gives_the_same_numbers(tmp_path: Path, swsim_command: list[str],
                                                 cli_env: dict[str, str]) -> None:
    basic = tmp_path / "basic"
    check_sweep(basic, sweep(swsim_command, cli_env, basic, *SWEPT, "run.n_jobs=1"), 4,
                ("scenario.servers", "scenario.arrival_rate"))
    joblib = tmp_path / "joblib"
    proc = sweep(swsim_command, cli_env, joblib, *SWEPT, "hydra/launcher=joblib",
                 "hydra.launcher.n_jobs=2")
    table = check_sweep(joblib, proc, 4, ("scenario.servers", "scenario.arrival_rate"))
    expected = pd.read_parquet(basic / "sweep.parquet")
    kpis = [k for k in KPI_DICTIONARY if k in table]
    pd.testing.assert_frame_equal(table[kpis], expected[kpis])


@pytest.mark.parametrize("launcher", ["submitit_local"])
def test_submitit_local_launcher(tmp_path: Path, swsim_command: list[str],
                                 cli_env: dict[str, str], launcher: str) -> None:
    root = tmp_path / "submitit"
    proc = sweep(swsim_command, cli_env, root, "scenario.servers=5,6",
                 f"hydra/launcher={launcher}")
    check_sweep(root, proc, 2, ("scenario.servers",))
