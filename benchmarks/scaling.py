"""One size of the household-scaling benchmark, meant to run in a fresh process.

``python benchmarks/scaling.py HOUSEHOLDS`` scales the default scenario (j_community) to about
``HOUSEHOLDS`` households (``python benchmarks/scaling.py HOUSEHOLDS DEMAND_SCALE`` also sets
``scenario.demand_scale``), with every station's workers scaled by the same factor so that the
load per worker stays about the same, runs one replication (``sim.run``: build, one measured
year after a 30-day warm-up, tables and KPIs) and prints one JSON line: wall time, referrals
(one row of ``result.cases`` per case), µs per referral and the peak resident memory of this
process (``VmHWM``); µs per referral is given by wall time and by this process's CPU time.

Only the public API is used (``sim.load_config``, ``sim.run`` and the fields of its result).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from sim import load_config, run

# one replication in this process; the 10M point needs more than the default size budget
BASE_OVERRIDES = ("scenario.horizon_days=395", "scenario.warmup_days=30", "run.n_jobs=1",
                  "run.max_memory_mb=64000")
SEED = 1


def memory_kib(field: str) -> int:
    """A memory figure of this process (``VmHWM`` peak, ``VmRSS`` current), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return -1


def scaled_overrides(households: int) -> tuple[list[str], int, int]:
    """Overrides scaling the default scenario to ``households``.

    Returns
    -------
    tuple
        The overrides, the households and the workers they configure (after rounding).
    """
    region = load_config([]).scenario
    factor = households / sum(c.households for c in region.communities.values())
    overrides, n_households, n_workers = list(BASE_OVERRIDES), 0, 0
    for name, com in region.communities.items():
        n = round(com.households * factor)
        overrides.append(f"scenario.communities.{name}.households={n}")
        n_households += n
    for name, station in region.stations.items():
        n = round(station.workers * factor)
        overrides.append(f"scenario.stations.{name}.workers={n}")
        n_workers += n
    return overrides, n_households, n_workers


def measure(households: int, demand_scale: float | None = None) -> dict[str, Any]:
    """Run one scaled replication and return its wall time, referrals and memory."""
    rss_start = memory_kib("VmRSS")
    overrides, n_households, n_workers = scaled_overrides(households)
    if demand_scale is not None:
        overrides.append(f"scenario.demand_scale={demand_scale}")
    cfg = load_config(overrides)
    started, cpu_started = time.perf_counter(), time.process_time()
    result = run(cfg, seed=SEED)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    referrals = len(result.cases)
    return {
        "households": n_households,
        "workers": n_workers,
        "referrals": referrals,
        "seconds": seconds,
        "us_per_referral": 1e6 * seconds / max(referrals, 1),
        # CPU time of this process: less disturbed than wall time on a shared machine
        "cpu_seconds": cpu_seconds,
        "cpu_us_per_referral": 1e6 * cpu_seconds / max(referrals, 1),
        "timely_coverage": result.kpis["timely_coverage"],
        "rss_start_mib": rss_start / 1024,
        "peak_rss_mib": memory_kib("VmHWM") / 1024,
    }


def main(argv: list[str]) -> int:
    """Entry point: one size, one JSON line on stdout."""
    scale = float(argv[2]) if len(argv) > 2 else None
    print(json.dumps(measure(int(argv[1]), scale)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
