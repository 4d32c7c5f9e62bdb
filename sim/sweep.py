"""Aggregating a sweep: every job's replications in one table, a summary, figures.

``swsim -m key=a,b other=x,y`` runs one job per combination; each writes its bundle in its
own folder under the sweep root. When the sweep ends, :class:`SweepAggregator` (a Hydra
callback named in ``conf/config.yaml``) calls :func:`aggregate`, which writes at the sweep
root:

``sweep.parquet``
    one row per job x replication: ``job``, the swept keys as columns, the KPI row;
``sweep_summary.csv``
    one row per job and KPI: the swept keys, n, mean, sd, the CI;
``figures/sweep_<kpi>.png``
    a KPI against the first swept key, with CI bands, one line per value of the others.

The swept keys are the override keys whose values differ between the jobs. Nothing here
imports Hydra: the callback reads Hydra's config node by attribute only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml

from sim.analysis.summary import summarise
from sim.bundle import atomic_write, atomic_write_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SWEEP_TABLE = "sweep.parquet"
SWEEP_SUMMARY = "sweep_summary.csv"
#: KPIs drawn against the swept keys (those the jobs have).
FIGURE_KPIS = ("timely_coverage", "wait_mean_days", "abandonment_rate", "backlog_mean")


def parse_override(line: str) -> tuple[str, Any]:
    """``key=value`` (also ``+key=value``) as the key and its YAML value."""
    key, _, text = line.lstrip("+~").partition("=")
    try:
        value = yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        value = text
    return key, value if isinstance(value, int | float | str | bool) else text


def job_folders(root: Path) -> list[Path]:
    """The job folders of a sweep (those with a bundle), by job number."""
    found = [p.parent for p in root.glob("*/replications.parquet")]
    return sorted(found, key=lambda p: (not p.name.isdigit(), int(p.name) if p.name.isdigit()
                                        else 0, p.name))


def job_overrides(folder: Path) -> dict[str, Any]:
    """The overrides Hydra gave one job (``.hydra/overrides.yaml``)."""
    path = folder / ".hydra" / "overrides.yaml"
    lines = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []
    return dict(parse_override(str(line)) for line in lines or [])


def swept_keys(overrides: Sequence[Mapping[str, Any]]) -> list[str]:
    """Keys whose values differ between jobs (every key of a single job), in order."""
    keys: list[str] = []
    for job in overrides:
        keys += [k for k in job if k not in keys]
    if len(overrides) == 1:
        return keys
    return [k for k in keys if len({repr(job.get(k)) for job in overrides}) > 1]


def sweep_table(root: Path) -> tuple[pd.DataFrame, list[str]]:
    """All jobs' replications with ``job`` and the swept keys as columns; and those keys."""
    folders = job_folders(root)
    if not folders:
        raise FileNotFoundError(f"no job bundle (replications.parquet) under {root}")
    overrides = [job_overrides(f) for f in folders]
    keys = swept_keys(overrides)
    frames = []
    for number, (folder, job) in enumerate(zip(folders, overrides, strict=True)):
        reps = pd.read_parquet(folder / "replications.parquet")
        labels = {"job": int(folder.name) if folder.name.isdigit() else number,
                  **{key: job.get(key) for key in keys}}
        frames.append(reps.assign(**labels)[[*labels, *reps.columns]])
    return pd.concat(frames, ignore_index=True), keys


def sweep_summary(table: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Mean, sd and CI per job and KPI (failed replications left out)."""
    rows = []
    for job, reps in table.groupby("job", sort=True):
        summary = summarise(reps.drop(columns=["job", *keys]))
        labels = {"job": job, **{key: reps[key].iloc[0] for key in keys}}
        rows.append(summary.reset_index().assign(**labels))
    out = pd.concat(rows, ignore_index=True)
    first = ["job", *keys, "kpi"]
    return out[[*first, *(c for c in out.columns if c not in first)]]


def _save(path: Path, fig: Figure) -> Path:
    return atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=110))


def aggregate(root: Path) -> list[Path]:
    """Write ``sweep.parquet``, ``sweep_summary.csv`` and the figures at the sweep root."""
    from sim.plots.sweep import sweep_figure  # noqa: PLC0415 - matplotlib only when drawing

    table, keys = sweep_table(root)
    summary = sweep_summary(table, keys)
    written = [atomic_write(root / SWEEP_TABLE, lambda p: table.to_parquet(p, index=False)),
               atomic_write_text(root / SWEEP_SUMMARY, summary.to_csv(index=False))]
    if keys:
        (root / "figures").mkdir(exist_ok=True)
        for kpi in (k for k in FIGURE_KPIS if k in set(summary["kpi"])):
            written.append(_save(root / "figures" / f"sweep_{kpi}.png",
                                 sweep_figure(summary, kpi, keys[0], keys[1:])))
    return written


class SweepAggregator:
    """Hydra callback: aggregate the sweep when a multirun ends (see :func:`aggregate`)."""

    def on_multirun_end(self, config: Any, **_: Any) -> None:
        """Write the sweep's table, summary and figures at its root."""
        root = Path(str(config.hydra.sweep.dir))
        written = aggregate(root)
        print(f"swsim: sweep of {len(job_folders(root))} jobs aggregated: "
              f"{root / SWEEP_TABLE}, {root / SWEEP_SUMMARY} ({len(written) - 2} figures)",
              flush=True)

    def on_run_start(self, config: Any, **_: Any) -> None:
        """Nothing to do (Hydra calls every hook of a callback)."""

    def on_run_end(self, config: Any, **_: Any) -> None:
        """Nothing to do."""

    def on_multirun_start(self, config: Any, **_: Any) -> None:
        """Nothing to do."""

    def on_job_start(self, config: Any, **_: Any) -> None:
        """Nothing to do."""

    def on_job_end(self, config: Any, job_return: Any = None, **_: Any) -> None:
        """Nothing to do."""
