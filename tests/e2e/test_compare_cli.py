"""End to end: ``swsim-compare`` and ``swsim run.precision=...``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

SMALL = ["scenario.horizon_days=300", "scenario.warmup_days=60"]


@pytest.fixture(scope="module")
def compare_command() -> list[str]:
    script = shutil.which("swsim-compare", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "sim.compare_cli"]


def call(command: list[str], args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def test_compare_prints_and_writes_the_paired_table(compare_command: list[str],
                                                    tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    proc = call(compare_command, ["--n", "3", "--out", str(out), *SMALL, "--", "--",
                                  "policy/admin=burden_reduction"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "B = policy/admin=burden_reduction scenario.horizon_days=300.0" in proc.stdout
    assert "paired 95% CI" in proc.stdout and "share_admin" in proc.stdout
    table = pd.read_csv(out / "compare.csv", index_col="kpi")
    assert table.loc["share_admin", "diff_mean"] < 0
    assert {"variance_reduction", "diff_ci_low", "diff_ci_high"} <= set(table.columns)


@pytest.mark.parametrize(("args", "message"), [
    (["a=1"], "A_OVERRIDES -- B_OVERRIDES"),
    (["scenario.nope=1", "--", "x=1"], "scenario.nope"),
    (["--kpis", "nope", "--", ""], "--kpis = 'nope'"),
    (["--n", "1", "--", ""], "--n must be >= 2"),
])
def test_compare_refuses_bad_input_in_one_line(compare_command: list[str], tmp_path: Path,
                                               args: list[str], message: str) -> None:
    proc = call(compare_command, [a for a in args if a], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("swsim-compare: error:") and message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_precision_adds_replications_until_met(swsim_command: list[str],
                                               cli_env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "run"
    args = [*SMALL, "run.replications=3", "run.n_jobs=1", "run.max_replications=12",
            "+run.precision.share_admin=0.002", "+run.precision.timely_coverage=0.0001",
            f"hydra.run.dir={folder}"]
    proc = subprocess.run([*swsim_command, *args], cwd=tmp_path, env=cli_env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    reps = pd.read_parquet(folder / "replications.parquet")
    assert list(reps["replication"]) == list(range(12))  # the coverage target needs more
    report = (folder / "report.md").read_text()
    assert "## Precision" in report and "| replications | 12 (12 finished" in report
    assert "| `timely_coverage` | 0.0001 |" in report and "no (cap 12" in report
    assert "| `share_admin` | 0.002 |" in report
