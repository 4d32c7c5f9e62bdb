"""End to end: ``swsim-plan`` plans, prints one line of answer and writes its run folder."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

QUEUE = ["scenario=mmc", "scenario.arrival_rate=2.0", "scenario.horizon_days=300",
         "scenario.warmup_days=30", "scenario.target_days=0.2", "plan.kpi=timely_coverage",
         "plan.replications=4", "run.n_jobs=1", "run.progress=false"]


@pytest.fixture(scope="session")
def plan_command() -> list[str]:
    """The installed ``swsim-plan`` script next to this interpreter."""
    script = shutil.which("swsim-plan", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("swsim-plan is not installed (pip install -e .)")
    return [script]


def plan_cli(command: list[str], env: dict[str, str], args: list[str],
             cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def test_a_plan_writes_json_markdown_and_figure(plan_command: list[str],
                                                cli_env: dict[str, str],
                                                tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    proc = plan_cli(plan_command, cli_env, [*QUEUE, "plan.target=0.8",
                                            f"hydra.run.dir={folder}"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    record = json.loads((folder / "plan.json").read_text())
    assert record["feasible"] is True and record["kpi_ci_low"] >= 0.8
    assert record["one_fewer"]["total_workers"] == record["total_workers"] - 1
    assert proc.stdout.splitlines()[0] == f"swsim-plan: {record['message']}"
    assert (folder / "plan.md").read_text().startswith("# Staffing plan")
    assert (folder / "figures" / "staffing_curve.png").stat().st_size > 0


def test_an_unreachable_target_exits_3_with_one_line(plan_command: list[str],
                                                     cli_env: dict[str, str],
                                                     tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    proc = plan_cli(plan_command, cli_env, [*QUEUE, "plan.target=0.999", "plan.max_workers=3",
                                            f"hydra.run.dir={folder}"], tmp_path)
    assert proc.returncode == 3, proc.stderr
    line = proc.stdout.splitlines()[0]
    assert line.startswith("swsim-plan: the target timely_coverage >= 0.999 cannot be met: "
                           "the headcount cap plan.max_workers=3 was reached")
    assert "the best reachable value is timely_coverage" in line
    assert json.loads((folder / "plan.json").read_text())["feasible"] is False


@pytest.mark.parametrize(("args", "message"), [
    (["plan.kpi=speed"], "plan.kpi = 'speed' is not allowed: allowed values are referrals,"),
    (["plan.confidence=2"], "plan.confidence = 2.0 is not allowed: must be in [0.5, 1)"),
    (["plan.bogus=1"], "plan.bogus is not a known key"),
    (["policy/staffing=ratio"], "policy/staffing = 'ratio' is not allowed with swsim-plan"),
])
def test_bad_input_is_one_line_and_no_folder(plan_command: list[str], cli_env: dict[str, str],
                                             tmp_path: Path, args: list[str],
                                             message: str) -> None:
    folder = tmp_path / "plan"
    proc = plan_cli(plan_command, cli_env, [*args, f"hydra.run.dir={folder}"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"swsim-plan: error: {message}"), proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not folder.exists()


def test_in_process_bad_input_and_interrupt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """``sim.plan_cli.plan_main`` itself: one line and exit 2 before Hydra starts; Ctrl-C
    while planning is exit 130."""
    from sim import plan_cli  # noqa: PLC0415 - the entry point under test

    folder = tmp_path / "plan"
    monkeypatch.setattr(sys, "argv", ["swsim-plan", "plan.kpi=speed",
                                      f"hydra.run.dir={folder}"])
    with pytest.raises(SystemExit) as info:
        plan_cli.plan_main()
    assert info.value.code == 2 and not folder.exists()
    err = capsys.readouterr().err
    assert err.startswith("swsim-plan: error: plan.kpi = 'speed' is not allowed")
    assert err.count("\n") == 1

    def interrupt() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(plan_cli, "_plan_app", interrupt)
    monkeypatch.setattr(sys, "argv", ["swsim-plan", *QUEUE, f"hydra.run.dir={folder}"])
    with pytest.raises(SystemExit) as info:
        plan_cli.plan_main()
    assert info.value.code == 130 and capsys.readouterr().err == "swsim-plan: interrupted\n"
