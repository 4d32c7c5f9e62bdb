"""Validation of a composed configuration: ranges, references and names.

Every check raises one :class:`sim.config.ConfigError` whose message names the key, the value
and what is allowed, before anything is simulated. Nothing here knows Hydra.
"""

from __future__ import annotations

import math
from typing import Any

from sim.config import (
    ADMIN_POLICIES,
    ASSESSMENT_POLICIES,
    EFFORT_DISTRIBUTIONS,
    ELIGIBILITY,
    FUNDING_POLICIES,
    STAFFING_POLICIES,
    TRAINING_POLICIES,
    CommunityConfig,
    CommunityScenario,
    ConfigError,
    FundingConfig,
    MMCScenario,
    NeedTypeConfig,
    PolicyConfig,
    RunConfig,
    StaffingConfig,
    SwsimConfig,
    TrainingConfig,
    WorkforceConfig,
)
from sim.policies.dispatch import DISPATCH
from sim.policies.staffing import STAFFING_BASES


def _fail(key: str, value: object, allowed: str) -> ConfigError:
    return ConfigError(f"{key} = {value!r} is not allowed: {allowed}")


def _number(key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(key, value, "expected a number")
    if not math.isfinite(value):
        raise _fail(key, value, "expected a finite number")
    return float(value)


def check_min(key: str, value: object, low: float, *, strict: bool = False) -> None:
    """Require a finite number ``>= low`` (``> low`` when ``strict``)."""
    x = _number(key, value)
    if x < low or (strict and x == low):
        raise _fail(key, value, f"must be {'>' if strict else '>='} {low:g}")


def check_share(key: str, value: object) -> None:
    """Require a finite number in [0, 1]."""
    x = _number(key, value)
    if not 0.0 <= x <= 1.0:
        raise _fail(key, value, "a share must be within [0, 1]")


def check_choice(key: str, value: object, allowed: tuple[str, ...]) -> None:
    """Require one of ``allowed``."""
    if value not in allowed:
        raise _fail(key, value, f"allowed values are {', '.join(allowed)}")


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
    check_min("scenario.volunteers.hours_per_week", sc.volunteers.hours_per_week, 0.0)
    check_min("scenario.volunteers.coordination_share", sc.volunteers.coordination_share, 0.0)
    check_min("scenario.group_work.activities_per_year", sc.group_work.activities_per_year, 0.0)
    check_min("scenario.group_work.hours_per_activity", sc.group_work.hours_per_activity, 0.0)
    check_share("scenario.group_work.trust_boost", sc.group_work.trust_boost)
    lag = max(max(n.target_days_urgent, n.target_days_standard) for n in sc.needs.values())
    _validate_window("scenario", sc.horizon_days, sc.warmup_days, sc.audit_interval_days, lag)


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


def _validate_run(run: RunConfig) -> None:
    check_min("run.replications", run.replications, 1)
    check_min("run.seed", run.seed, 0)
    if run.n_jobs == 0 or run.n_jobs < -1:
        raise _fail("run.n_jobs", run.n_jobs, "a positive number of processes, or -1 for all")


def _validate_policy(policy: PolicyConfig) -> None:
    check_choice("policy.dispatch.name", policy.dispatch.name, tuple(DISPATCH))
    check_min("policy.dispatch.fallback_wait_days", policy.dispatch.fallback_wait_days, 0.0)
    check_choice("policy.admin.name", policy.admin.name, ADMIN_POLICIES)
    check_min("policy.admin.admin_share_factor", policy.admin.admin_share_factor, 0.0)
    check_min("policy.admin.recording_factor", policy.admin.recording_factor, 0.0)
    check_choice("policy.assessment.name", policy.assessment.name, ASSESSMENT_POLICIES)
    check_share("policy.assessment.success_factor", policy.assessment.success_factor)


def _validate_funding(f: FundingConfig) -> None:
    check_choice("policy.funding.name", f.name, FUNDING_POLICIES)
    if f.name != "per_capita" and not f.streams:
        raise _fail("policy.funding.streams", {}, "at least one funding stream is required")
    for name, st in f.streams.items():
        key = f"policy.funding.streams.{name}"
        check_share(f"{key}.share", st.share)
        check_min(f"{key}.payments_per_year", st.payments_per_year, 1)
        check_min(f"{key}.volatility", st.volatility, 0.0)
        check_share(f"{key}.renewal_prob", st.renewal_prob)
    total = sum(st.share for st in f.streams.values())
    if f.streams and abs(total - 1.0) > 1e-6:
        raise _fail("policy.funding.streams", f"shares sum to {total:g}",
                    "stream shares must sum to 1")
    check_min("policy.funding.per_household_per_year", f.per_household_per_year, 0.0)
    check_min("policy.funding.budget_margin", f.budget_margin, 0.0)
    check_min("policy.funding.reserve_months", f.reserve_months, 0.0)


def _validate_staffing(st: StaffingConfig, tr: TrainingConfig) -> None:
    check_choice("policy.staffing.name", st.name, STAFFING_POLICIES)
    check_choice("policy.staffing.basis", st.basis, STAFFING_BASES)
    check_min("policy.staffing.per", st.per, 0.0, strict=True)
    check_min("policy.staffing.case_hours_per_worker_year", st.case_hours_per_worker_year, 0.0,
              strict=True)
    check_min("policy.staffing.review_interval_days", st.review_interval_days, 0.0, strict=True)
    check_min("policy.staffing.minimum", st.minimum, 0)
    check_choice("policy.training.name", tr.name, TRAINING_POLICIES)
    check_min("policy.training.per_year", tr.per_year, 0)
    check_min("policy.training.training_days", tr.training_days, 0.0)
    check_min("policy.training.cost_per_worker", tr.cost_per_worker, 0.0)
    check_min("policy.training.interval_days", tr.interval_days, 0.0, strict=True)


def validate(cfg: SwsimConfig) -> SwsimConfig:
    """Check a composed configuration; return it unchanged or raise :class:`ConfigError`."""
    if isinstance(cfg.scenario, CommunityScenario):
        _validate_community_scenario(cfg.scenario)
    elif isinstance(cfg.scenario, MMCScenario):
        _validate_mmc(cfg.scenario)
    else:
        raise _fail("scenario", type(cfg.scenario).__name__,
                    "a scenario built on base_community or base_mmc")
    _validate_policy(cfg.policy)
    _validate_funding(cfg.policy.funding)
    _validate_staffing(cfg.policy.staffing, cfg.policy.training)
    _validate_run(cfg.run)
    return cfg
