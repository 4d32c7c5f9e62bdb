"""run_plan: one line of answer on stdout, the plan written, the exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import load_config
from sim.planning.command import EXIT_UNREACHABLE, run_plan

SMALL = ["scenario=mmc", "scenario.arrival_rate=1.0", "scenario.horizon_days=200",
         "scenario.warmup_days=20", "scenario.target_days=0.2", "plan.kpi=timely_coverage",
         "plan.replications=3", "run.n_jobs=1", "run.progress=false"]


def test_a_plan_prints_its_answer_and_exits_0(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert run_plan(load_config([*SMALL, "plan.target=0.6"]), tmp_path) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("swsim-plan: ") and "meets the target 0.6" in out[0]
    assert out[1] == f"plan: {tmp_path}"
    assert (tmp_path / "plan.json").exists()


def test_an_unreachable_target_exits_3(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    cfg = load_config([*SMALL, "plan.target=0.9999", "plan.max_workers=1"])
    assert run_plan(cfg, tmp_path) == EXIT_UNREACHABLE == 3
    assert "cannot be met" in capsys.readouterr().out
