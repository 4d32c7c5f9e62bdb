"""Validation of a composed configuration: ranges, references and names.

Every check raises one :class:`sim.config.ConfigError` whose message names the key, the value
and what is allowed, before anything is simulated. Policy options are checked through their
family's registry (:data:`sim.policies.families.FAMILIES`): the name must be a registered
option and each option's parameter dataclass checks its own values. Nothing here knows Hydra.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sim.checks import ConfigError, check_choice, check_min, check_share
from sim.checks import not_allowed as _fail
from sim.config import (
    EFFORT_DISTRIBUTIONS,
    ELIGIBILITY,
    CalendarConfig,
    CommunityConfig,
    CommunityScenario,
    MMCScenario,
    NeedTypeConfig,
    PolicyConfig,
    RunConfig,
    SwsimConfig,
    WorkforceConfig,
)
from sim.contracts import specs
from sim.holidays import parse_date
from sim.partners import check_partners
from sim.policies.families import FAMILIES
from sim.sizing import check_size

__all__ = ["ConfigError", "check_choice", "check_min", "check_share", "validate"]


def _validate_need(key: str, need: NeedTypeConfig) -> None:
    check_min(f"{key}.incidence_per_year", need.incidence_per_year, 0.0)
    check_choice(f"{key}.eligibility", need.eligibility, ELIGIBILITY)
    for share in ("urgent_share", "home_visit_share", "success_prob"):
        check_share(f"{key}.{share}", getattr(need, share))
    for positive in ("target_days_urgent", "target_days_standard", "case_weight"):
        check_min(f"{key}.{positive}", getattr(need, positive), 0.0, strict=True)
    for nonneg in ("intake_hours", "sessions_mean", "session_hours", "effort_cv",
                   "session_interval_days", "recording_hours"):
        check_min(f"{key}.{nonneg}", getattr(need, nonneg), 0.0)
    check_choice(f"{key}.effort_distribution", need.effort_distribution, EFFORT_DISTRIBUTIONS)
    if need.patience_days is not None:
        check_min(f"{key}.patience_days", need.patience_days, 0.0, strict=True)


def _validate_community(key: str, com: CommunityConfig, stations: dict[str, Any]) -> None:
    check_min(f"{key}.households", com.households, 1)
    if com.station not in stations:
        raise _fail(f"{key}.station", com.station,
                    f"stations defined are {', '.join(stations) or '(none)'}")
    check_min(f"{key}.distance_km", com.distance_km, 0.0)
    check_min(f"{key}.mean_household_size", com.mean_household_size, 1.0)
    for share in ("elderly_share", "disabled_share", "minor_share", "low_income_share",
                  "minority_language_share", "trust_mean"):
        check_share(f"{key}.{share}", getattr(com, share))
    check_min(f"{key}.trust_concentration", com.trust_concentration, 0.0, strict=True)


def _validate_workforce(key: str, wf: WorkforceConfig) -> None:
    check_min(f"{key}.caseload_cap", wf.caseload_cap, 0.0, strict=True)
    check_min(f"{key}.hours_per_day", wf.hours_per_day, 0.0, strict=True)
    check_min(f"{key}.start_hour", wf.start_hour, 0.0)
    if wf.start_hour + wf.hours_per_day > 24.0:
        raise _fail(f"{key}.hours_per_day", wf.hours_per_day,
                    f"start_hour + hours_per_day must be <= 24 (start_hour = {wf.start_hour})")
    for share in ("admin_share", "bilingual_share", "bilingual_success", "interpreted_success"):
        check_share(f"{key}.{share}", getattr(wf, share))
    check_min(f"{key}.interpreter_effort_factor", wf.interpreter_effort_factor, 1.0)
    if wf.admin_share >= 1.0:
        raise _fail(f"{key}.admin_share", wf.admin_share, "must be < 1 (no time left to work)")
    for nonneg in ("exit_rate_per_year", "first_year_exit_rate_per_year",
                   "burnout_build_per_year", "burnout_recovery_per_year", "burnout_exit_factor",
                   "hiring_lag_days", "ramp_up_days", "handover_hours",
                   "absence_episodes_per_year", "absence_mean_days"):
        check_min(f"{key}.{nonneg}", getattr(wf, nonneg), 0.0)
    check_min(f"{key}.burnout_threshold", wf.burnout_threshold, 0.0, strict=True)
    check_share(f"{key}.ramp_up_cap_factor", wf.ramp_up_cap_factor)
    check_min(f"{key}.review_interval_days", wf.review_interval_days, 0.0, strict=True)
    if not wf.workdays or any(d not in range(7) for d in wf.workdays):
        raise _fail(f"{key}.workdays", wf.workdays, "a non-empty list of weekdays 0 (Mon) .. 6")


def check_date(key: str, value: object) -> date:
    """Require an ISO date ``YYYY-MM-DD``."""
    try:
        return parse_date(value)
    except ValueError:
        raise _fail(key, value, "an ISO date YYYY-MM-DD (e.g. 2023-01-01)") from None


def _validate_calendar(key: str, cal: CalendarConfig, horizon: float) -> None:
    start = check_date(f"{key}.start_date", cal.start_date)
    if not isinstance(cal.official_holidays, bool):
        raise _fail(f"{key}.official_holidays", cal.official_holidays, "true or false")
    dates = {name: [check_date(f"{key}.{name}[{i}]", d) for i, d in enumerate(getattr(cal, name))]
             for name in ("holidays", "makeup_workdays")}
    both = sorted(set(dates["holidays"]) & set(dates["makeup_workdays"]))
    if both:
        raise _fail(f"{key}.makeup_workdays", both[0].isoformat(),
                    "a date cannot also be in holidays")
    if (date.max - start).days <= horizon:
        raise _fail(f"{key}.start_date", cal.start_date,
                    "start_date + horizon_days must end before 9999-12-31")


def _validate_window(key: str, horizon: float, warmup: float, audit: float, lag: float) -> None:
    check_min(f"{key}.warmup_days", warmup, 0.0)
    check_min(f"{key}.horizon_days", horizon, 0.0, strict=True)
    check_min(f"{key}.audit_interval_days", audit, 0.0, strict=True)
    if horizon - lag <= warmup:
        raise _fail(f"{key}.horizon_days", horizon,
                    f"must exceed warmup_days + longest response target = {warmup + lag:g}")


def _validate_community_scenario(sc: CommunityScenario) -> None:
    if not sc.stations:
        raise _fail("scenario.stations", {}, "at least one station is required")
    if not sc.communities:
        raise _fail("scenario.communities", {}, "at least one community is required")
    if not sc.needs:
        raise _fail("scenario.needs", {}, "at least one need type is required")
    for name, station in sc.stations.items():
        check_min(f"scenario.stations.{name}.workers", station.workers, 0)
    for name, com in sc.communities.items():
        _validate_community(f"scenario.communities.{name}", com, sc.stations)
    served = {com.station for com in sc.communities.values()}
    for name in sc.stations:
        if name not in served:
            raise _fail(f"scenario.stations.{name}", name, "every station must serve a community")
    for name, need in sc.needs.items():
        _validate_need(f"scenario.needs.{name}", need)
    _validate_workforce("scenario.workforce", sc.workforce)
    check_min("scenario.travel_speed_kmh", sc.travel_speed_kmh, 0.0, strict=True)
    check_min("scenario.inter_station_km", sc.inter_station_km, 0.0)
    check_min("scenario.access_threshold_minutes", sc.access_threshold_minutes, 0.0, strict=True)
    check_share("scenario.rereferral_prob", sc.rereferral_prob)
    check_min("scenario.rereferral_delay_days", sc.rereferral_delay_days, 0.0)
    if sc.agency.budget_per_year is not None:
        check_min("scenario.agency.budget_per_year", sc.agency.budget_per_year, 0.0)
    check_min("scenario.agency.cost_per_worker_year", sc.agency.cost_per_worker_year, 0.0)
    sc.volunteers.check("scenario.volunteers")
    sc.group_work.check("scenario.group_work")
    sc.trust.check("scenario.trust")
    sc.demand.check("scenario.demand")
    check_min("scenario.demand_scale", sc.demand_scale, 0.0)
    lag = max(max(n.target_days_urgent, n.target_days_standard) for n in sc.needs.values())
    _validate_window("scenario", sc.horizon_days, sc.warmup_days, sc.audit_interval_days, lag)
    _validate_calendar("scenario.calendar", sc.calendar, sc.horizon_days)


def _validate_mmc(sc: MMCScenario) -> None:
    check_min("scenario.servers", sc.servers, 1)
    check_min("scenario.arrival_rate", sc.arrival_rate, 0.0, strict=True)
    check_min("scenario.service_rate", sc.service_rate, 0.0, strict=True)
    if sc.patience_mean is not None:
        check_min("scenario.patience_mean", sc.patience_mean, 0.0, strict=True)
    check_share("scenario.urgent_share", sc.urgent_share)
    check_min("scenario.target_days", sc.target_days, 0.0, strict=True)
    _validate_window("scenario", sc.horizon_days, sc.warmup_days, sc.audit_interval_days,
                     sc.target_days)


#: Largest master seed: the seed column of replications.parquet is a 64-bit signed integer
#: (numpy's SeedSequence takes any non-negative integer).
MAX_SEED = 2**63 - 1


def _validate_run(run: RunConfig) -> None:
    for whole in ("replications", "seed", "n_jobs"):
        value = getattr(run, whole)
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(f"run.{whole}", value, "expected a whole number")
    check_min("run.replications", run.replications, 1)
    if not 0 <= run.seed <= MAX_SEED:
        raise _fail("run.seed", run.seed, f"a whole number from 0 to 2**63 - 1 = {MAX_SEED}")
    if run.n_jobs == 0 or run.n_jobs < -1:
        raise _fail("run.n_jobs", run.n_jobs, "a positive number of processes, or -1 for all")
    if run.backend not in ("serial", "loky", "dask"):
        raise _fail("run.backend", run.backend, "serial, loky or dask")
    for budget in ("max_referrals", "max_worker_days", "max_memory_mb"):
        check_min(f"run.{budget}", getattr(run, budget), 0.0, strict=True)
    from sim.precision import check_precision  # noqa: PLC0415 - loads the KPI registry

    check_precision(run)


#: The ``kind`` each scenario schema stands for: it follows ``scenario=<name>``.
KINDS = {CommunityScenario: "community", MMCScenario: "mmc"}


def _validate_kind(sc: CommunityScenario | MMCScenario) -> None:
    kind = next((k for schema, k in KINDS.items() if isinstance(sc, schema)), None)
    if kind is not None and sc.kind != kind:
        raise _fail("scenario.kind", sc.kind,
                    f"it follows the scenario chosen with scenario=<name> and must be {kind!r} "
                    f"here (it cannot be overridden)")


def _validate_derived(cfg: SwsimConfig) -> None:
    """Quantities that combine several keys: the admin share left after the admin policy."""
    sc = cfg.scenario
    if not isinstance(sc, CommunityScenario):
        return
    factor = getattr(cfg.policy.admin, "admin_share_factor", None)
    effective = cfg.policy.admin.admin_share(sc.workforce.admin_share)
    if effective >= 1.0:
        raise _fail("policy.admin.admin_share_factor", factor,
                    f"scenario.workforce.admin_share x admin_share_factor = {effective:g} must "
                    f"be < 1 (no time left to work); allowed factors are below "
                    f"{1.0 / sc.workforce.admin_share:g}")


def _validate_policy(policy: PolicyConfig) -> None:
    """Each family's chosen option: a registered name, then the option's own values."""
    for family in FAMILIES:
        family.check(getattr(policy, family.name))


def _validate_caseload(cfg: SwsimConfig) -> None:
    """Need types named by the caseload policy exist (mmc's one need type is ``service``,
    see :func:`sim.build.mmc_as_region`)."""
    sc = cfg.scenario
    needs = tuple(sc.needs) if isinstance(sc, CommunityScenario) else ("service",)
    cfg.policy.caseload.check_needs("policy.caseload", needs)


def validate(cfg: SwsimConfig) -> SwsimConfig:
    """Check a composed configuration; return it unchanged or raise :class:`ConfigError`.

    Values first, then quantities derived from several keys, then the size budget
    (:func:`sim.sizing.check_size`): an oversized run is refused before it starts.
    """
    if isinstance(cfg.scenario, CommunityScenario | MMCScenario):
        _validate_kind(cfg.scenario)
    if isinstance(cfg.scenario, CommunityScenario):
        _validate_community_scenario(cfg.scenario)
    elif isinstance(cfg.scenario, MMCScenario):
        _validate_mmc(cfg.scenario)
    else:
        raise _fail("scenario", type(cfg.scenario).__name__,
                    "a scenario built on base_community or base_mmc")
    _validate_policy(cfg.policy)
    if isinstance(cfg.scenario, CommunityScenario):  # agencies, contracts, their funding
        specs(cfg.scenario, cfg.policy.funding)
        check_partners(cfg.scenario.partners, list(cfg.scenario.needs))
    _validate_caseload(cfg)
    _validate_run(cfg.run)
    _validate_derived(cfg)
    check_size(cfg)
    return cfg
