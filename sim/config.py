"""Typed configuration: dataclass schemas, their ConfigStore registration and validation.

Hydra composes YAML on top of these schemas (so unknown keys and wrong types are caught at
composition); :func:`validate` then checks meaning (ranges, references, names) and raises one
:class:`ConfigError` that names the key, the value and what is allowed. Only this module and
``sim.build`` know about Hydra and OmegaConf.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hydra import compose, initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.errors import HydraException
from omegaconf import OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.policies.dispatch import DISPATCH
from sim.policies.staffing import STAFFING_BASES

ELIGIBILITY = ("all", "has_elderly", "has_disabled", "has_minor", "low_income")
ADMIN_POLICIES = ("baseline", "burden_reduction")
FUNDING_POLICIES = ("single_government", "diversified", "per_capita")
STAFFING_POLICIES = ("fixed", "ratio", "needs_based")
TRAINING_POLICIES = ("none", "bilingual")
ASSESSMENT_POLICIES = ("assessed", "one_size_fits_all")
EFFORT_DISTRIBUTIONS = ("exponential", "fixed", "lognormal")
CONF_DIR = Path(__file__).resolve().parent.parent / "conf"


class ConfigError(ValueError):
    """A configuration value is not allowed; the message names key, value and what is allowed."""


# --------------------------------------------------------------------------- schemas


@dataclass
class NeedTypeConfig:
    """One type of need (elderly care, counselling, ...), per eligible household.

    Parameters
    ----------
    incidence_per_year
        Needs arising per eligible household per year.
    eligibility
        Household attribute that makes a household eligible (one of ``ELIGIBILITY``).
    urgent_share
        Share of needs that are urgent.
    target_days_urgent, target_days_standard
        Response target (days from referral to first contact) per priority.
    intake_hours
        Mean effort of the intake, the first contact.
    sessions_mean
        Mean number of sessions after the intake (Poisson).
    session_hours
        Mean effort of one session.
    effort_distribution, effort_cv
        Distribution of intake and session efforts around their means.
    session_interval_days
        Days between the end of one session and the next becoming due.
    home_visit_share
        Share of contacts that are home visits (and cost travel).
    patience_days
        Mean patience (exponential) while waiting for allocation; ``None``: nobody abandons.
    case_weight
        Weight of one case of this type against the caseload cap.
    recording_hours
        Administration (case recording) per contact.
    success_prob
        Probability that a closed case succeeded.
    volunteer_eligible
        Whether volunteers may hold this need's sessions (the worker coordinates).
    """

    incidence_per_year: float = 0.05
    eligibility: str = "all"
    urgent_share: float = 0.2
    target_days_urgent: float = 2.0
    target_days_standard: float = 14.0
    intake_hours: float = 1.5
    sessions_mean: float = 3.0
    session_hours: float = 1.0
    effort_distribution: str = "lognormal"
    effort_cv: float = 0.5
    session_interval_days: float = 14.0
    home_visit_share: float = 0.5
    patience_days: float | None = None
    case_weight: float = 1.0
    recording_hours: float = 0.25
    success_prob: float = 0.85
    volunteer_eligible: bool = False


@dataclass
class CommunityConfig:
    """A residential quarter, village or micro-grid served from one station."""

    households: int = 1000
    station: str = "centre"
    distance_km: float = 1.0
    mean_household_size: float = 2.62
    elderly_share: float = 0.3
    disabled_share: float = 0.1
    minor_share: float = 0.3
    low_income_share: float = 0.05
    minority_language_share: float = 0.0
    trust_mean: float = 0.6
    trust_concentration: float = 5.0


@dataclass
class StationConfig:
    """A station where workers are based; ``workers`` is its fixed headcount."""

    workers: int = 2


@dataclass
class WorkforceConfig:
    """Terms that apply to every social worker."""

    caseload_cap: float = 17.0
    bilingual_share: float = 0.0
    interpreter_effort_factor: float = 1.5
    bilingual_success: float = 0.914
    interpreted_success: float = 0.65
    workdays: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])
    start_hour: float = 8.5
    hours_per_day: float = 8.0
    admin_share: float = 0.3
    exit_rate_per_year: float = 0.18
    first_year_exit_rate_per_year: float = 0.30
    burnout_threshold: float = 0.85
    burnout_build_per_year: float = 3.0
    burnout_recovery_per_year: float = 2.0
    burnout_exit_factor: float = 1.5
    hiring_lag_days: float = 60.0
    ramp_up_days: float = 90.0
    ramp_up_cap_factor: float = 0.5
    handover_hours: float = 1.0
    absence_episodes_per_year: float = 3.0
    absence_mean_days: float = 4.0
    review_interval_days: float = 30.0


@dataclass
class AgencyConfig:
    """The employing agency: budget and what a worker costs."""

    budget_per_year: float | None = None
    cost_per_worker_year: float = 70000.0


@dataclass
class VolunteerConfig:
    """A pool of volunteer hours a week for volunteer-eligible sessions."""

    hours_per_week: float = 0.0
    coordination_share: float = 0.25


@dataclass
class GroupWorkConfig:
    """Community activities per station that cost worker hours and raise trust."""

    activities_per_year: float = 0.0
    hours_per_activity: float = 3.0
    trust_boost: float = 0.02


@dataclass
class CommunityScenario:
    """A region of communities, stations and need types (the general model)."""

    kind: str = "community"
    name: str = "community"
    horizon_days: float = 3 * 365.0 + 180.0
    warmup_days: float = 180.0
    audit_interval_days: float = 7.0
    travel_speed_kmh: float = 15.0
    inter_station_km: float = 3.0
    rereferral_prob: float = 0.5
    rereferral_delay_days: float = 30.0
    communities: dict[str, CommunityConfig] = field(default_factory=dict)
    stations: dict[str, StationConfig] = field(default_factory=dict)
    needs: dict[str, NeedTypeConfig] = field(default_factory=dict)
    workforce: WorkforceConfig = field(default_factory=WorkforceConfig)
    agency: AgencyConfig = field(default_factory=AgencyConfig)
    volunteers: VolunteerConfig = field(default_factory=VolunteerConfig)
    group_work: GroupWorkConfig = field(default_factory=GroupWorkConfig)


@dataclass
class MMCScenario:
    """The validation scenario: the model reduced to an M/M/c (+M) queue.

    One contact per case, caseload cap 1, 24-hour duty, no admin or travel, exponential
    times; with FIFO dispatch this is M/M/c, or M/M/c+M when ``patience_mean`` is set.
    """

    kind: str = "mmc"
    name: str = "mmc"
    servers: int = 5
    arrival_rate: float = 4.5
    service_rate: float = 1.0
    patience_mean: float | None = None
    urgent_share: float = 0.0
    target_days: float = 1.0
    horizon_days: float = 3000.0
    warmup_days: float = 300.0
    audit_interval_days: float = 7.0


@dataclass
class DispatchConfig:
    """Who gets which case; ``fallback_wait_days`` is used by ``skill_match``."""

    name: str = "fifo"
    fallback_wait_days: float = 7.0


@dataclass
class AdminConfig:
    """Administration burden: factors on the fixed admin share and per-contact recording."""

    name: str = "baseline"
    admin_share_factor: float = 1.0
    recording_factor: float = 1.0


@dataclass
class AssessmentConfig:
    """Needs assessment: a factor on every case's success probability."""

    name: str = "assessed"
    success_factor: float = 1.0


@dataclass
class FundingStreamConfig:
    """One funding stream: a share of the annual budget in equal instalments."""

    share: float = 1.0
    payments_per_year: int = 1
    volatility: float = 0.0
    renewal_prob: float = 1.0


@dataclass
class FundingConfig:
    """Where the agency's money comes from.

    ``budget_per_year`` is ``scenario.agency.budget_per_year`` or, when that is null, the
    initial target headcount's cost times ``1 + budget_margin``; ``per_capita`` uses
    ``per_household_per_year`` instead. ``unlimited: true`` switches money off as a limit.
    """

    name: str = "single_government"
    streams: dict[str, FundingStreamConfig] = field(default_factory=dict)
    per_household_per_year: float = 0.0
    budget_margin: float = 0.1
    reserve_months: float = 1.0
    unlimited: bool = False


@dataclass
class StaffingConfig:
    """Target headcount per station (see ``sim/policies/staffing.py``)."""

    name: str = "fixed"
    basis: str = "households"
    per: float = 5000.0
    case_hours_per_worker_year: float = 900.0
    review_interval_days: float = 365.0
    minimum: int = 0


@dataclass
class TrainingConfig:
    """A yearly bilingual-training pipeline (``per_year = 0``: none)."""

    name: str = "none"
    per_year: int = 0
    training_days: float = 30.0
    cost_per_worker: float = 8000.0
    interval_days: float = 365.0


@dataclass
class PolicyConfig:
    """One option per policy family."""

    dispatch: DispatchConfig = field(default_factory=DispatchConfig)
    admin: AdminConfig = field(default_factory=AdminConfig)
    assessment: AssessmentConfig = field(default_factory=AssessmentConfig)
    funding: FundingConfig = field(default_factory=FundingConfig)
    staffing: StaffingConfig = field(default_factory=StaffingConfig)
    training: TrainingConfig = field(default_factory=TrainingConfig)


@dataclass
class RunConfig:
    """How many replications, on how many processes, from which master seed."""

    replications: int = 10
    n_jobs: int = 2
    seed: int = 20261121
    progress: bool = True


@dataclass
class SwsimConfig:
    """The whole validated configuration of one run."""

    scenario: Any = None
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    run: RunConfig = field(default_factory=RunConfig)


Scenario = CommunityScenario | MMCScenario


def register_schemas() -> None:
    """Register the schemas with Hydra's ConfigStore (YAML files extend them)."""
    if not OmegaConf.has_resolver("swsim_pid"):
        OmegaConf.register_new_resolver("swsim_pid", os.getpid, use_cache=True)
    cs = ConfigStore.instance()
    cs.store(name="base_config", node=SwsimConfig)
    cs.store(group="scenario", name="base_community", node=CommunityScenario)
    cs.store(group="scenario", name="base_mmc", node=MMCScenario)
    cs.store(group="policy/dispatch", name="base_dispatch", node=DispatchConfig)
    cs.store(group="policy/admin", name="base_admin", node=AdminConfig)
    cs.store(group="policy/assessment", name="base_assessment", node=AssessmentConfig)
    cs.store(group="policy/funding", name="base_funding", node=FundingConfig)
    cs.store(group="policy/staffing", name="base_staffing", node=StaffingConfig)
    cs.store(group="policy/training", name="base_training", node=TrainingConfig)
    cs.store(group="run", name="base_run", node=RunConfig)


# --------------------------------------------------------------------------- validation


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


# --------------------------------------------------------------------------- loading


def to_config(node: Any) -> SwsimConfig:
    """A composed OmegaConf node (the ``hydra`` key is ignored) as a validated config."""
    try:
        obj = OmegaConf.to_object(node)
    except OmegaConfBaseException as exc:
        raise ConfigError(_omegaconf_message(exc)) from None
    if not isinstance(obj, SwsimConfig):
        raise ConfigError("config: the root config must extend base_config")
    return validate(obj)


def _omegaconf_message(exc: Exception) -> str:
    """The first lines of an OmegaConf/Hydra error: what and which key, without internals."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    keep = [ln for ln in lines if not ln.startswith(("object_type", "reference_type"))]
    return " | ".join(keep[:3]) or type(exc).__name__


def load_config(overrides: list[str] | None = None, config_name: str = "config") -> SwsimConfig:
    """Compose ``conf/`` with Hydra overrides and validate it.

    Parameters
    ----------
    overrides
        Hydra override strings, e.g. ``["scenario=mmc", "scenario.servers=3"]``.

    Raises
    ------
    ConfigError
        With one message that names the key, the value and what is allowed.
    """
    register_schemas()
    try:
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
            node = compose(config_name=config_name, overrides=list(overrides or []))
    except (HydraException, OmegaConfBaseException) as exc:
        raise ConfigError(_omegaconf_message(exc)) from None
    return to_config(node)
