"""The command line is read as Hydra reads it and every job is checked before Hydra starts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sim.checks import ConfigError
from sim.command_line import (
    check_run_dir,
    job_config,
    job_overrides,
    precheck,
    prevalidate,
    read,
)
from sim.loading import compose_node, load_config

SMALL = ("scenario=mmc", "run.replications=1")

#: The ``scenario_file`` fixture (tests/unit/conftest.py).
WriteScenario = Callable[[Path, str, str], Path]


def test_read_flags() -> None:
    line = read(["-m", "--config-dir", "d", "-cn", "config", "a=1,2"])
    assert line.multirun and line.config_dir == "d" and line.config_name == "config"
    assert line.overrides == ("a=1,2",)
    assert read(["--help"]).help and read(["--info"]).show_only


def test_unknown_flag_and_conflicting_modes_are_refused() -> None:
    with pytest.raises(ConfigError, match="--bogus"):
        read(["--bogus"])
    with pytest.raises(ConfigError, match="-m and --cfg cannot be combined"):
        read(["-m", "--cfg", "job"])


def test_job_overrides_are_the_product_of_the_sweeps() -> None:
    jobs = job_overrides(["a=1,2", "b=x,y", "c=3"])
    assert len(jobs) == 4
    assert ["a=1", "b=x", "c=3"] in jobs and ["a=2", "b=y", "c=3"] in jobs


def test_interval_sweep_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"a = 'interval\(0,1\)' is not allowed: a sweep"):
        job_overrides(["a=interval(0,1)"])


def test_glob_sweep_lists_the_group_options() -> None:
    jobs = job_overrides(["policy/dispatch=glob(*,exclude=[f*,n*])", "run.seed=range(1,3)"])
    dispatches = {job[0] for job in jobs}
    assert "policy/dispatch=priority" in dispatches and len(jobs) == 2 * len(dispatches)
    assert not any(d.endswith(("=fifo", "=nearest")) for d in dispatches)
    with pytest.raises(ConfigError, match="matches no option of policy/dispatch"):
        job_overrides(["policy/dispatch=glob(zz*)"])


def test_every_job_of_a_sweep_is_checked() -> None:
    _, args, _ = precheck(["-m", *SMALL, "scenario.servers=2,3"])
    assert args == ["-m", *SMALL, "scenario.servers=2,3"]
    with pytest.raises(ConfigError, match=r"scenario.servers = -1"):
        precheck(["-m", *SMALL, "scenario.servers=2,-1"])


def test_single_run_gets_its_overrides_and_folder() -> None:
    argv = ["--run", *SMALL, "hydra.run.dir=somewhere"]
    line, args, folder = precheck(argv)
    assert not line.multirun and args == argv and folder == "somewhere"
    assert precheck(["-m", *SMALL])[2] is None


def test_config_dir_adds_scenarios(tmp_path: Path, scenario_file: WriteScenario) -> None:
    scenario_file(tmp_path, "mine", "name: mine\nservers: 3\n")
    precheck(["--config-dir", str(tmp_path), "scenario=mine"])
    with pytest.raises(ConfigError, match=r"scenario.servers = -3"):
        scenario_file(tmp_path, "worse", "name: worse\nservers: -3\n")
        precheck(["--config-dir", str(tmp_path), "scenario=worse"])


@pytest.mark.parametrize(("body", "where", "what"), [
    ("name: a\nname: b\n", "line 5, column 1", "duplicate key"),
    ("name: [a\n", "line 5, column 1", "expected ',' or ']'"),
], ids=["duplicate_key", "malformed"])
def test_yaml_errors_name_file_line_and_column(tmp_path: Path, body: str, where: str,
                                               what: str, scenario_file: WriteScenario
                                               ) -> None:
    path = scenario_file(tmp_path, "bad", body)
    for argv in (["--config-dir", str(tmp_path), "scenario=bad"],
                 [f"hydra.searchpath=[file://{tmp_path}]", "scenario=bad"],
                 ["-m", "--config-dir", str(tmp_path), "scenario=mmc,bad"]):
        with pytest.raises(ConfigError) as info:
            precheck(argv)
        message = str(info.value)
        assert str(path) in message and where in message and what in message
        assert "\n" not in message


def test_a_key_given_twice_is_refused_on_the_command_line_only() -> None:
    with pytest.raises(ConfigError, match=r"run\.seed is given twice"):
        precheck([*SMALL, "run.seed=1", "run.seed=2"])
    assert load_config([*SMALL, "run.seed=1", "run.seed=2"]).run.seed == 2


def test_a_job_node_gives_its_run_folder_and_config() -> None:
    node = compose_node([*SMALL, "hydra.run.dir=out/here"], with_hydra=True)
    run_dir, cfg = job_config(node)
    assert run_dir == "out/here" and cfg.run.replications == 1 and "hydra" not in node


def test_a_finished_run_folder_is_refused(tmp_path: Path) -> None:
    check_run_dir(str(tmp_path / "new"))
    check_run_dir(str(tmp_path))  # exists, holds no bundle
    (tmp_path / "report.md").write_text("done")
    with pytest.raises(ConfigError, match=rf"^hydra\.run\.dir = '{tmp_path}' is not allowed: "
                                          r"it already holds a finished bundle"):
        check_run_dir(str(tmp_path))


def test_prevalidate_rewrites_and_applies_the_commands_check(tmp_path: Path) -> None:
    folder = f"hydra.run.dir={tmp_path / 'run'}"
    assert prevalidate([*SMALL, folder]) == [*SMALL, folder]
    rewritten = prevalidate([folder, "policy/funding=per_capita", "policy.funding.streams={}"])
    assert rewritten[:2] == [folder, "policy/funding=per_capita"] and len(rewritten) > 2
    assert all(line.startswith("~policy.funding.streams.") for line in rewritten[2:])
    seen: list[int] = []
    prevalidate([*SMALL, folder], lambda cfg: seen.append(cfg.run.replications))
    assert seen == [1]

    def refuse(cfg: object) -> None:
        raise ConfigError("plan.kpi = 'x' is not allowed")

    with pytest.raises(ConfigError, match=r"^plan\.kpi"):
        prevalidate([*SMALL, folder], refuse)
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "report.md").write_text("done")
    with pytest.raises(ConfigError, match="already holds a finished bundle"):
        prevalidate([*SMALL, folder])
