"""swsim benchmarks (not tests): ``make bench`` or ``python benchmarks/run_all.py``.

Measures, in one run, and writes ``benchmarks/results/bench-<UTC time>.{json,md}`` plus
``latest.{json,md}`` (each written atomically):

(a) one replication of the default scenario, wall time (median of 3);
(b) M/M/20 at rho = 0.9 (lambda = 18, mu = 1) with 200,000 customers: customers per second of
    swsim's public ``run(cfg, seed=1)`` (build, simulation, tables and KPIs; customers =
    ``len(result.cases)``) against the textbook plain-SimPy program in ``plain_mmc.py``,
    rounds interleaved (order alternating), reported per round and as the median ratio; both
    mean waits and P(wait) against Erlang C; a cProfile of swsim's ``run`` (top 25 by own time).
    With ``--compiled DIR`` (``make bench`` passes the build that ``make compiled`` makes) the
    same rounds run again in a fresh process that imports swsim from ``DIR``, the optional
    mypyc build of the hot path: its own ratio to the textbook program in that process, and
    whether its waits equal the pure-Python run's (they must: same seed, same model);
(c) the default scenario scaled to 10k / 100k / 1M / 10M households (workers scaled alike)
    over one measured year, each size in a fresh process (``scaling.py``): wall time,
    referrals, µs per referral, peak resident memory, and the 1M / 100k ratio of µs per
    referral (target: within 20%).

Only the public API is used: ``sim.load_config``, ``sim.run`` and the ``RunResult`` fields
``kpis``, ``cases``, ``workers``, ``timeseries``. The machine's load average is recorded at start
and end: timings on a busy machine are noisy, so speeds are compared as ratios within one run.
Options: ``--quick`` (20,000 customers, sizes up to 100k: a smoke test), ``--rounds N``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
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

import sim.casework
from sim import load_config, run

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
SERVERS, LAMBDA, MU = 20, 18.0, 1.0
CUSTOMERS = 200_000
WARMUP_DAYS = 50.0
SIZES = (10_000, 100_000, 1_000_000, 10_000_000)
QUICK_SIZES = SIZES[:2]
DENSE_SIZES = SIZES[1:3]  # 100k and 1M at the uncalibrated load (10M would take ~5 GB)
SCALING_TARGET = 1.2  # µs per referral at 1M over 100k
SEED = 1
PROFILE_TOP = 25


# --------------------------------------------------------------------------- (a)


def bench_default(repeats: int = 3) -> dict[str, Any]:
    """Wall time of one replication of the default scenario (``run(load_config([]))``)."""
    cfg = load_config([])
    times, referrals = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        result = run(cfg, seed=SEED)
        times.append(time.perf_counter() - started)
        referrals = len(result.cases)
    return {"scenario": cfg.scenario.name, "seconds_median": statistics.median(times),
            "seconds_all": times, "referrals": referrals}


# --------------------------------------------------------------------------- (b)


def mmc_config(customers: int) -> Any:
    """M/M/20 at rho = 0.9 whose horizon holds about ``customers`` arrivals."""
    return load_config([
        "scenario=mmc", f"scenario.servers={SERVERS}", f"scenario.arrival_rate={LAMBDA}",
        f"scenario.service_rate={MU}", f"scenario.horizon_days={customers / LAMBDA}",
        f"scenario.warmup_days={WARMUP_DAYS}"])


def swsim_round(cfg: Any) -> dict[str, float]:
    """One timed ``run(cfg, seed=1)``: customers, seconds and the wait KPIs."""
    started, cpu_started = time.perf_counter(), time.process_time()
    result = run(cfg, seed=SEED)
    seconds = time.perf_counter() - started
    return {"customers": len(result.cases), "seconds": seconds,
            "cpu_seconds": time.process_time() - cpu_started,
            "wait_mean": result.kpis["wait_mean_days"], "p_wait": result.kpis["p_wait"]}


def plain_round(customers: int) -> dict[str, float]:
    """One timed run of the textbook plain-SimPy program."""
    started, cpu_started = time.perf_counter(), time.process_time()
    res = run_plain(SERVERS, LAMBDA, MU, customers / LAMBDA, warmup=WARMUP_DAYS, seed=SEED)
    seconds = time.perf_counter() - started
    return {"customers": res.customers, "seconds": seconds,
            "cpu_seconds": time.process_time() - cpu_started, "wait_mean": res.mean_wait,
            "p_wait": res.p_wait}


def rate(r: dict[str, float], clock: str = "seconds") -> float:
    """Customers per second of one round (``clock``: ``"seconds"`` wall, ``"cpu_seconds"``)."""
    return r["customers"] / r[clock]


def bench_mmc(customers: int, rounds: int) -> dict[str, Any]:
    """swsim's ``run`` against the textbook program on M/M/20, rounds interleaved.

    Both programs first run once untimed on a tenth of the customers (imports, caches); the
    order within a round alternates so that neither always runs first.
    """
    cfg = mmc_config(customers)
    swsim_round(mmc_config(customers // 10))
    plain_round(customers // 10)
    sw: list[dict[str, float]] = []
    pl: list[dict[str, float]] = []
    for i in range(rounds):
        print(f"  (b) round {i + 1}/{rounds}", flush=True)
        if i % 2 == 0:
            sw.append(swsim_round(cfg))
            pl.append(plain_round(customers))
        else:
            pl.append(plain_round(customers))
            sw.append(swsim_round(cfg))
    per_round = [{"swsim_per_s": rate(s), "plain_per_s": rate(p), "ratio": rate(s) / rate(p),
                  "cpu_ratio": rate(s, "cpu_seconds") / rate(p, "cpu_seconds"),
                  "swsim_seconds": s["seconds"], "plain_seconds": p["seconds"]}
                 for s, p in zip(sw, pl, strict=True)]
    p_wait, wq = erlang_c(SERVERS, LAMBDA, MU)
    swsim_median = statistics.median(rate(s) for s in sw)
    plain_median = statistics.median(rate(p) for p in pl)
    return {
        "customers": customers, "rounds": rounds,
        "swsim_customers": sw[0]["customers"], "plain_customers": pl[0]["customers"],
        "per_round": per_round,
        "ratio_median": statistics.median(r["ratio"] for r in per_round),
        "cpu_ratio_median": statistics.median(r["cpu_ratio"] for r in per_round),
        "swsim_per_s_median": swsim_median, "plain_per_s_median": plain_median,
        "ratio_of_medians": swsim_median / plain_median,
        "erlang_c": {"wait_mean": wq, "p_wait": p_wait},
        "swsim_wait_mean": sw[0]["wait_mean"], "swsim_p_wait": sw[0]["p_wait"],
        "plain_wait_mean": pl[0]["wait_mean"], "plain_p_wait": pl[0]["p_wait"],
    }


def build_kind() -> str:
    """``"compiled"`` if swsim's hot path was imported from mypyc extensions, else
    ``"python"``."""
    return "compiled" if not str(sim.casework.__file__).endswith(".py") else "python"


def bench_mmc_compiled(folder: Path, customers: int, rounds: int) -> dict[str, Any]:
    """:func:`bench_mmc` in a fresh process that imports swsim from the compiled build in
    ``folder`` (its textbook rounds run in that process too)."""
    env = {**os.environ, "PYTHONPATH": str(folder.resolve())}
    cmd = [sys.executable, str(HERE / "run_all.py"), "--mmc-json", str(customers),
           "--rounds", str(rounds)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env,
                             cwd=HERE.parent, timeout=3600)
    except subprocess.CalledProcessError as exc:
        tail = (exc.stderr or "").strip().splitlines()[-1:] or [f"exit {exc.returncode}"]
        return {"error": tail[0]}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def short_path(path: str) -> str:
    """A source path relative to site-packages or the repository (``simpy/core.py``)."""
    parts = Path(path).parts
    if "site-packages" in parts:
        return "/".join(parts[len(parts) - parts[::-1].index("site-packages"):])
    repo = HERE.parent.parts
    if parts[:len(repo)] == repo:
        return "/".join(parts[len(repo):])
    return path


def profile_mmc(customers: int, top: int = PROFILE_TOP) -> list[dict[str, Any]]:
    """cProfile of swsim's whole ``run(cfg, seed=1)``: the functions with the most own time."""
    cfg = mmc_config(customers)
    profiler = cProfile.Profile()
    profiler.enable()
    run(cfg, seed=SEED)
    profiler.disable()
    raw: dict[tuple[str, int, str], tuple[Any, ...]] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in raw.values())
    rows = [{"function": f"{short_path(path)}:{line}({func})", "ncalls": calls,
             "tottime": tottime, "share": tottime / total, "cumtime": cumtime}
            for (path, line, func), (_cc, calls, tottime, cumtime, _) in raw.items()]
    rows.sort(key=lambda r: -r["tottime"])
    return rows[:top]


# --------------------------------------------------------------------------- (c)


def scaling_timeout(households: int) -> float:
    """A generous subprocess timeout in seconds: 10 min plus about 6 min per million."""
    return 600.0 + 3.6e-4 * households


def scaling_point(households: int, demand_scale: float | None = None) -> dict[str, Any]:
    """One size in a fresh process; a failure or timeout is recorded, not raised."""
    cmd = [sys.executable, str(HERE / "scaling.py"), str(households),
           *([] if demand_scale is None else [str(demand_scale)])]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=True,
                             timeout=scaling_timeout(households))
    except subprocess.TimeoutExpired:
        return {"requested": households,
                "error": f"timeout after {scaling_timeout(households):.0f} s"}
    except subprocess.CalledProcessError as exc:
        tail = (exc.stderr or "").strip().splitlines()[-1:] or [f"exit {exc.returncode}"]
        return {"requested": households, "error": tail[0]}
    return {"requested": households, **json.loads(out.stdout.strip().splitlines()[-1])}


def bench_scaling(sizes: tuple[int, ...], demand_scale: float | None = None) -> dict[str, Any]:
    """Every size, and the ratio of µs per referral at 1M to that at 100k (``demand_scale``:
    ``scenario.demand_scale``, ``None``: the scenario's own)."""
    rows = []
    for households in sizes:
        print(f"  (c) {households:,} households"
              f"{'' if demand_scale is None else f', demand_scale={demand_scale}'}", flush=True)
        rows.append(scaling_point(households, demand_scale))
    ok = {r["requested"]: r for r in rows if "error" not in r}
    ratio = cpu_ratio = None
    if 100_000 in ok and 1_000_000 in ok:
        ratio = ok[1_000_000]["us_per_referral"] / ok[100_000]["us_per_referral"]
        cpu_ratio = ok[1_000_000]["cpu_us_per_referral"] / ok[100_000]["cpu_us_per_referral"]
    return {"rows": rows, "ratio_1m_100k": ratio, "cpu_ratio_1m_100k": cpu_ratio,
            "target": SCALING_TARGET, "demand_scale": demand_scale}


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


def md_mmc(b: dict[str, Any]) -> list[str]:
    """Section (b) of the report."""
    lines = [
        f"## (b) M/M/{SERVERS}, rho = {LAMBDA / (SERVERS * MU):.2f}, "
        f"{b['customers']:,} customers, {b['rounds']} interleaved rounds", "",
        f"swsim ({b['build']} build): `run(cfg, seed={SEED})` (build, simulation, tables, KPIs), "
        f"{b['swsim_customers']:,} cases. Textbook plain SimPy (`simpy.Resource`, a process "
        f"per customer, `random.Random`): {b['plain_customers']:,} customers.", "",
        "| round | swsim customers/s | textbook customers/s | ratio swsim/textbook |",
        "|---:|---:|---:|---:|",
    ]
    lines += [f"| {i} | {r['swsim_per_s']:,.0f} | {r['plain_per_s']:,.0f} | {r['ratio']:.3f} |"
              for i, r in enumerate(b["per_round"], 1)]
    ec = b["erlang_c"]
    lines += [
        f"| median | {b['swsim_per_s_median']:,.0f} | {b['plain_per_s_median']:,.0f} "
        f"| **{b['ratio_median']:.3f}** |", "",
        f"Median of the per-round ratios: **{b['ratio_median']:.3f}** (target >= 1.0); "
        f"ratio of the median throughputs {b['ratio_of_medians']:.3f}; median ratio by "
        f"CPU time of the process {b['cpu_ratio_median']:.3f}.", "",
        f"Mean wait (days): Erlang C {ec['wait_mean']:.4f}, swsim {b['swsim_wait_mean']:.4f}, "
        f"textbook {b['plain_wait_mean']:.4f}. P(wait): Erlang C {ec['p_wait']:.4f}, "
        f"swsim {b['swsim_p_wait']:.4f}, textbook {b['plain_p_wait']:.4f}.", "",
    ]
    return lines


def md_compiled(pure: dict[str, Any], b: dict[str, Any] | None) -> list[str]:
    """Section (b) for the compiled build."""
    if b is None:
        return []
    title = "### (b) again with the compiled build (`make compiled`, mypyc)"
    if "error" in b:
        return [title, "", f"failed: {b['error']}", ""]
    same = (b["swsim_wait_mean"] == pure["swsim_wait_mean"]
            and b["swsim_p_wait"] == pure["swsim_p_wait"])
    lines = [title, "", f"Imported as: {b['build']}. Same seed, same model: waits "
             f"{'identical to' if same else 'DIFFERENT from'} the pure-Python run's.", "",
             "| round | swsim customers/s | textbook customers/s | ratio swsim/textbook |",
             "|---:|---:|---:|---:|"]
    lines += [f"| {i} | {r['swsim_per_s']:,.0f} | {r['plain_per_s']:,.0f} | {r['ratio']:.3f} |"
              for i, r in enumerate(b["per_round"], 1)]
    return [*lines, f"| median | {b['swsim_per_s_median']:,.0f} | "
            f"{b['plain_per_s_median']:,.0f} | **{b['ratio_median']:.3f}** |", "",
            f"Median of the per-round ratios: **{b['ratio_median']:.3f}** (target >= 1.0); "
            f"by CPU time {b['cpu_ratio_median']:.3f}.", ""]


def md_profile(rows: list[dict[str, Any]]) -> list[str]:
    """The cProfile table of swsim's ``run``."""
    lines = [f"### cProfile of swsim's `run` on M/M/{SERVERS} (top {len(rows)} by tottime)", "",
             "| function | ncalls | tottime s | share | cumtime s |", "|---|---:|---:|---:|---:|"]
    lines += [f"| `{r['function']}` | {r['ncalls']:,} | {r['tottime']:.3f} | {r['share']:.1%} "
              f"| {r['cumtime']:.3f} |" for r in rows]
    return [*lines, ""]


def md_scaling(c: dict[str, Any]) -> list[str]:
    """Section (c) of the report."""
    title = ("## (c) scaling: default scenario, one measured year after a 30-day warm-up"
             if c.get("demand_scale") is None else
             f"### (c) again at scenario.demand_scale={c['demand_scale']} (the uncalibrated "
             "load: about 12 times the referrals per household, so the cost per referral, "
             "not per household, dominates)")
    lines = [title, "",
             "| households | workers | referrals | wall s | µs/referral | CPU µs/referral "
             "| peak RSS MiB |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in c["rows"]:
        if "error" in r:
            lines.append(f"| {r['requested']:,} | | | failed: {r['error']} | | | |")
            continue
        lines.append(f"| {r['households']:,} | {r['workers']:,} | {r['referrals']:,} | "
                     f"{r['seconds']:.2f} | {r['us_per_referral']:.1f} | "
                     f"{r['cpu_us_per_referral']:.1f} | {r['peak_rss_mib']:.0f} |")
    ratio = c["ratio_1m_100k"]
    text = "not measured" if ratio is None else (
        f"**{ratio:.3f}** ({'within' if ratio <= c['target'] else 'outside'} the target "
        f"<= {c['target']:.2f})")
    cpu = c.get("cpu_ratio_1m_100k")
    cpu_text = "" if cpu is None else f" By CPU time: {cpu:.3f}."
    return [*lines, "", f"µs per referral, 1M / 100k: {text}.{cpu_text}", ""]


def markdown(res: dict[str, Any]) -> str:
    """The results as a short markdown report."""
    a, m = res["default"], res["machine"]
    lines = [
        "# swsim benchmarks", "",
        f"{m['time_utc']}, git {m['git']}, Python {m['python']}, SimPy {m['simpy']}, "
        f"{m['cpus']} CPUs, load average {m['load_start'][0]:.2f} at start, "
        f"{m['load_end'][0]:.2f} at end; total {res['total_seconds']:.0f} s"
        f"{' (--quick)' if res['quick'] else ''}.", "",
        "## (a) default scenario, one replication", "",
        f"{a['scenario']}: {a['seconds_median']:.3f} s (median of {len(a['seconds_all'])}; "
        f"{a['referrals']:,} referrals)", "",
        *md_mmc(res["mmc"]),
        *md_compiled(res["mmc"], res.get("mmc_compiled")),
        *md_profile(res["profile"]),
        *md_scaling(res["scaling"]),
        *md_scaling(res["scaling_dense"]),
    ]
    return "\n".join(lines)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def save(res: dict[str, Any]) -> Path:
    """Write the JSON and markdown results (timestamped and ``latest``)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = res["machine"]["time_utc"].replace(":", "").replace("+0000", "Z")
    text, report = json.dumps(res, indent=2), markdown(res)
    for stem in (f"bench-{stamp}", "latest"):
        write_atomic(RESULTS / f"{stem}.json", text)
        write_atomic(RESULTS / f"{stem}.md", report)
    return RESULTS / f"bench-{stamp}.md"


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark, print the report and save it."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="20,000 customers and sizes up to 100k, for a smoke test")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds in (b)")
    parser.add_argument("--compiled", type=Path, default=None,
                        help="folder of the compiled build (make compiled) to measure in (b)")
    parser.add_argument("--mmc-json", type=int, default=None, metavar="CUSTOMERS",
                        help=argparse.SUPPRESS)  # (b) only, one JSON line (the subprocess)
    args = parser.parse_args(argv)
    if args.mmc_json is not None:
        print(json.dumps({**bench_mmc(args.mmc_json, args.rounds), "build": build_kind()}))
        return 0
    customers = 20_000 if args.quick else CUSTOMERS
    started = time.perf_counter()
    res: dict[str, Any] = {"machine": machine(), "quick": args.quick}
    print("(a) default scenario", flush=True)
    res["default"] = bench_default()
    print(f"(b) M/M/{SERVERS} throughput", flush=True)
    res["mmc"] = {**bench_mmc(customers, args.rounds), "build": build_kind()}
    if args.compiled is not None:
        print(f"(b) M/M/{SERVERS} throughput, compiled build", flush=True)
        res["mmc_compiled"] = bench_mmc_compiled(args.compiled, customers, args.rounds)
    print("  profiling swsim's run", flush=True)
    res["profile"] = profile_mmc(customers)
    print("(c) scaling", flush=True)
    res["scaling"] = bench_scaling(QUICK_SIZES if args.quick else SIZES)
    res["scaling_dense"] = bench_scaling(QUICK_SIZES if args.quick else DENSE_SIZES, 1.0)
    res["machine"]["load_end"] = os.getloadavg()
    res["total_seconds"] = time.perf_counter() - started
    path = save(res)
    print()
    print(markdown(res))
    print(f"saved {path} and {RESULTS / 'latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
