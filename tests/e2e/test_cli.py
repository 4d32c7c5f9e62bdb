"""End to end: ``swsim`` runs, prints a KPI table and writes a complete bundle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from omegaconf import OmegaConf

from sim import cli, load_config, runner
from sim.analysis.kpis import KPI_DICTIONARY
from sim.analysis.stations import STATION_COLUMNS

SMALL = (
    "run.replications=2",
    "run.n_jobs=1",
    "scenario.horizon_days=400",
    "scenario.warmup_days=60",
)
FIGURES = ("backlog.png", "coverage.png", "time_use.png", "wait_distribution.png")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run_cli(command: list[str], env: dict[str, str], args: list[str],
            cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI with ``args`` in ``cwd`` and capture its output."""
    return subprocess.run([*command, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=180, check=False)


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory, swsim_command: list[str],
             cli_env: dict[str, str]) -> tuple[Path, Any]:
    """One small run into an explicit ``hydra.run.dir``: its folder and process result."""
    cwd = tmp_path_factory.mktemp("cli")
    folder = cwd / "run"
    proc = run_cli(swsim_command, cli_env, [*SMALL, f"hydra.run.dir={folder}"], cwd)
    assert proc.returncode == 0, proc.stderr
    return folder, proc


def test_bundle_has_every_file(finished: tuple[Path, Any]) -> None:
    folder, _ = finished
    for name in ("config.yaml", "kpis.csv", "replications.parquet", "cases.parquet",
                 "timeseries.parquet", "stations.csv", "communities.csv", "report.md"):
        assert (folder / name).stat().st_size > 0, name
    for name in FIGURES:
        assert (folder / "figures" / name).read_bytes().startswith(PNG_MAGIC), name
    assert not list(folder.rglob("*.tmp")), "temporary files left behind"


def test_replications_table(finished: tuple[Path, Any]) -> None:
    reps = pd.read_parquet(finished[0] / "replications.parquet")
    assert list(reps["replication"]) == [0, 1]
    assert {"scenario", "dispatch", "seed", "error", *KPI_DICTIONARY} <= set(reps.columns)
    assert reps["error"].isna().all()
    assert (reps["scenario"] == "j_community").all()
    assert (reps["variant"] == "scenario.horizon_days=400.0 scenario.warmup_days=60.0").all()
    assert reps["timely_coverage"].between(0, 1).all()


def test_cases_and_timeseries_stack_replications(finished: tuple[Path, Any]) -> None:
    cases = pd.read_parquet(finished[0] / "cases.parquet")
    series = pd.read_parquet(finished[0] / "timeseries.parquet")
    assert set(cases["replication"]) == {0, 1}
    assert {"case_id", "need", "priority", "referred_at", "first_contact_at", "wait_days",
            "timely", "in_window", "status"} <= set(cases.columns)
    assert set(series["replication"]) == {0, 1}
    assert {"t", "waiting", "backlog_mean"} <= set(series.columns)
    assert series.groupby("replication")["t"].max().eq(series["t"].max()).all()


def test_stations_csv_has_a_row_per_station_and_replication(finished: tuple[Path, Any]) -> None:
    folder, _ = finished
    stations = pd.read_csv(folder / "stations.csv")
    assert list(stations.columns) == ["replication", *STATION_COLUMNS]
    names = ["service_centre", "east_station", "west_station"]  # j_community's stations
    assert len(stations) == len(names) * 2
    assert stations.groupby("replication")["station"].agg(list).tolist() == [names, names]
    reps = pd.read_parquet(folder / "replications.parquet").set_index("replication")
    referrals = stations.groupby("replication")["referrals"].sum()
    assert referrals.tolist() == reps.loc[referrals.index, "referrals"].tolist()
    for column in ("timely_coverage", "timely_coverage_urgent", "utilisation",
                   "abandonment_rate"):
        assert stations[column].dropna().between(0, 1).all(), column
    assert (stations["workers"] >= 0).all()
    communities = pd.read_csv(folder / "communities.csv")
    assert len(communities) == 3 * 2 and communities["central"].all()  # all within 15 min
    assert reps["spatial_access"].eq(1.0).all()
    assert reps["coverage_gap_remote"].isna().all()  # no remote community: undefined


def test_kpis_csv_and_config(finished: tuple[Path, Any]) -> None:
    folder, _ = finished
    kpis = pd.read_csv(folder / "kpis.csv", index_col="kpi")
    assert {"n", "mean", "sd", "ci_halfwidth", "ci_low", "ci_high", "ci_method", "p10",
            "median", "p90"} <= set(kpis.columns)
    shares = kpis.loc[["served_share", "abandonment_rate", "timely_coverage"]]
    assert shares["ci_low"].ge(0).all() and shares["ci_high"].le(1).all()
    assert kpis.loc["timely_coverage", "n"] == 2
    config = OmegaConf.load(folder / "config.yaml")
    assert config.scenario.horizon_days == 400.0
    assert config.scenario.warmup_days == 60.0
    assert config.run.replications == 2
    assert config.policy.dispatch.name == "fifo"


def test_report_names_run_kpis_and_figures(finished: tuple[Path, Any]) -> None:
    report = (finished[0] / "report.md").read_text()
    for text in ("j_community", "fifo", "20261121", "timely_coverage", "95% CI", "p10",
                 "## Bimodal KPIs", "## Warm-up", "MSER-5", "| variant | `scenario.",
                 "## Stations", "| service_centre | ",
                 "None: every replication finished", *(f"figures/{f}" for f in FIGURES)):
        assert text in report, text


def test_prints_kpi_table_and_progress(finished: tuple[Path, Any]) -> None:
    _, proc = finished
    assert "95% CI" in proc.stdout and "median" in proc.stdout
    for kpi in ("timely_coverage", "wait_mean_days", "backlog_mean", "share_direct"):
        assert kpi in proc.stdout
    assert "2/2" in proc.stderr  # tqdm: replications done / total
    assert "Traceback" not in proc.stdout + proc.stderr


def test_refuses_to_overwrite_a_finished_bundle(finished: tuple[Path, Any],
                                                swsim_command: list[str],
                                                cli_env: dict[str, str]) -> None:
    folder, _ = finished
    files = [folder / "report.md", folder / ".hydra" / "config.yaml"]
    before = [(f.read_bytes(), f.stat().st_mtime_ns) for f in files]
    proc = run_cli(swsim_command, cli_env, [*SMALL, f"hydra.run.dir={folder}"], folder.parent)
    assert proc.returncode == 2
    assert "hydra.run.dir" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert [(f.read_bytes(), f.stat().st_mtime_ns) for f in files] == before


def test_default_folders_are_unique(tmp_path: Path, cli_env: dict[str, str]) -> None:
    """Two runs started back to back (here: at once) write to different default folders."""
    args = ["run.replications=1", *SMALL[1:], "run.progress=false"]
    command = [sys.executable, "-m", "sim"]
    procs = [subprocess.Popen([*command, *args], cwd=tmp_path, env=cli_env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]
    folders = sorted(p.parent for p in (tmp_path / "outputs").rglob("report.md"))
    assert len(folders) == 2
    assert folders[0] != folders[1]
    assert all(f.parent.parent == tmp_path / "outputs" for f in folders)  # outputs/<date>/<time>


def test_failed_replication_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A replication that crashes is listed in the bundle; the others are not lost."""
    cfg = load_config([*SMALL, "run.progress=false", f"run.store={tmp_path / 'store'}"])
    real_run = runner.run

    def flaky(cfg: Any, seed: int, replication: int) -> Any:
        if replication == 1:
            raise RuntimeError("worker vanished")
        return real_run(cfg, seed, replication)

    monkeypatch.setattr(runner, "run", flaky)
    code = cli.execute(cfg, tmp_path / "run")
    err = capsys.readouterr().err
    assert code == 1
    assert "replication 1 failed: RuntimeError: worker vanished" in err
    reps = pd.read_parquet(tmp_path / "run" / "replications.parquet")
    assert reps["error"].isna().tolist() == [True, False]
    assert set(pd.read_parquet(tmp_path / "run" / "cases.parquet")["replication"]) == {0}
    report = (tmp_path / "run" / "report.md").read_text()
    assert "| 1 | 20261121 | RuntimeError: worker vanished |" in report


def test_unwritable_bundle_names_the_store_and_the_rebuild(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A bundle that cannot be written: exit 1, the message says where the replications are
    and how to rebuild; the rebuild it names works."""
    from sim import bundle, rebuild  # noqa: PLC0415

    cfg = load_config([*SMALL, "run.progress=false", f"run.store={tmp_path / 'store'}"])
    real = bundle.write_bundle

    def full_disk(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bundle, "write_bundle", full_disk)
    with pytest.raises(SystemExit) as exc:
        cli.execute(cfg, tmp_path / "run")
    assert exc.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "No space left on device" in err
    command = err.split("rebuild the bundle with: ")[1].split()
    assert command[0] == "swsim-report" and command[2:4] == ["--out", str(tmp_path / "run")]
    monkeypatch.setattr(bundle, "write_bundle", real)
    rebuild.main(command[1:])
    reps = pd.read_parquet(tmp_path / "run" / "replications.parquet")
    assert reps["replication"].tolist() == [0, 1]
    assert not (tmp_path / "run" / ".swsim.lock").exists()


def test_processes_one_per_job_under_a_parallel_launcher(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The basic launcher gets ``run.n_jobs`` capped at the cores (with a warning); a job
    that a parallel launcher started runs its replications in one process."""
    from sim.sizing import machine_cores  # noqa: PLC0415 - only for the expectation

    basic = "hydra._internal.core_plugins.basic_launcher.BasicLauncher"
    joblib = "hydra_plugins.hydra_joblib_launcher.joblib_launcher.JoblibLauncher"
    assert cli.processes(1, basic) == 1 and capsys.readouterr().err == ""
    assert cli.processes(8, joblib) == 1
    cores = machine_cores()
    assert cli.processes(cores + 5, basic) == cores
    assert capsys.readouterr().err.startswith(f"swsim: warning: run.n_jobs = {cores + 5} is "
                                              f"more than the {cores} cores")
