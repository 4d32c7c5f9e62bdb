"""swsim benchmarks (not tests): ``make bench`` or ``python benchmarks/run_all.py``.

Measures, in one run, and writes ``benchmarks/results/bench-<UTC time>.{json,md}`` plus
``latest.{json,md}``:

(a) one replication of the default scenario, wall time (median of 3);
(b) M/M/20 at rho = 0.9 (lambda = 18, mu = 1) with 200,000 customers: cases per second of
    swsim (build + simulation, and separately including tables and KPIs) against the plain
    SimPy program in ``plain_mmc.py``, rounds interleaved, reported as a ratio; both mean
    waits against Erlang C; a cProfile of swsim's hotspots when it is the slower;
(c) the default scenario scaled to 10,000 / 100,000 / 1,000,000 households (workers scaled
    alike) over one measured year, each size in a fresh process: wall time, time ratio to
    the smallest size, peak resident memory.

The machine's load average is recorded at start and end: timings on a busy machine are noisy.
Options: ``--quick`` (fewer customers and sizes, for a smoke test), ``--rounds N``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import simpy
from plain_mmc import erlang_c, run_plain
from scaling import timed_replication

from sim import load_config, run
from sim.build import build

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
SERVERS, LAMBDA, MU = 20, 18.0, 1.0
CUSTOMERS = 200_000
WARMUP_DAYS = 50.0
SIZES = (10_000, 100_000, 1_000_000)
SEED = 1


# --------------------------------------------------------------------------- (a)


def bench_default(repeats: int = 3) -> dict[str, Any]:
    """Wall time of one replication of the default scenario (``run(load_config([]))``)."""
    cfg = load_config([])
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = run(cfg)
        times.append(time.perf_counter() - started)
    return {"scenario": cfg.scenario.name, "seconds_median": statistics.median(times),
            "seconds_all": times, "referrals": result.kpis["referrals"]}


# --------------------------------------------------------------------------- (b)


def mmc_overrides(customers: int) -> list[str]:
    """M/M/20 at rho = 0.9 whose horizon holds about ``customers`` arrivals."""
    return ["scenario=mmc", f"scenario.servers={SERVERS}", f"scenario.arrival_rate={LAMBDA}",
            f"scenario.service_rate={MU}", f"scenario.horizon_days={customers / LAMBDA}",
            f"scenario.warmup_days={WARMUP_DAYS}"]


def swsim_round(cfg: Any) -> dict[str, float]:
    """One swsim replication, timing the simulation and then tables + KPIs."""
    built, kpis, core, full = timed_replication(cfg)
    return {"customers": built.model.recorder.referred, "core": core,
            "full": full, "wait_mean": kpis["wait_mean_days"],
            "p_wait": kpis["p_wait"]}


def plain_round(customers: int) -> dict[str, float]:
    """One run of the plain SimPy reference program."""
    res = run_plain(SERVERS, LAMBDA, MU, customers / LAMBDA, warmup=WARMUP_DAYS, seed=SEED)
    return {"customers": res.customers, "core": res.wall_seconds, "wait_mean": res.mean_wait,
            "p_wait": res.p_wait}


def throughput(rounds: list[dict[str, float]], key: str) -> dict[str, float]:
    """Customers per second: median and best over rounds."""
    rates = [r["customers"] / r[key] for r in rounds]
    return {"median": statistics.median(rates), "best": max(rates)}


def bench_mmc(customers: int, rounds: int) -> dict[str, Any]:
    """swsim against plain SimPy on M/M/20, rounds interleaved so both see the same load."""
    cfg = load_config(mmc_overrides(customers))
    sw, pl = [], []
    for i in range(rounds):
        print(f"  (b) round {i + 1}/{rounds}", flush=True)
        sw.append(swsim_round(cfg))
        pl.append(plain_round(customers))
    core, full, plain = throughput(sw, "core"), throughput(sw, "full"), throughput(pl, "core")
    p_wait, wq = erlang_c(SERVERS, LAMBDA, MU)
    return {
        "customers": customers, "rounds": rounds,
        "swsim_core_per_s": core, "swsim_full_per_s": full, "plain_per_s": plain,
        "ratio_core": core["median"] / plain["median"],
        "ratio_full": full["median"] / plain["median"],
        "ratio_core_best": core["best"] / plain["best"],
        "erlang_c": {"wait_mean": wq, "p_wait": p_wait},
        "swsim_wait_mean": sw[0]["wait_mean"], "swsim_p_wait": sw[0]["p_wait"],
        "plain_wait_mean": pl[0]["wait_mean"], "plain_p_wait": pl[0]["p_wait"],
    }


def profile_mmc(customers: int, top: int = 15) -> list[dict[str, Any]]:
    """cProfile of swsim's simulation (build + run): the functions with most own time."""
    cfg = load_config(mmc_overrides(customers))
    profiler = cProfile.Profile()
    profiler.enable()
    build(cfg, SEED, 0).model.run()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    rows = []
    for (path, line, func), (_cc, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{Path(path).name}:{line}({func})", "calls": calls,
                     "own_s": tottime, "own_share": tottime / total, "cum_s": cumtime})
    rows.sort(key=lambda r: -r["own_s"])
    return rows[:top]


# --------------------------------------------------------------------------- (c)


def bench_scaling(sizes: tuple[int, ...]) -> list[dict[str, Any]]:
    """Each size in a fresh process (so peak memory is that size's alone)."""
    rows = []
    for households in sizes:
        print(f"  (c) {households:,} households", flush=True)
        out = subprocess.run([sys.executable, str(HERE / "scaling.py"), str(households)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    base = rows[0]
    for row in rows:
        row["time_ratio"] = row["total_seconds"] / base["total_seconds"]
        row["size_ratio"] = row["households"] / base["households"]
        row["us_per_referral"] = 1e6 * row["core_seconds"] / max(row["referrals"], 1)
    return rows


# --------------------------------------------------------------------------- report


def machine() -> dict[str, Any]:
    """Where and when the benchmark ran."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE,
                                capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        commit = ""
    return {"time_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(), "simpy": simpy.__version__,
            "platform": platform.platform(), "cpus": os.cpu_count(), "git": commit,
            "load_start": os.getloadavg()}


def markdown(res: dict[str, Any]) -> str:
    """The results as a short markdown report."""
    a, b, m = res["default"], res["mmc"], res["machine"]
    lines = [
        "# swsim benchmarks", "",
        f"{m['time_utc']}, git {m['git']}, Python {m['python']}, SimPy {m['simpy']}, "
        f"{m['cpus']} CPUs, load average {m['load_start'][0]:.2f} at start, "
        f"{m['load_end'][0]:.2f} at end; total {res['total_seconds']:.0f} s.", "",
        "## (a) default scenario, one replication", "",
        f"{a['scenario']}: {a['seconds_median']:.3f} s (median of {len(a['seconds_all'])}; "
        f"{a['referrals']:.0f} referrals counted)", "",
        f"## (b) M/M/{SERVERS}, rho = {LAMBDA / (SERVERS * MU):.2f}, "
        f"{b['customers']:,} customers, {b['rounds']} interleaved rounds", "",
        "| program | customers/s (median) | best | ratio to plain (median) |",
        "|---|---:|---:|---:|",
        f"| plain SimPy (Resource + process per customer) | {b['plain_per_s']['median']:,.0f} "
        f"| {b['plain_per_s']['best']:,.0f} | 1.00 |",
        f"| swsim build + simulation | {b['swsim_core_per_s']['median']:,.0f} "
        f"| {b['swsim_core_per_s']['best']:,.0f} | {b['ratio_core']:.2f} |",
        f"| swsim incl. tables + KPIs | {b['swsim_full_per_s']['median']:,.0f} "
        f"| {b['swsim_full_per_s']['best']:,.0f} | {b['ratio_full']:.2f} |", "",
        f"Mean wait (days): Erlang C {b['erlang_c']['wait_mean']:.4f}, "
        f"swsim {b['swsim_wait_mean']:.4f}, plain {b['plain_wait_mean']:.4f}. "
        f"P(wait): Erlang C {b['erlang_c']['p_wait']:.4f}, swsim {b['swsim_p_wait']:.4f}, "
        f"plain {b['plain_p_wait']:.4f}.", "",
    ]
    if res.get("profile"):
        lines += ["Hotspots of swsim's simulation (cProfile, own time):", "",
                  "| function | calls | own s | share |", "|---|---:|---:|---:|"]
        lines += [f"| {r['function']} | {r['calls']:,} | {r['own_s']:.3f} | "
                  f"{r['own_share']:.1%} |" for r in res["profile"]]
        lines.append("")
    lines += ["## (c) scaling: default scenario, one year after a 30-day warm-up", "",
              "| households | workers | referrals | core s | total s | time ratio | "
              "size ratio | us/referral | peak RSS MiB |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['households']:,} | {r['workers']} | {r['referrals']:,} | "
              f"{r['core_seconds']:.2f} | {r['total_seconds']:.2f} | {r['time_ratio']:.1f} | "
              f"{r['size_ratio']:.0f} | {r['us_per_referral']:.0f} | {r['peak_rss_mib']:.0f} |"
              for r in res["scaling"]]
    return "\n".join(lines) + "\n"


def save(res: dict[str, Any]) -> Path:
    """Write the JSON and markdown results (timestamped and ``latest``)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = res["machine"]["time_utc"].replace(":", "").replace("+0000", "Z")
    text, report = json.dumps(res, indent=2), markdown(res)
    for stem in (f"bench-{stamp}", "latest"):
        (RESULTS / f"{stem}.json").write_text(text)
        (RESULTS / f"{stem}.md").write_text(report)
    return RESULTS / f"bench-{stamp}.md"


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark, print the report and save it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds in (b)")
    args = parser.parse_args(argv)
    customers = 20_000 if args.quick else CUSTOMERS
    sizes = SIZES[:2] if args.quick else SIZES
    started = time.perf_counter()
    res: dict[str, Any] = {"machine": machine()}
    print("(a) default scenario", flush=True)
    res["default"] = bench_default()
    print("(b) M/M/20 throughput", flush=True)
    res["mmc"] = bench_mmc(customers, args.rounds)
    if res["mmc"]["ratio_core"] < 1.0:
        print("  swsim slower than plain SimPy: profiling", flush=True)
        res["profile"] = profile_mmc(customers // 4)
    print("(c) scaling", flush=True)
    res["scaling"] = bench_scaling(sizes)
    res["machine"]["load_end"] = os.getloadavg()
    res["total_seconds"] = time.perf_counter() - started
    path = save(res)
    print()
    print(markdown(res))
    print(f"saved {path} and {RESULTS / 'latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
