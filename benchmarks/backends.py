"""Backends benchmark (not a test): replications per second on the default scenario.

``python benchmarks/backends.py [--replications N] [--quick]`` (also run by ``make bench``)
runs the same replications of the default scenario (j_community, ``run`` defaults) serially,
on loky with 2 processes and on a Dask ``LocalCluster`` with 2 workers (started and stopped
here, bound to 127.0.0.1), checks that the KPI frames are identical, and reports for each:

* wall time and replications per second (pool or cluster start-up included);
* per-task overhead: ``(wall × workers − Σ replication compute time) / replications``, the
  time a replication costs beyond its own computation (dispatch, pickling the tables back,
  start-up, idle workers at the end), averaged;
* start-up: a pool / cluster running one no-op task per worker (loky reuses its pool, so
  after the first run this is near zero; Dask starts a LocalCluster every run);
* dispatch overhead: the time per further no-op task, ``(t(200) - t(workers)) / 198``.

Writes ``benchmarks/results/backends-<UTC time>.{json,md}`` and ``backends-latest.{json,md}``
(atomically). The load average is recorded: on a busy machine compare within one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from sim import load_config
from sim.backends import run_tasks
from sim.runner import compute, sort_rows

RESULTS = Path(__file__).resolve().parent / "results"
WORKERS = 2
NOOPS = 200


def _noop(item: int) -> int:
    return item


def _crashed(item: int, exc: BaseException) -> int:
    return -1


def measure(cfg: Any, n: int, backend: str, workers: int) -> tuple[dict[str, Any], pd.DataFrame]:
    """Run ``n`` replications on ``backend``; the figures and the KPI frame."""
    started = time.perf_counter()
    rows = sort_rows(compute(cfg, list(range(n)), None, workers, backend=backend))
    wall = time.perf_counter() - started
    busy = sum(float(r["wall_seconds"]) for r in rows)
    frame = pd.DataFrame(rows).drop(columns=["wall_seconds"])
    return {"backend": backend, "workers": workers, "replications": n,
            "wall_seconds": round(wall, 3), "replications_per_second": round(n / wall, 4),
            "mean_replication_seconds": round(busy / n, 3),
            "overhead_per_task_seconds": round((wall * workers - busy) / n, 3)}, frame


def _noops(backend: str, workers: int, n: int) -> float:
    started = time.perf_counter()
    list(run_tasks(_noop, range(n), _crashed, backend=backend, n_jobs=workers))
    return time.perf_counter() - started


def dispatch_overhead(backend: str, workers: int) -> tuple[float, float]:
    """Start-up seconds (a pool or cluster running one no-op per worker) and seconds per
    further no-op task: ``(t(200) - t(workers)) / (200 - workers)``."""
    _noops(backend, workers, workers)  # a first start pays for imports
    small = _noops(backend, workers, workers)
    return small, (_noops(backend, workers, NOOPS) - small) / (NOOPS - workers)


def markdown(result: dict[str, Any]) -> str:
    """The results as a Markdown table."""
    lines = [f"# swsim backends benchmark ({result['started']})", "",
             f"Scenario {result['scenario']} (overrides: {result['overrides'] or 'none'}), "
             f"{result['replications']} replications; load average "
             f"{result['load_before']} before, {result['load_after']} after; identical KPI "
             f"frames: {result['identical']}.", "",
             "| backend | workers | wall s | replications/s | mean replication s | "
             "overhead per task s | start-up s | no-op dispatch ms |",
             "|---|---|---|---|---|---|---|---|"]
    for r in result["runs"]:
        lines.append(f"| {r['backend']} | {r['workers']} | {r['wall_seconds']} | "
                     f"{r['replications_per_second']} | {r['mean_replication_seconds']} | "
                     f"{r['overhead_per_task_seconds']} | {r['startup_seconds']} | "
                     f"{r['noop_dispatch_ms']} |")
    return "\n".join(lines) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def main() -> None:
    """Run the benchmark and save its results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="M/M/c, short: a smoke test")
    args = parser.parse_args()
    overrides = (["scenario=mmc", "scenario.horizon_days=200", "scenario.warmup_days=20"]
                 if args.quick else [])
    cfg = load_config(overrides)
    result: dict[str, Any] = {"started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                              "replications": args.replications, "overrides": overrides,
                              "scenario": cfg.scenario.name,
                              "load_before": os.getloadavg()[0], "runs": []}
    frames = []
    for backend, workers in (("serial", 1), ("loky", WORKERS), ("dask", WORKERS)):
        figures, frame = measure(cfg, args.replications, backend, workers)
        startup, per_task = dispatch_overhead(backend, workers)
        figures["startup_seconds"] = round(startup, 3)
        figures["noop_dispatch_ms"] = round(1000 * per_task, 3)
        result["runs"].append(figures)
        frames.append(frame)
        print(figures, flush=True)
    result["identical"] = all(frames[0].equals(f) for f in frames[1:])
    result["load_after"] = os.getloadavg()[0]
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = result["started"].replace(":", "").replace("-", "")
    report = markdown(result)
    for stem in (f"backends-{stamp}", "backends-latest"):
        write_atomic(RESULTS / f"{stem}.json", json.dumps(result, indent=2))
        write_atomic(RESULTS / f"{stem}.md", report)
    print(report)
    if not result["identical"]:
        sys.exit("backends gave different KPI frames")


if __name__ == "__main__":
    main()
