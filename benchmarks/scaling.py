"""One size of the household-scaling benchmark, meant to run in a fresh process.

``python benchmarks/scaling.py HOUSEHOLDS`` scales the default scenario (j_community) to about
``HOUSEHOLDS`` households, with every station's workers scaled by the same factor so the load
per worker stays about the same, runs one replication over one measured year, and prints one
JSON line: wall times (build + simulation, then tables + KPIs), referrals, workers and the
peak resident memory of this process (``VmHWM``).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from sim import load_config
from sim.analysis.kpis import compute_kpis
from sim.build import build
from sim.results.tables import run_tables

BASE_OVERRIDES = ("scenario.horizon_days=395", "scenario.warmup_days=30", "run.seed=1")
SEED = 1


def memory_kib(field: str) -> int:
    """A memory figure (``VmHWM`` peak, ``VmRSS`` current) of this process, in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return -1


def scaled_overrides(households: int) -> tuple[list[str], float]:
    """Overrides that scale the default scenario to ``households``, and the scale factor."""
    base = load_config([])
    region = base.scenario
    total = sum(c.households for c in region.communities.values())
    factor = households / total
    overrides = list(BASE_OVERRIDES)
    for name, com in region.communities.items():
        overrides.append(f"scenario.communities.{name}.households={round(com.households * factor)}")
    for name, station in region.stations.items():
        overrides.append(f"scenario.stations.{name}.workers={round(station.workers * factor)}")
    return overrides, factor


def timed_replication(cfg: Any) -> tuple[Any, dict[str, float], float, float]:
    """One replication: the built model, its KPIs, simulation seconds and total seconds."""
    started = time.perf_counter()
    built = build(cfg, SEED, 0)
    built.model.run()
    simulated = time.perf_counter()
    tables = run_tables(built.model, built.need_names)
    kpis = compute_kpis(tables.cases, tables.workers, tables.scalars)
    finished = time.perf_counter()
    return built, kpis, simulated - started, finished - started


def measure(households: int) -> dict[str, Any]:
    """Run one scaled replication and return its timings and memory."""
    rss_start = memory_kib("VmRSS")
    overrides, factor = scaled_overrides(households)
    built, kpis, core, total = timed_replication(load_config(overrides))
    return {
        "households": len(built.households),
        "factor": factor,
        "workers": len(built.model.workers),
        "referrals": built.model.recorder.referred,
        "core_seconds": core,
        "total_seconds": total,
        "timely_coverage": kpis["timely_coverage"],
        "rss_start_mib": rss_start / 1024,
        "peak_rss_mib": memory_kib("VmHWM") / 1024,
    }


def main(argv: list[str]) -> int:
    """Entry point: one size, one JSON line on stdout."""
    print(json.dumps(measure(int(argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
