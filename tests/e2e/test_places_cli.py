"""End to end: the new scenarios and the example place files run through ``swsim`` and write
complete bundles; bad place files end in one line and exit code 2 through ``swsim`` and
``python -m sim``, with no traceback and no run folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PLACE = (f"scenario.communities_csv={EXAMPLES / 'communities.csv'}",
         f"scenario.stations_csv={EXAMPLES / 'stations.csv'}")
SMALL = ("run.replications=2", "run.n_jobs=1", "run.progress=false")
BUNDLE = ("config.yaml", "kpis.csv", "replications.parquet", "cases.parquet",
          "timeseries.parquet", "stations.csv", "communities.csv", "report.md")


def swsim(command: list[str], env: dict[str, str], args: list[str],
          cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI with ``args`` in ``cwd``."""
    return subprocess.run([*command, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.mark.parametrize("args", [("scenario=xicheng",), ("scenario=border_county",), PLACE],
                         ids=["xicheng", "border_county", "example_csv"])
def test_runs_and_writes_a_complete_bundle(tmp_path: Path, swsim_command: list[str],
                                           cli_env: dict[str, str],
                                           args: tuple[str, ...]) -> None:
    folder = tmp_path / "run"
    proc = swsim(swsim_command, cli_env, [*args, *SMALL, f"hydra.run.dir={folder}"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    for name in BUNDLE:
        assert (folder / name).stat().st_size > 0, name
    communities = set(pd.read_csv(folder / "communities.csv")["community"])
    expected = {"scenario=xicheng": 17, "scenario=border_county": 12}
    if args == PLACE:
        assert communities == set(pd.read_csv(EXAMPLES / "communities.csv")["id"])
    else:
        assert len(communities) == expected[args[0]]


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """The issue's five bad files, each with the row and column its error must name."""
    header, *rows = (EXAMPLES / "communities.csv").read_text().splitlines()
    cases = {
        "negative_population": (1, "population", "row 3, column population = '-8700'"),
        "share_above_one": (2, "elderly_share", "row 4, column elderly_share = '1.3'"),
        "duplicate_id": (3, "id", "row 5, column id = 'old_town'"),
        "unknown_station": (4, "station", "row 6, column station = 'nowhere'"),
    }
    values = {"population": "-8700", "elderly_share": "1.3", "id": "old_town",
              "station": "nowhere"}
    columns = header.split(",")
    out: dict[str, tuple[Path, str]] = {}
    for name, (index, column, expected) in cases.items():
        cells = [r.split(",") for r in rows]
        cells[index][columns.index(column)] = values[column]
        path = folder / f"{name}.csv"
        path.write_text("\n".join([header, *(",".join(c) for c in cells)]) + "\n")
        out[name] = (path, expected)
    keep = [i for i, c in enumerate(columns) if c != "disabled_share"]
    path = folder / "missing_column.csv"
    path.write_text("\n".join(",".join(line.split(",")[i] for i in keep)
                              for line in [header, *rows]) + "\n")
    out["missing_column"] = (path, "row 1 is not allowed: column disabled_share is missing")
    return out


def test_bad_place_files_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Each of the issue's five bad files through the CLI entry point in this process."""
    for name, (path, expected) in bad_files(tmp_path).items():
        monkeypatch.setattr(sys, "argv", ["swsim", f"scenario.communities_csv={path}",
                                          PLACE[1], f"hydra.run.dir={tmp_path / name}"])
        with pytest.raises(SystemExit) as exited:
            cli.main()
        assert exited.value.code == 2, name
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1, (name, lines)
        assert lines[0].startswith(f"swsim: error: scenario.communities_csv = '{path}'"), name
        assert expected in lines[0], (name, lines[0])
        assert not (tmp_path / name).exists(), name


@pytest.mark.parametrize(("entry", "case"), [("swsim", "negative_population"),
                                             ("python -m sim", "unknown_station")])
def test_bad_place_file_as_a_process(tmp_path: Path, swsim_command: list[str],
                                     cli_env: dict[str, str], entry: str, case: str) -> None:
    """One line on stderr, exit code 2, no traceback, no run folder (each entry point)."""
    command = swsim_command if entry == "swsim" else [sys.executable, "-m", "sim"]
    path, expected = bad_files(tmp_path)[case]
    folder = tmp_path / "run"
    proc = swsim(command, cli_env, [f"scenario.communities_csv={path}", PLACE[1],
                                    f"hydra.run.dir={folder}"], tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip() == proc.stderr.strip().splitlines()[0]
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert not folder.exists()
