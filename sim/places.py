"""Your own place from CSV files: communities and stations, validated row by row.

``scenario.communities_csv=PATH`` replaces the scenario's ``communities`` and
``scenario.stations_csv=PATH`` its ``stations`` (paths relative to the working directory).
Each row is checked with a pydantic model before anything runs; the first problem ends in
one :class:`~sim.checks.ConfigError` naming the key, the file, the row (as a spreadsheet
numbers it: the header is row 1), the column, the value and what is allowed.

Columns
-------
stations
    ``id``, ``name``, ``workers``.
communities
    ``id``, ``name``, ``households``, ``population``, ``area_km2``, ``distance_km``,
    ``station``, ``minority_language_share``, ``elderly_share``, ``disabled_share``,
    ``low_income_share``; optional ``trust_mean``, ``minor_share``, ``trust_concentration``
    (an empty or absent optional cell takes :class:`~sim.config.CommunityConfig`'s default).

``population / households`` becomes the community's ``mean_household_size``. ``name`` and
``area_km2`` are checked but not simulated (travel uses ``distance_km``).
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails

from sim.checks import ConfigError
from sim.config import CommunityConfig, CommunityScenario, StationConfig, SwsimConfig

__all__ = ["COMMUNITY_COLUMNS", "STATION_COLUMNS", "CommunityRow", "StationRow",
           "apply_place_files", "read_communities", "read_stations"]

Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$")]
Text = Annotated[str, Field(min_length=1)]
Count = Annotated[int, Field(ge=0)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
ID_RULE = "letters, digits, '_' or '-' (an id becomes a configuration key)"


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False,
                              frozen=True)

    id: Id


class StationRow(_Row):
    """One row of a stations file."""

    name: Text
    workers: Count


class CommunityRow(_Row):
    """One row of a communities file."""

    name: Text
    households: Annotated[int, Field(ge=1)]
    population: Annotated[int, Field(ge=1)]
    area_km2: Annotated[float, Field(gt=0.0)]
    distance_km: Annotated[float, Field(ge=0.0)]
    station: Id
    minority_language_share: Share
    elderly_share: Share
    disabled_share: Share
    low_income_share: Share
    trust_mean: Share | None = None
    minor_share: Share | None = None
    trust_concentration: Annotated[float, Field(gt=0.0)] | None = None

    @model_validator(mode="after")
    def _people_per_household(self) -> CommunityRow:
        if self.population < self.households:
            raise ValueError(f"population must be >= households ({self.households}): "
                             f"a household has at least one person")
        return self

    def config(self) -> CommunityConfig:
        """The row as the scenario's community (absent optional cells: the defaults)."""
        optional = {k: v for k, v in (("trust_mean", self.trust_mean),
                                      ("minor_share", self.minor_share),
                                      ("trust_concentration", self.trust_concentration))
                    if v is not None}
        return CommunityConfig(
            households=self.households, station=self.station, distance_km=self.distance_km,
            mean_household_size=self.population / self.households,
            elderly_share=self.elderly_share, disabled_share=self.disabled_share,
            low_income_share=self.low_income_share,
            minority_language_share=self.minority_language_share, **optional)


def _columns(model: type[_Row]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    fields = model.model_fields
    return (tuple(n for n, f in fields.items() if f.is_required()),
            tuple(n for n, f in fields.items() if not f.is_required()))


STATION_COLUMNS = _columns(StationRow)
"""(required, optional) columns of a stations file."""
COMMUNITY_COLUMNS = _columns(CommunityRow)
"""(required, optional) columns of a communities file."""

Row = TypeVar("Row", bound=_Row)


# --------------------------------------------------------------------------- messages


def _allowed(error: ErrorDetails, column: str) -> str:
    """What a cell of ``column`` may hold, from one pydantic error."""
    kind, ctx = error["type"], error.get("ctx", {})
    bounds = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<="}
    if kind == "missing":
        return "a value is required"
    if kind.startswith("int_"):
        return "a whole number"
    if kind.startswith("float_") or kind == "finite_number":
        return "a finite number"
    if kind == "string_pattern_mismatch":
        return ID_RULE
    if kind == "string_too_short":
        return "a non-empty text"
    if kind in bounds and (column.endswith("_share") or column == "trust_mean"):
        return "a share within [0, 1]"
    if kind in bounds:
        return f"must be {bounds[kind]} {next(iter(ctx.values()), '')}"
    return str(error["msg"]).removeprefix("Value error, ")


def _problem(key: str, path: Path, row: int, column: str, value: object, allowed: str) -> str:
    return (f"{key} = '{path}': row {row}, column {column} = {value!r} is not allowed: "
            f"{allowed}")


# --------------------------------------------------------------------------- reading


def _read(key: str, path: Path) -> tuple[list[str], list[tuple[int, dict[str | None, Any]]]]:
    """Header and rows of a CSV file (UTF-8, an Excel BOM allowed), each row with its number
    as a spreadsheet shows it (the header is row 1; blank lines count)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [str(c).strip() for c in reader.fieldnames or []]
            reader.fieldnames = header
            return header, [(reader.line_num, cells) for cells in reader]
    except FileNotFoundError:
        raise ConfigError(f"{key} = '{path}' is not allowed: no such file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"{key} = '{path}' is not allowed: cannot read it as a UTF-8 CSV "
                          f"file ({exc})") from None


def _check_header(key: str, path: Path, header: Sequence[str], model: type[_Row]) -> None:
    required, optional = _columns(model)
    known = (*required, *optional)
    if not header:
        raise ConfigError(f"{key} = '{path}' is not allowed: the file is empty; its first row "
                          f"must name the columns {', '.join(required)}")
    for column in header:
        if column not in known:
            raise ConfigError(f"{key} = '{path}': row 1, column {column!r} is not allowed: "
                              f"known columns are {', '.join(known)}")
        if header.count(column) > 1:
            raise ConfigError(f"{key} = '{path}': row 1, column {column!r} is not allowed: "
                              f"each column may appear once")
    missing = [c for c in required if c not in header]
    if missing:
        raise ConfigError(f"{key} = '{path}': row 1 is not allowed: column {missing[0]} is "
                          f"missing (required columns are {', '.join(required)})")


def _rows(key: str, path: Path, model: type[Row]) -> list[tuple[int, Row]]:
    """Every row of ``path`` as ``model``, with its spreadsheet row number; ids unique."""
    header, raw = _read(key, path)
    _check_header(key, path, header, model)
    if not raw:
        raise ConfigError(f"{key} = '{path}' is not allowed: at least one row below the "
                          f"header is required")
    rows: list[tuple[int, Row]] = []
    seen: dict[str, int] = {}
    for number, cells in raw:
        if None in cells:
            raise ConfigError(_problem(key, path, number, "(beyond the last)",
                                       cells[None], f"at most {len(header)} cells a row"))
        data = {k: v for k, v in cells.items() if v is not None and str(v).strip() != ""}
        try:
            row = model.model_validate(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            column = str(error["loc"][0]) if error["loc"] else "population"
            raise ConfigError(_problem(key, path, number, column, cells.get(column) or "",
                                       _allowed(error, column))) from None
        ident = row.id
        if ident in seen:
            raise ConfigError(_problem(key, path, number, "id", ident,
                                       f"ids must be unique (also on row {seen[ident]})"))
        seen[ident] = number
        rows.append((number, row))
    return rows


def read_stations(path: str | Path, key: str = "scenario.stations_csv"
                  ) -> dict[str, StationConfig]:
    """The stations of a CSV file, by id.

    Raises
    ------
    ConfigError
        Naming ``key``, the file, the row, the column, the value and what is allowed.
    """
    rows = _rows(key, Path(path), StationRow)
    return {row.id: StationConfig(workers=row.workers) for _, row in rows}


def read_communities(path: str | Path, stations: Mapping[str, object],
                     key: str = "scenario.communities_csv",
                     stations_from: str = "scenario.stations") -> dict[str, CommunityConfig]:
    """The communities of a CSV file, by id; each must name one of ``stations``.

    Raises
    ------
    ConfigError
        Naming ``key``, the file, the row, the column, the value and what is allowed.
    """
    file = Path(path)
    communities: dict[str, CommunityConfig] = {}
    for number, row in _rows(key, file, CommunityRow):
        if row.station not in stations:
            raise ConfigError(_problem(key, file, number, "station", row.station,
                                       f"stations in {stations_from} are "
                                       f"{', '.join(stations) or '(none)'}"))
        communities[row.id] = row.config()
    return communities


def _check_served(path: str, communities: Mapping[str, CommunityConfig]) -> None:
    served = {c.station for c in communities.values()}
    for number, row in _rows("scenario.stations_csv", Path(path), StationRow):
        if row.id not in served:
            raise ConfigError(_problem("scenario.stations_csv", Path(path), number, "id", row.id,
                                       "every station must serve a community (none names it)"))


def apply_place_files(cfg: SwsimConfig) -> SwsimConfig:
    """``cfg`` with its communities and stations read from the scenario's CSV files, if any.

    Raises
    ------
    ConfigError
        For the first problem in either file (nothing has run yet).
    """
    sc = cfg.scenario
    if not isinstance(sc, CommunityScenario) or not (sc.communities_csv or sc.stations_csv):
        return cfg
    stations: dict[str, Any] = dict(sc.stations)
    if sc.stations_csv:
        stations = dict(read_stations(sc.stations_csv))
    communities = dict(sc.communities)
    if sc.communities_csv:
        source = (f"scenario.stations_csv = '{sc.stations_csv}'" if sc.stations_csv
                  else "scenario.stations")
        communities = read_communities(sc.communities_csv, stations, stations_from=source)
    if sc.stations_csv:
        _check_served(sc.stations_csv, communities)
    scenario = dataclasses.replace(sc, stations=stations, communities=communities)
    return dataclasses.replace(cfg, scenario=scenario)
