"""swsim-calibrate's command line: bad input is one line and exit status 2, before any run."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.calibrate_cli import EXIT_USAGE, fit_table, main, parse, with_search
from sim.calibration import Fit, load_targets


@pytest.mark.parametrize("argv", [
    ["no_such_place"],
    ["j_community", "--grid", "1"],
    ["j_community", "--replications", "0"],
    ["j_community", "scenario.demand_scale=-1"],
])
def test_bad_input_is_one_line_and_status_2(argv: list[str], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv[:1], "-o", str(tmp_path / "out.yaml"), *argv[1:]]) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert err.startswith("swsim-calibrate: error:") and "\n" not in err
    assert not (tmp_path / "out.yaml").exists()


def test_the_command_line_overrides_the_search() -> None:
    spec = with_search(load_targets("j_community"),
                       parse(["j_community", "--grid", "3", "--rounds", "1"]))
    assert spec.search.grid == 3 and spec.search.rounds == 1
    assert spec.search.replications == load_targets("j_community").search.replications


def test_the_fit_table_says_which_means_fall_in_their_band() -> None:
    spec = load_targets("j_community")
    means = {"cases_opened_per_year": 36.0, "home_visits_per_year": 30.0,
             "group_activities_per_year": 35.0, "people_served_per_year": 2100.0,
             "volunteers_active": 150.0}
    table = fit_table(spec, Fit({}, {}, means, 0.0, {}, 1))
    assert "| cases_opened_per_year | 25 | [15, 35] | 36.0 | no |" in table
    assert "| people_served_per_year | 2500 | [2000, 3000] | 2100.0 | yes |" in table
