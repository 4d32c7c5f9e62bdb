"""Bad input ends in one clear message naming the key and what is allowed, never a traceback.

Every case runs through the CLI entry point in this process (exit code 2, one
``swsim: error:`` line) and through :func:`sim.load_config` (:class:`sim.ConfigError` naming
the key); the cases of the issue also run as ``swsim`` subprocesses (no traceback, no run
folder).
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from sim import ConfigError, cli, load_config

NEEDS = ("elderly_care", "disability_support", "child_protection", "social_assistance",
         "dispute_mediation", "psychological_counselling", "policy_explanation")


@dataclass(frozen=True)
class Bad:
    """One bad input: overrides, the key the message must name, and what it must allow."""

    id: str
    overrides: tuple[str, ...]
    key: str
    allowed: str


CASES = (
    Bad("negative_rate", ("scenario.needs.elderly_care.incidence_per_year=-1",),
        "scenario.needs.elderly_care.incidence_per_year", ">= 0"),
    Bad("nan_rate", ("scenario.needs.elderly_care.incidence_per_year=nan",),
        "scenario.needs.elderly_care.incidence_per_year", "finite"),
    Bad("infinite_rate", ("scenario.needs.elderly_care.incidence_per_year=inf",),
        "scenario.needs.elderly_care.incidence_per_year", "finite"),
    Bad("share_above_one", ("scenario.communities.centre_grid.elderly_share=1.5",),
        "scenario.communities.centre_grid.elderly_share", "[0, 1]"),
    Bad("unknown_dispatch_option", ("policy/dispatch=nope",), "policy/dispatch",
        "skill_match"),
    Bad("unknown_dispatch_name", ("policy.dispatch.name=nope",), "policy.dispatch.name",
        "skill_match"),
    Bad("unknown_scenario", ("scenario=nope",), "scenario", "j_community, j_partners"),
    Bad("unknown_funding_option", ("policy/funding=nope",), "policy/funding", "unlimited"),
    Bad("option_key_under_wrong_option", ("policy.dispatch.fallback_wait_days=3",),
        "policy.dispatch.fallback_wait_days", "policy/dispatch=skill_match"),
    Bad("option_key_added_under_wrong_option", ("+policy.dispatch.fallback_wait_days=3",),
        "policy.dispatch.fallback_wait_days", "policy/dispatch=skill_match"),
    Bad("micro_grid_negative_fallback", ("policy/dispatch=micro_grid",
                                         "policy.dispatch.fallback_wait_days=-1"),
        "policy.dispatch.fallback_wait_days", ">= 0"),
    Bad("staffing_key_under_fixed", ("policy/staffing=fixed", "policy.staffing.per=500"),
        "policy.staffing.per", "policy/staffing=ratio"),
    Bad("funding_key_under_mmc", ("scenario=mmc", "policy.funding.budget_margin=0.2"),
        "policy.funding.budget_margin", "single_government, diversified"),
    Bad("option_renamed", ("policy.dispatch.name=skill_match",), "policy.dispatch.name",
        "policy/dispatch=skill_match"),
    Bad("unknown_key_added", ("+scenario.foo=1",), "scenario.foo", "horizon_days"),
    Bad("unknown_key", ("scenario.foo=1",), "scenario.foo", "horizon_days"),
    Bad("unknown_nested_key_added", ("+scenario.needs.elderly_care.bar=5",),
        "scenario.needs.elderly_care.bar", "incidence_per_year"),
    Bad("horizon_before_warmup", ("scenario.horizon_days=100",), "scenario.horizon_days",
        "warmup_days"),
    Bad("station_missing", ("scenario.communities.centre_grid.station=nowhere",),
        "scenario.communities.centre_grid.station", "service_centre"),
    Bad("non_numeric", ("scenario.travel_speed_kmh=fast",), "scenario.travel_speed_kmh",
        "number"),
    Bad("empty_needs", ("scenario.needs={}",), "scenario.needs", "at least one"),
    Bad("empty_needs_deleted", tuple(f"~scenario.needs.{n}" for n in NEEDS),
        "scenario.needs", "at least one"),
    Bad("mmc_negative_servers", ("scenario=mmc", "scenario.servers=-1"), "scenario.servers",
        ">= 1"),
    Bad("mmc_fractional_servers", ("scenario=mmc", "scenario.servers=2.5"),
        "scenario.servers", "whole number"),
    Bad("zero_replications", ("run.replications=0",), "run.replications", ">= 1"),
    Bad("unparsable_override", ("scenario.horizon_days",), "scenario.horizon_days",
        "key=value"),
    Bad("bad_start_date", ("scenario.calendar.start_date=2023-13-01",),
        "scenario.calendar.start_date", "YYYY-MM-DD"),
    Bad("bad_holiday_date", ("scenario.calendar.holidays=[2023-03-08,2023-02-30]",),
        "scenario.calendar.holidays[1]", "YYYY-MM-DD"),
    Bad("bad_makeup_date", ("scenario.calendar.makeup_workdays=[20230311]",),
        "scenario.calendar.makeup_workdays[0]", "YYYY-MM-DD"),
    # issue 9 item 4: seeds, derived quantities, fixed keys, keys given twice, sizes
    Bad("seed_above_int64", ("run.seed=18446744073709551616",), "run.seed", "2**63 - 1"),
    Bad("seed_negative", ("run.seed=-1",), "run.seed", "2**63 - 1"),
    Bad("n_jobs_zero", ("run.n_jobs=0",), "run.n_jobs", "-1 for all"),
    Bad("admin_share_times_factor_above_one", ("policy.admin.admin_share_factor=10",),
        "policy.admin.admin_share_factor", "must be < 1"),
    Bad("scenario_kind_overridden", ("scenario.kind=mmc",), "scenario.kind",
        "choose another scenario"),
    Bad("scenario_kind_added", ("scenario=mmc", "+scenario.kind=community"), "scenario.kind",
        "choose another scenario"),
    Bad("key_given_twice", ("run.seed=1", "run.seed=2"), "run.seed", "give each key once"),
    Bad("group_given_twice", ("scenario=mmc", "scenario=j_community"), "scenario",
        "give each key once"),
    Bad("horizon_1e7_days", ("scenario.horizon_days=1e7",), "scenario.calendar.start_date",
        "9999-12-31"),
    Bad("horizon_1e7_days_mmc", ("scenario=mmc", "scenario.horizon_days=1e7"),
        "run.max_referrals", "raise run.max_referrals"),
    Bad("audit_interval_1e-9", ("scenario.audit_interval_days=1e-9",), "run.max_memory_mb",
        "raise run.max_memory_mb"),
    Bad("incidence_1e6", ("scenario.needs.elderly_care.incidence_per_year=1e6",),
        "run.max_referrals", "raise run.max_referrals"),
    Bad("workers_1e7", ("scenario.stations.service_centre.workers=10000000",),
        "run.max_worker_days", "raise run.max_worker_days"),
    Bad("mmc_servers_1e7", ("scenario=mmc", "scenario.servers=10000000"),
        "run.max_worker_days", "raise run.max_worker_days"),
    Bad("needs_based_headcount_explosion",
        ("policy/staffing=needs_based", "policy.staffing.case_hours_per_worker_year=1e-6"),
        "run.max_worker_days", "raise run.max_worker_days"),
    Bad("ratio_headcount_explosion", ("policy/staffing=ratio", "policy.staffing.per=1e-6"),
        "run.max_worker_days", "raise run.max_worker_days"),
    Bad("budget_not_positive", ("run.max_memory_mb=0",), "run.max_memory_mb", "> 0"),
)
# Hydra merges `{}` into a mapping and OmegaConf.to_object keeps keys added with `+`, so
# load_config accepts these; sim.cli catches them (see the report for the config.py fix).
IDS = [case.id for case in CASES]
# the cases the issue lists, also run as subprocesses (each costs an interpreter start)
SUBPROCESS = ("negative_rate", "nan_rate", "share_above_one", "unknown_dispatch_option",
              "unknown_dispatch_name", "unknown_key_added", "unknown_key",
              "horizon_before_warmup", "station_missing", "non_numeric", "empty_needs",
              "mmc_negative_servers", "option_key_under_wrong_option", "bad_start_date",
              "seed_above_int64", "admin_share_times_factor_above_one",
              "scenario_kind_overridden", "key_given_twice", "horizon_1e7_days",
              "horizon_1e7_days_mmc", "audit_interval_1e-9", "incidence_1e6", "workers_1e7",
              "needs_based_headcount_explosion")

# Cases with Hydra flags (``{dir}`` is a folder with the scenario files of CONFIG_DIR):
# only the command line takes them; every one also runs as a subprocess.
CONFIG_DIR = {
    "dup": "defaults:\n  - mmc\n  - _self_\nname: dup\nname: dup2\n",
    "bad": "defaults:\n  - mmc\n  - _self_\nname: [oops\n",
    "neg": "defaults:\n  - mmc\n  - _self_\nname: neg\nservers: -4\n",
}
CLI_CASES = (
    Bad("multirun_bad_job", ("-m", "scenario=mmc", "scenario.servers=2,-1"),
        "scenario.servers", ">= 1"),
    Bad("multirun_unknown_key", ("-m", "scenario.foo=1,2"), "scenario.foo", "horizon_days"),
    Bad("multirun_seed_above_int64", ("-m", "run.seed=1,18446744073709551616"), "run.seed",
        "2**63 - 1"),
    Bad("multirun_key_given_twice", ("-m", "run.seed=1,2", "run.seed=3"), "run.seed",
        "give each key once"),
    Bad("multirun_oversized_job", ("-m", "scenario=mmc", "scenario.horizon_days=1e3,1e7"),
        "run.max_referrals", "raise run.max_referrals"),
    Bad("multirun_interval", ("-m", "run.seed=interval(1,3)"), "run.seed", "a sweep lists"),
    Bad("multirun_glob_matches_nothing", ("-m", "policy/dispatch=glob(zz*)"),
        "policy/dispatch", "matches no option"),
    Bad("multirun_glob_bad_job", ("-m", "policy/dispatch=glob(f*)", "run.seed=-1"),
        "run.seed", "2**63 - 1"),
    Bad("multirun_with_cfg", ("-m", "--cfg", "job"), "-m and --cfg", "at most one of"),
    Bad("unknown_flag", ("--bogus",), "--bogus", "swsim --help"),
    Bad("config_dir_duplicate_key", ("--config-dir", "{dir}", "scenario=dup"),
        "dup.yaml, line 5, column 1", "each key may appear once"),
    Bad("config_dir_malformed_yaml", ("--config-dir", "{dir}", "scenario=bad"),
        "bad.yaml, line 5, column 1", "valid YAML"),
    Bad("config_dir_bad_value", ("--config-dir", "{dir}", "scenario=neg"),
        "scenario.servers", ">= 1"),
    Bad("config_dir_unknown_scenario", ("--config-dir", "{dir}", "scenario=nope"),
        "scenario = 'nope'", "allowed values are"),
    Bad("config_dir_multirun", ("-m", "--config-dir", "{dir}", "scenario=mmc,neg"),
        "scenario.servers", ">= 1"),
    Bad("searchpath_duplicate_key", ("hydra.searchpath=[file://{dir}]", "scenario=dup"),
        "dup.yaml, line 5, column 1", "each key may appear once"),
    Bad("searchpath_multirun", ("-m", "hydra.searchpath=[file://{dir}]", "scenario=mmc,bad"),
        "bad.yaml, line 5, column 1", "valid YAML"),
)
CLI_IDS = [case.id for case in CLI_CASES]


def config_dir(root: Path) -> Path:
    """A folder with the scenario files of :data:`CONFIG_DIR`."""
    (root / "scenario").mkdir(parents=True, exist_ok=True)
    for name, text in CONFIG_DIR.items():
        (root / "scenario" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def with_dir(case: Bad, folder: Path) -> Bad:
    """The case with ``{dir}`` filled in."""
    return Bad(case.id, tuple(a.replace("{dir}", str(folder)) for a in case.overrides),
               case.key, case.allowed)


def _run(command: list[str], env: dict[str, str], case: Bad,
         cwd: Path) -> subprocess.CompletedProcess[str]:
    cwd.mkdir(parents=True)
    return subprocess.run([*command, *case.overrides], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def cli_results(
    tmp_path_factory: pytest.TempPathFactory, swsim_command: list[str], cli_env: dict[str, str]
) -> dict[str, tuple[Path, subprocess.CompletedProcess[str]]]:
    """Every case through the CLI, a few at a time, each in its own working folder."""
    root = tmp_path_factory.mktemp("bad_input")
    folder = config_dir(root / "conf_extra")
    cases = [c for c in CASES if c.id in SUBPROCESS] + [with_dir(c, folder) for c in CLI_CASES]
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {c.id: (root / c.id, pool.submit(_run, swsim_command, cli_env, c, root / c.id))
                   for c in cases}
    return {key: (cwd, future.result()) for key, (cwd, future) in futures.items()}


def assert_one_clear_line(stderr: str, case: Bad) -> None:
    """One ``swsim: error:`` line naming the key and what is allowed."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("swsim: error: ")
    assert case.key in lines[0]
    assert case.allowed in lines[0]


@pytest.mark.parametrize("case", [c for c in CASES if c.id in SUBPROCESS],
                         ids=[i for i in IDS if i in SUBPROCESS])
def test_swsim_refuses_bad_input(
    case: Bad, cli_results: dict[str, tuple[Path, subprocess.CompletedProcess[str]]]
) -> None:
    cwd, proc = cli_results[case.id]
    assert proc.returncode == 2, proc.stderr
    assert_one_clear_line(proc.stderr, case)
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout == ""
    assert not (cwd / "outputs").exists(), "a run folder was created for bad input"
    assert not (cwd / "multirun").exists(), "a sweep folder was created for bad input"


@pytest.mark.parametrize("case", CLI_CASES, ids=CLI_IDS)
def test_swsim_refuses_bad_flags_and_files(
    case: Bad, cli_results: dict[str, tuple[Path, subprocess.CompletedProcess[str]]]
) -> None:
    test_swsim_refuses_bad_input(case, cli_results)


@pytest.mark.parametrize("case", CLI_CASES, ids=CLI_IDS)
def test_main_refuses_bad_flags_and_files(case: Bad, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    test_main_refuses_bad_input(with_dir(case, config_dir(tmp_path / "conf_extra")), tmp_path,
                                monkeypatch, capsys)
    assert not (tmp_path / "multirun").exists()


def test_too_many_processes_are_capped_with_a_warning(
    tmp_path: Path, swsim_command: list[str], cli_env: dict[str, str]
) -> None:
    proc = subprocess.run(
        [*swsim_command, "scenario=mmc", "scenario.horizon_days=60", "scenario.warmup_days=10",
         "run.replications=1", "run.n_jobs=1000", "run.progress=false",
         f"hydra.run.dir={tmp_path / 'run'}"],
        cwd=tmp_path, env=cli_env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "swsim: warning: run.n_jobs = 1000 is more than the" in proc.stderr
    assert (tmp_path / "run" / "kpis.csv").exists()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_main_refuses_bad_input(case: Bad, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["swsim", *case.overrides])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 2
    assert_one_clear_line(capsys.readouterr().err, case)
    assert not (tmp_path / "outputs").exists()


# a program's list of overrides may override an earlier entry (Hydra's compose does so);
# only the command line refuses a key given twice
CLI_ONLY = ("key_given_twice", "group_given_twice")


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.id not in CLI_ONLY],
    ids=[i for i in IDS if i not in CLI_ONLY],
)
def test_load_config_refuses_bad_input(case: Bad) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(list(case.overrides))
    assert case.key in str(info.value)
