"""The result bundle of a run: tables, figures and a short report, written atomically.

A bundle folder holds::

    config.yaml            the resolved, validated configuration
    kpis.csv               per KPI: n, mean, sd, 95% CI (inside the KPI's range), p10/median/p90
    replications.parquet   one labelled KPI row per replication (failed ones with their error)
    cases.parquet          the case tables of all replications, with a ``replication`` column
    timeseries.parquet     the audit time series of all replications, likewise
    stations.csv           one row per station and replication (sim.analysis.stations)
    communities.csv        one row per community and replication, likewise
    agencies.csv           one row per agency and replication (sim.analysis.agencies)
    figures/*.png          coverage, waits, backlog, worker time use
    report.md              what was run, headline KPIs with CIs, funding regimes, stations,
                           figures, failures (its text: :mod:`sim.report`)

Every file is written to a temporary file in the same folder and moved into place with
:func:`os.replace`, so a file either is complete or is not there; ``report.md`` is written
last and marks a finished bundle, which is never overwritten.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from sim.analysis.agencies import AGENCY_COLUMNS, agency_table
from sim.analysis.stations import COMMUNITY_COLUMNS, STATION_COLUMNS, place_tables
from sim.analysis.summary import LABELS, summarise
from sim.plots.figures import (
    backlog_figure,
    coverage_figure,
    time_use_figure,
    wait_distribution_figure,
)
from sim.plots.style import DPI
from sim.report import render_report

FINISHED_MARKER = "report.md"
RESULT_KEY = "_result"


@dataclass
class RunInfo:
    """What was run, as the report states it."""

    scenario: str
    dispatch: str
    replications: int
    seed: int
    warmup_days: float
    horizon_days: float
    n_jobs: int = 1
    overrides: tuple[str, ...] = ()
    variant: str = "default"
    precision: tuple[tuple[str, float], ...] = ()  # run.precision targets (KPI, half-width)
    max_replications: int = 0


@dataclass
class Bundle:
    """Everything a bundle folder holds, in memory."""

    info: RunInfo
    config_yaml: str
    replications: pd.DataFrame
    cases: pd.DataFrame
    timeseries: pd.DataFrame
    stations: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["replication", *STATION_COLUMNS]))
    communities: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["replication", *COMMUNITY_COLUMNS]))
    agencies: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["replication", *AGENCY_COLUMNS]))
    summary: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        self.summary = summary_table(self.replications)

    @property
    def failed(self) -> pd.DataFrame:
        """The replications that failed, with their error."""
        if "error" not in self.replications:
            return self.replications.iloc[0:0]
        return self.replications[self.replications["error"].notna()]


# --------------------------------------------------------------------------- collecting


def summary_table(replications: pd.DataFrame) -> pd.DataFrame:
    """:func:`~sim.analysis.summary.summarise` (empty if no replication finished)."""
    return summarise(replications)


def _stack(tables: list[tuple[int, pd.DataFrame]]) -> pd.DataFrame:
    if not tables:
        return pd.DataFrame({"replication": pd.Series(dtype="int64")})
    labelled = [t.assign(replication=rep) for rep, t in tables]
    stacked = pd.concat(labelled, ignore_index=True)
    return stacked[["replication", *[c for c in stacked.columns if c != "replication"]]]


def replications_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per replication: labels, KPIs, ``error`` (text or missing), ``wall_seconds``."""
    records = [{k: v for k, v in row.items() if k != RESULT_KEY} for row in rows]
    df = pd.DataFrame(records)
    if "error" not in df:
        df["error"] = None
    df["error"] = df["error"].astype("str")
    labels = [c for c in LABELS if c in df and c not in ("error", "wall_seconds")]
    tail = [c for c in ("error", "wall_seconds") if c in df]
    kpis = [c for c in df.columns if c not in labels and c not in tail]
    return df[labels + kpis + tail]


def collect(rows: Iterable[Mapping[str, Any]], info: RunInfo, config_yaml: str) -> Bundle:
    """A bundle from the rows of :func:`sim.runner.iter_replications` (``keep_tables=True``).

    Parameters
    ----------
    rows
        Labelled KPI rows; successful ones carry their ``RunResult`` under ``"_result"``.
    info
        What was run.
    config_yaml
        The resolved configuration as YAML text.
    """
    rows = list(rows)
    results = [(int(r["replication"]), r[RESULT_KEY]) for r in rows
               if r.get(RESULT_KEY) is not None]
    bundle = Bundle(
        info=info,
        config_yaml=config_yaml,
        replications=replications_frame(rows),
        cases=_stack([(rep, res.cases) for rep, res in results]),
        timeseries=_stack([(rep, res.timeseries) for rep, res in results]),
    )
    if results:
        places = [(rep, place_tables(res.cases, res.workers, res.scalars))
                  for rep, res in results]
        bundle.stations = _stack([(rep, st) for rep, (st, _) in places])
        bundle.communities = _stack([(rep, com) for rep, (_, com) in places])
        bundle.agencies = _stack([(rep, agency_table(res.cases, res.scalars))
                                  for rep, res in results])
    return bundle


# --------------------------------------------------------------------------- atomic writes


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Write ``path`` through ``write(tmp)`` on a temporary file, then move it into place.

    The temporary file lives in the same folder (so :func:`os.replace` is atomic) and is
    removed if ``write`` fails; an existing ``path`` is then left as it was.

    Parameters
    ----------
    path
        The file to create or replace.
    write
        Writes the complete content to the path it is given.

    Returns
    -------
    Path
        ``path``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.chmod(_file_mode())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _file_mode() -> int:
    """The mode a plainly created file gets (``mkstemp`` makes its files private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write_text(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def is_finished(folder: Path) -> bool:
    """Whether ``folder`` already holds a finished bundle."""
    return (folder / FINISHED_MARKER).exists()


# --------------------------------------------------------------------------- writing


def draw_figures(bundle: Bundle) -> dict[str, Figure]:
    """The standard figures of a bundle, by file stem (none if no replication finished)."""
    if bundle.cases.empty or "wait_days" not in bundle.cases:
        return {}
    return {
        "coverage": coverage_figure(bundle.replications),
        "wait_distribution": wait_distribution_figure(bundle.cases),
        "backlog": backlog_figure(bundle.timeseries, bundle.info.warmup_days),
        "time_use": time_use_figure(bundle.replications),
    }


def _write_parquet(path: Path, df: pd.DataFrame) -> Path:
    return atomic_write(path, lambda tmp: df.to_parquet(tmp, index=False))


def _save_figure(path: Path, fig: Figure) -> Path:
    try:
        return atomic_write(
            path, lambda tmp: fig.savefig(tmp, format="png", dpi=DPI, bbox_inches="tight"))
    finally:
        fig.clear()


def write_bundle(folder: Path, bundle: Bundle, overwrite: bool = False) -> list[Path]:
    """Write every file of ``bundle`` into ``folder``, each atomically, ``report.md`` last.

    Parameters
    ----------
    folder
        The run folder (created if missing).
    bundle
        What to write.
    overwrite
        Replace a finished bundle already in ``folder``; by default that is refused.

    Returns
    -------
    list of Path
        The files written, in order.

    Raises
    ------
    FileExistsError
        If ``folder`` holds a finished bundle and ``overwrite`` is false.
    """
    folder = Path(folder)
    if is_finished(folder) and not overwrite:
        raise FileExistsError(f"{folder} already holds a finished bundle ({FINISHED_MARKER})")
    written = [
        atomic_write_text(folder / "config.yaml", bundle.config_yaml),
        atomic_write(folder / "kpis.csv", bundle.summary.to_csv),
        _write_parquet(folder / "replications.parquet", bundle.replications),
        _write_parquet(folder / "cases.parquet", bundle.cases),
        _write_parquet(folder / "timeseries.parquet", bundle.timeseries),
        atomic_write(folder / "stations.csv", lambda tmp: bundle.stations.to_csv(tmp, index=False)),
        atomic_write(folder / "communities.csv",
                     lambda tmp: bundle.communities.to_csv(tmp, index=False)),
        atomic_write(folder / "agencies.csv",
                     lambda tmp: bundle.agencies.to_csv(tmp, index=False)),
    ]
    figures = [_save_figure(folder / "figures" / f"{stem}.png", fig)
               for stem, fig in draw_figures(bundle).items()]
    written += figures
    report = render_report(bundle, [p.name for p in figures])
    written.append(atomic_write_text(folder / FINISHED_MARKER, report))
    return written
