"""Place files (sim/places.py): the examples load, and each bad row gives one error naming the
file, the row, the column, the value and what is allowed, through the API."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sim import ConfigError, load_config
from sim.config import CommunityScenario
from sim.places import COMMUNITY_COLUMNS, read_communities, read_stations

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COMMUNITIES = EXAMPLES / "communities.csv"
STATIONS = EXAMPLES / "stations.csv"


def table(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file."""
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    """``rows`` as a CSV file (header: the first row's keys)."""
    names = header or list(rows[0])
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, names, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def load(communities: Path, stations: Path = STATIONS) -> CommunityScenario:
    """The default scenario with both place files."""
    cfg = load_config([f"scenario.communities_csv={communities}",
                       f"scenario.stations_csv={stations}"])
    assert isinstance(cfg.scenario, CommunityScenario)
    return cfg.scenario


def test_examples_replace_communities_and_stations() -> None:
    sc = load(COMMUNITIES)
    rows = table(COMMUNITIES)
    assert list(sc.communities) == [r["id"] for r in rows]
    assert {k: s.workers for k, s in sc.stations.items()} == {
        r["id"]: int(r["workers"]) for r in table(STATIONS)}
    first = sc.communities[rows[0]["id"]]
    assert first.households == int(rows[0]["households"])
    assert first.mean_household_size == pytest.approx(
        int(rows[0]["population"]) / int(rows[0]["households"]))
    assert first.minority_language_share == float(rows[0]["minority_language_share"])
    assert first.trust_mean == float(rows[0]["trust_mean"])


def test_an_empty_optional_cell_takes_the_default() -> None:
    rows = table(COMMUNITIES)
    empty = next(r for r in rows if r["trust_mean"] == "")
    assert load(COMMUNITIES).communities[empty["id"]].trust_mean == 0.6  # CommunityConfig's


def test_communities_alone_use_the_scenario_stations(tmp_path: Path) -> None:
    rows = [dict(r, station="service_centre") for r in table(COMMUNITIES)]
    path = write(tmp_path / "c.csv", rows)
    with pytest.raises(ConfigError, match="every station must serve a community"):
        load_config([f"scenario.communities_csv={path}"])  # east/west stations unserved
    got = read_communities(path, {"service_centre": None})
    assert {c.station for c in got.values()} == {"service_centre"}


def read(path: Path) -> None:
    """Read ``path`` with the example stations, as the loader does (no Hydra: fast)."""
    read_communities(path, read_stations(STATIONS),
                     stations_from=f"scenario.stations_csv = '{STATIONS}'")


def bad_communities(tmp_path: Path, row: int, column: str, value: str) -> Path:
    """The example communities with one cell changed (row as a spreadsheet counts)."""
    rows = table(COMMUNITIES)
    rows[row - 2][column] = value
    return write(tmp_path / "bad.csv", rows)


def test_a_bad_cell_through_the_loader(tmp_path: Path) -> None:
    path = bad_communities(tmp_path, 3, "population", "-5")
    with pytest.raises(ConfigError, match=r"row 3, column population = '-5' is not allowed"):
        load(path)


@pytest.mark.parametrize(("row", "column", "value", "allowed"), [
    (2, "population", "-6300", ">= 1"),
    (3, "households", "-1", ">= 1"),
    (4, "elderly_share", "1.5", "a share within [0, 1]"),
    (5, "minority_language_share", "-0.1", "a share within [0, 1]"),
    (6, "trust_mean", "2", "a share within [0, 1]"),
    (3, "households", "lots", "a whole number"),
    (4, "distance_km", "far", "a finite number"),
    (5, "area_km2", "nan", "a finite number"),
    (6, "area_km2", "0", "> 0"),
    (2, "station", "nowhere", "stations in scenario.stations_csv"),
    (3, "id", "has space", "letters, digits"),
    (4, "id", "old_town", "ids must be unique (also on row 2)"),
    (5, "households", "", "a value is required"),
    (6, "population", "300", "population must be >= households"),
])
def test_a_bad_cell_names_file_row_column_value(tmp_path: Path, row: int, column: str,
                                                value: str, allowed: str) -> None:
    path = bad_communities(tmp_path, row, column, value)
    with pytest.raises(ConfigError) as caught:
        read(path)
    message = str(caught.value)
    assert "\n" not in message
    assert f"scenario.communities_csv = '{path}'" in message
    assert f"row {row}, column {column} = {value!r} is not allowed" in message
    assert allowed in message


def test_a_missing_column(tmp_path: Path) -> None:
    header = [c for c in table(COMMUNITIES)[0] if c != "elderly_share"]
    path = write(tmp_path / "c.csv", table(COMMUNITIES), header)
    with pytest.raises(ConfigError, match=r"row 1 is not allowed: column elderly_share is "
                                          r"missing \(required columns are id, name"):
        read(path)


def test_an_unknown_or_repeated_column(tmp_path: Path) -> None:
    rows = [dict(r, colour="red") for r in table(COMMUNITIES)]
    with pytest.raises(ConfigError, match=r"row 1, column 'colour' is not allowed: known "
                                          r"columns are id, .*, trust_mean"):
        read(write(tmp_path / "c.csv", rows))
    text = COMMUNITIES.read_text().splitlines()
    path = tmp_path / "twice.csv"
    path.write_text("\n".join([text[0] + ",households", *(r + ",1" for r in text[1:])]))
    with pytest.raises(ConfigError, match="column 'households' is not allowed: each column"):
        read(path)


def test_a_row_with_too_many_cells(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    lines = COMMUNITIES.read_text().splitlines()
    path.write_text("\n".join([*lines, lines[1].replace("old_town", "x") + ",surplus"]))
    with pytest.raises(ConfigError, match=f"row {len(lines) + 1}, .* at most"):
        read(path)


def test_no_file_an_empty_file_and_no_rows(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"scenario.communities_csv = '.*nope.csv' is not "
                                          r"allowed: no such file"):
        read(tmp_path / "nope.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(ConfigError, match="the file is empty"):
        read(tmp_path / "empty.csv")
    (tmp_path / "header.csv").write_text(",".join(COMMUNITY_COLUMNS[0]) + "\n")
    with pytest.raises(ConfigError, match="at least one row below the header"):
        read(tmp_path / "header.csv")


@pytest.mark.parametrize(("value", "allowed"), [("-1", ">= 0"), ("2.5", "a whole number"),
                                                ("", "a value is required")])
def test_bad_station_workers(tmp_path: Path, value: str, allowed: str) -> None:
    rows = table(STATIONS)
    rows[1]["workers"] = value
    path = write(tmp_path / "s.csv", rows)
    with pytest.raises(ConfigError) as caught:
        read_stations(path)
    assert f"scenario.stations_csv = '{path}': row 3, column workers = {value!r}" in str(
        caught.value)
    assert allowed in str(caught.value)


def test_a_station_no_community_names(tmp_path: Path) -> None:
    rows = [*table(STATIONS), {"id": "lonely", "name": "Lonely", "workers": "1"}]
    path = write(tmp_path / "s.csv", rows)
    with pytest.raises(ConfigError, match=r"row 4, column id = 'lonely' is not allowed: every "
                                          r"station must serve a community"):
        load(COMMUNITIES, path)


def test_a_bom_and_spaces_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("\ufeffid, name ,workers\n" + "\n".join(
        f"{r['id']}, {r['name']} , {r['workers']}" for r in table(STATIONS)), encoding="utf-8")
    assert read_stations(path) == read_stations(STATIONS)


def test_the_mmc_scenario_has_no_place_files() -> None:
    with pytest.raises(ConfigError, match=r"scenario\.communities_csv is not a known key"):
        load_config(["scenario=mmc", f"scenario.communities_csv={COMMUNITIES}"])


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    lines = COMMUNITIES.read_text().splitlines()
    lines[3] = lines[3].replace(",0.05,", ",5,", 1)  # row 4: a share above 1
    path = tmp_path / "c.csv"
    path.write_text("\n".join([lines[0], lines[1], "", *lines[2:]]))  # a blank row 3
    with pytest.raises(ConfigError, match=r"row 5, column \w+_share = '5' is not allowed"):
        read(path)
