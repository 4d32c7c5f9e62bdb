"""End to end: ``swsim-calibrate`` fits a planner's own targets file, shows progress, prints
the fit table and writes a scenario YAML that ``swsim`` composes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from sim import load_config

TARGETS = """\
scenario: j_community
targets:
  group_activities_per_year: {reported: 30}
parameters:
  - key: scenario.group_work.activities_per_year
    low: 5.0
    high: 25.0
search: {grid: 3, rounds: 1, replications: 1}
"""
SHORT = ["scenario.horizon_days=545", "scenario.warmup_days=180"]


def command() -> list[str]:
    """The installed script next to this interpreter, else the module."""
    script = shutil.which("swsim-calibrate", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "sim.calibrate_cli"]


def test_a_planner_calibrates_their_own_counts(tmp_path: Path) -> None:
    targets = tmp_path / "my_place.yaml"
    targets.write_text(TARGETS)
    proc = subprocess.run([*command(), str(targets), *SHORT], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "calibrating" in proc.stderr and "3/3" in proc.stderr  # progress
    assert "| group_activities_per_year | 30 |" in proc.stdout
    written = tmp_path / "calibration" / "scenario" / "j_community_calibrated.yaml"
    data = yaml.safe_load(written.read_text())
    # 15 a year at each of the two staffed stations is the grid point nearest 30
    assert data["group_work"] == {"activities_per_year": 15.0}
    cfg = load_config([f"hydra.searchpath=[file://{tmp_path / 'calibration'}]",
                       "scenario=j_community_calibrated"])
    assert cfg.scenario.group_work.activities_per_year == 15.0


def test_bad_targets_stop_before_anything_runs(tmp_path: Path) -> None:
    targets = tmp_path / "bad.yaml"
    targets.write_text(TARGETS.replace("reported: 30", "reported: -3"))
    proc = subprocess.run([*command(), str(targets)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("swsim-calibrate: error: bad.yaml: targets.")
    assert "reported = -3" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "calibration").exists()
