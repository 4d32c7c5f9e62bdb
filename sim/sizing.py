"""Size of a run, estimated from its configuration before anything is simulated.

A configuration can be valid value by value and still ask for more than a machine can give
(a horizon of 10^7 days, an audit every 10^-9 days, an incidence of 10^6, 10^7 workers, a
needs-based rule that turns a tiny ``case_hours_per_worker_year`` into millions of workers).
:func:`check_size` estimates referrals, worker-days and memory per replication and refuses a
run above the budget of ``run.max_referrals``, ``run.max_worker_days`` and
``run.max_memory_mb``, naming the estimate and the key to raise. :func:`cap_n_jobs` caps the
number of processes at the machine's cores.

The per-item costs are measured on the default scenario (README, *the size budget*); the
estimates err on the large side: every eligible household is counted at full trust and every
referral as if it could be referred again.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from sim.checks import ConfigError
from sim.config import CommunityScenario, MMCScenario, SwsimConfig
from sim.units import DAYS_PER_YEAR

#: Measured: peak resident memory per referral (case objects, events, table rows), bytes.
BYTES_PER_REFERRAL = 3_000
#: Measured: per worker and simulated day (schedules, time-use records), bytes.
BYTES_PER_WORKER_DAY = 2_000
#: Measured: per row of the time series at the audit interval, bytes.
BYTES_PER_AUDIT_ROW = 600
#: Measured: an interpreter with swsim, numpy, pandas and simpy imported, MB.
BASE_MB = 150.0

_ELIGIBLE_SHARE = {"has_elderly": "elderly_share", "has_disabled": "disabled_share",
                   "has_minor": "minor_share", "low_income": "low_income_share"}


@dataclass(frozen=True)
class SizeEstimate:
    """What one replication will need, estimated from the configuration."""

    referrals: float
    workers: float
    worker_days: float
    audit_rows: float

    @property
    def memory_mb(self) -> float:
        """Peak memory of one replication's process, MB."""
        return BASE_MB + (self.referrals * BYTES_PER_REFERRAL
                          + self.worker_days * BYTES_PER_WORKER_DAY
                          + self.audit_rows * BYTES_PER_AUDIT_ROW) / 1e6


def machine_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def cap_n_jobs(n_jobs: int, cores: int | None = None) -> tuple[int, str | None]:
    """``n_jobs`` as processes to start (``-1``: all cores), at most the cores; with a note."""
    cores = machine_cores() if cores is None else cores
    if n_jobs == -1:
        return cores, None
    if n_jobs > cores:
        return cores, (f"run.n_jobs = {n_jobs} is more than the {cores} cores of this machine; "
                       f"using {cores} processes")
    return n_jobs, None


def _community_size(sc: CommunityScenario, cfg: SwsimConfig) -> SizeEstimate:
    years = sc.horizon_days / DAYS_PER_YEAR
    per_year = 0.0
    hours_per_year = 0.0
    households = sum(com.households for com in sc.communities.values())
    for need in sc.needs.values():
        share_key = _ELIGIBLE_SHARE.get(need.eligibility)
        eligible = sum(com.households * (getattr(com, share_key) if share_key else 1.0)
                       for com in sc.communities.values())
        cases = eligible * need.incidence_per_year
        per_year += cases
        contacts = 1.0 + need.sessions_mean
        hours_per_year += cases * (need.intake_hours + need.sessions_mean * need.session_hours
                                   + contacts * need.recording_hours)
    referrals = per_year * years * (1.0 + sc.rereferral_prob)
    workers = float(sum(st.workers for st in sc.stations.values()))
    workers = max(workers, _staffing_target(cfg, households, hours_per_year, len(sc.stations)))
    return SizeEstimate(referrals, workers, workers * sc.horizon_days,
                        sc.horizon_days / sc.audit_interval_days)


def _staffing_target(cfg: SwsimConfig, households: float, hours_per_year: float,
                     stations: int) -> float:
    """Headcount a ratio or needs-based staffing rule will aim for (whole region)."""
    staffing = cfg.policy.staffing
    minimum = float(getattr(staffing, "minimum", 0)) * stations
    per = getattr(staffing, "per", None)
    if isinstance(per, int | float) and per > 0:
        return minimum + households / per
    hours = getattr(staffing, "case_hours_per_worker_year", None)
    if isinstance(hours, int | float) and hours > 0:
        return minimum + hours_per_year / hours
    return 0.0


def estimate_size(cfg: SwsimConfig) -> SizeEstimate:
    """Referrals, workers, worker-days and audit rows of one replication of ``cfg``."""
    sc = cfg.scenario
    if isinstance(sc, MMCScenario):
        return SizeEstimate(sc.arrival_rate * sc.horizon_days, float(sc.servers),
                            sc.servers * sc.horizon_days,
                            sc.horizon_days / sc.audit_interval_days)
    if isinstance(sc, CommunityScenario):
        return _community_size(sc, cfg)
    raise TypeError(f"unknown scenario type {type(sc).__name__}")


def _refuse(key: str, limit: float, estimate: float, what: str) -> ConfigError:
    return ConfigError(
        f"{key} = {limit:g} is not enough: this run would need about {estimate:.3g} {what}; "
        f"make the scenario smaller or raise {key} (e.g. {key}="
        f"{10 ** (math.floor(math.log10(max(estimate, 1.0))) + 1):g})")


def check_size(cfg: SwsimConfig) -> SizeEstimate:
    """Refuse a run above the size budget of ``cfg.run``; return the estimate.

    Raises
    ------
    ConfigError
        Naming the estimate and the budget key to raise.
    """
    size = estimate_size(cfg)
    run = cfg.run
    if size.referrals > run.max_referrals:
        raise _refuse("run.max_referrals", run.max_referrals, size.referrals,
                      "referrals per replication")
    if size.worker_days > run.max_worker_days:
        raise _refuse("run.max_worker_days", run.max_worker_days, size.worker_days,
                      f"worker-days per replication ({size.workers:.3g} workers)")
    processes = min(cap_n_jobs(run.n_jobs)[0], run.replications)
    if size.memory_mb * processes > run.max_memory_mb:
        raise _refuse("run.max_memory_mb", run.max_memory_mb, size.memory_mb * processes,
                      f"MB of memory ({processes} processes, {size.workers:.3g} workers, "
                      f"{size.audit_rows:.3g} audit rows)")
    return size
