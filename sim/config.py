"""Typed configuration: the dataclass schemas of scenarios and runs (plain dataclasses).

:mod:`sim.loading` registers them with Hydra's ConfigStore, with the parameter dataclass of
every policy option (declared next to its behaviour in ``sim/policies/``); Hydra composes YAML
on top of them (so wrong types are caught at composition), :mod:`sim.validation` then checks
meaning. A parameter set reads like a constructor signature: each field has its documented
default.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.checks import ConfigError, check_min, check_share, not_allowed
from sim.planning.settings import PlanConfig
from sim.units import DAYS_PER_YEAR

__all__ = [
    "CONF_DIR",
    "EFFORT_DISTRIBUTIONS",
    "ELIGIBILITY",
    "AgencyConfig",
    "CommunityConfig",
    "CommunityScenario",
    "ConfigError",
    "ContractConfig",
    "DemandConfig",
    "GroupWorkConfig",
    "MMCScenario",
    "NeedTypeConfig",
    "PartnerConfig",
    "PolicyConfig",
    "RunConfig",
    "Scenario",
    "StationConfig",
    "SwsimConfig",
    "TrustConfig",
    "VolunteerConfig",
    "WorkforceConfig",
]

ELIGIBILITY = ("all", "has_elderly", "has_disabled", "has_minor", "low_income")
EFFORT_DISTRIBUTIONS = ("exponential", "fixed", "lognormal")


def _conf_dir() -> Path:
    """``conf/`` beside ``sim/`` in a checkout, else the installed package ``swsim_conf``."""
    checkout = Path(__file__).resolve().parent.parent / "conf"
    if (checkout / "config.yaml").is_file():
        return checkout
    spec = importlib.util.find_spec("swsim_conf")
    if spec is None or spec.origin is None:
        raise ImportError("swsim's configuration is missing: reinstall swsim (pip install .)")
    return Path(spec.origin).resolve().parent


CONF_DIR = _conf_dir()


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
    """Terms that apply to every social worker: cap, skills, duty pattern, administration,
    turnover and burnout, hiring, sickness absence, annual leave, training and supervision.

    ``annual_leave_days`` and ``training_days_per_year`` are working days away each year (one
    block each, at a random date); ``supervision_hours_per_month`` is professional
    supervision held as a task once a month. ``admin_share`` of duty is administration,
    interleaved with casework; when the backlog exceeds ``admin_backlog_limit_days`` days of
    it, the worker sets time aside for it ahead of standard contacts.
    """

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
    annual_leave_days: float = 0.0
    training_days_per_year: float = 0.0
    supervision_hours_per_month: float = 0.0
    admin_backlog_limit_days: float = 5.0

    def exit_hazard(self, tenure_days: float, burnout: float) -> float:
        """Exits per year of a worker with this tenure and burnout."""
        base = (self.first_year_exit_rate_per_year if tenure_days < DAYS_PER_YEAR
                else self.exit_rate_per_year)
        return base * (1.0 + self.burnout_exit_factor * burnout)

    def next_burnout(self, burnout: float, load: float, days: float) -> float:
        """Burnout after ``days`` at ``load`` (work / productive hours), kept in [0, 1]."""
        years = days / DAYS_PER_YEAR
        if load > self.burnout_threshold:
            burnout += self.burnout_build_per_year * (load - self.burnout_threshold) * years
        else:
            burnout -= self.burnout_recovery_per_year * years
        return min(1.0, max(0.0, burnout))


@dataclass
class CalendarConfig:
    """Dates of the clock and the days off or worked outside the weekly pattern.

    ``scenario.workforce.workdays``, ``start_hour`` and ``hours_per_day`` stay the weekly
    pattern and the hours; this says which dates break the pattern.

    Parameters
    ----------
    start_date
        Date of clock day 0 (``YYYY-MM-DD``): weekdays and dates follow from it.
    official_holidays
        Whether China's statutory public holidays and make-up workdays apply (State Council
        notices via ``chinese-calendar``; years it does not cover: fixed-date holidays only,
        see :mod:`sim.holidays`).
    holidays
        Extra dates off (``YYYY-MM-DD``).
    makeup_workdays
        Extra dates worked although the weekly pattern rests (``YYYY-MM-DD``).
    """

    start_date: str = "2023-01-01"
    official_holidays: bool = True
    holidays: list[str] = field(default_factory=list)
    makeup_workdays: list[str] = field(default_factory=list)


@dataclass
class AgencyConfig:
    """The employing agency: budget and what a worker costs (with several agencies,
    ``budget_per_year`` is the purchasing body's total, split over ``scenario.agencies``)."""

    budget_per_year: float | None = None
    cost_per_worker_year: float = 70000.0


@dataclass
class ContractConfig:
    """One agency of several, and the contract it holds (``scenario.agencies.<name>``).

    Leave ``scenario.agencies`` empty for the single-agency default (``scenario.agency`` and
    ``policy.funding``). The routing rule is :mod:`sim.routing`'s; money and re-tendering are
    :mod:`sim.contracts`'.

    Parameters
    ----------
    stations
        Stations where the agency's workers are based (each station at most one agency's;
        the staffing policy's target of a station is its owner's).
    areas
        Stations whose communities' cases it is contracted for (empty: its ``stations``).
    needs
        Need types it is contracted for (empty: every need type, an area contract).
    budget_share
        Its share of the purchasing body's total budget ``scenario.agency.budget_per_year``
        (``None``: in proportion to its initial target headcount's cost).
    cost_per_worker_year
        What one of its workers costs a year (``None``: ``scenario.agency``'s).
    funding
        A ``policy/funding`` option for this agency: ``name`` and that option's keys
        (empty: the run's ``policy.funding``).
    hiring_lag_days
        Its hiring lag (``None``: ``scenario.workforce.hiring_lag_days``).
    contract_years
        The contract period: it comes up for renewal every ``contract_years`` years (its
        funding streams still pay, and may fail to renew, each contract year).
    retender_prob
        Probability that the contract goes to a new provider at a renewal: the incumbent's
        workers are laid off, their open cases handed over, and the new provider hires anew.
    transition_cost
        What a re-tender costs the purchasing body (yuan, counted in the agency's cost).
    """

    stations: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    budget_share: float | None = None
    cost_per_worker_year: float | None = None
    funding: dict[str, Any] = field(default_factory=dict)
    hiring_lag_days: float | None = None
    contract_years: int = 1
    retender_prob: float = 0.0
    transition_cost: float = 0.0


@dataclass
class PartnerConfig:
    """A partner unit (the "N" of "1+1+N"): an outside organisation taking referrals out
    (``scenario.partners.<name>``; see :mod:`sim.partners`).

    Parameters
    ----------
    needs
        Need types it takes.
    refer_share
        Share of those cases the worker refers out after the intake (instead of sessions).
    referral_hours, follow_up_hours
        The worker's time to make the referral, and to follow it up when the partner is done
        (time category ``referral``).
    capacity
        Referrals it serves at once (0: none).
    wait_days
        Mean of its own intake delay before a referral can start (exponential).
    service_days
        Mean time it serves a referral (exponential).
    success_prob
        Probability that a referral it served succeeded.
    max_wait_days
        A referral not started this long after it was made fails (``None``: it waits on).
    """

    needs: list[str] = field(default_factory=list)
    refer_share: float = 0.5
    referral_hours: float = 1.0
    follow_up_hours: float = 0.5
    capacity: int = 5
    wait_days: float = 7.0
    service_days: float = 30.0
    success_prob: float = 0.8
    max_wait_days: float | None = 90.0


@dataclass
class VolunteerConfig:
    """A pool of volunteer hours a week for volunteer-eligible sessions.

    ``hours_per_week`` is a fixed part; each active volunteer adds
    ``hours_per_volunteer_week``. There are ``initial`` volunteers at the start; a household
    taking part in an activity for the first time becomes a volunteer with probability
    ``join_prob``; each volunteer stays an exponential time of mean
    ``1 / exit_rate_per_year`` years.
    """

    hours_per_week: float = 0.0
    coordination_share: float = 0.25
    initial: int = 0
    hours_per_volunteer_week: float = 0.0
    join_prob: float = 0.0
    exit_rate_per_year: float = 0.25

    def check(self, key: str) -> None:
        """Refuse values not allowed (``ConfigError`` naming ``key.<field>``)."""
        for name in ("hours_per_week", "coordination_share", "initial",
                     "hours_per_volunteer_week", "exit_rate_per_year"):
            check_min(f"{key}.{name}", getattr(self, name), 0.0)
        check_share(f"{key}.join_prob", self.join_prob)


@dataclass
class GroupWorkConfig:
    """Community activities per station that cost worker hours and raise trust."""

    activities_per_year: float = 0.0
    hours_per_activity: float = 3.0
    trust_boost: float = 0.02
    # Attendance: each household of the station's grids attends with probability
    # attendance_rate x its trust (at most once per activity, one person per household),
    # up to capacity people; 0 leaves activities without participants.
    attendance_rate: float = 0.0
    capacity: int = 100

    def check(self, key: str) -> None:
        """Refuse values not allowed (``ConfigError`` naming ``key.<field>``)."""
        for name in ("activities_per_year", "hours_per_activity", "capacity"):
            check_min(f"{key}.{name}", getattr(self, name), 0.0)
        for name in ("trust_boost", "attendance_rate"):
            check_share(f"{key}.{name}", getattr(self, name))


@dataclass
class TrustConfig:
    """How first contacts and abandonments move households' trust (all shares in [0, 1]).

    A timely first contact moves the household ``timely_gain`` of the way to full trust; an
    untimely one ``untimely_loss`` of the way to none, an abandonment ``abandoned_loss``;
    every household of its grid makes ``word_of_mouth`` of the same change. Zero: trust does
    not respond to service.
    """

    timely_gain: float = 0.0
    untimely_loss: float = 0.0
    abandoned_loss: float = 0.0
    word_of_mouth: float = 0.0

    def check(self, key: str) -> None:
        """Refuse values not allowed (``ConfigError`` naming ``key.<field>``)."""
        for name in ("timely_gain", "untimely_loss", "abandoned_loss", "word_of_mouth"):
            check_share(f"{key}.{name}", getattr(self, name))


@dataclass
class DemandConfig:
    """When referrals arrive over the week and the year (see :mod:`sim.agents.profile`).

    ``office_hours_share``: share of standard referrals arriving in office hours (the
    workforce's workdays and duty hours; ``None``: flat); urgent ones arrive at any hour.
    ``seasonal``: twelve monthly multipliers (January first), or empty for none.
    """

    office_hours_share: float | None = None
    seasonal: list[float] = field(default_factory=list)

    def check(self, key: str) -> None:
        """Refuse values not allowed (``ConfigError`` naming ``key.<field>``)."""
        if self.office_hours_share is not None:
            check_share(f"{key}.office_hours_share", self.office_hours_share)
        if self.seasonal and (len(self.seasonal) != 12 or min(self.seasonal) < 0
                              or max(self.seasonal) <= 0):
            raise not_allowed(f"{key}.seasonal", self.seasonal,
                              "twelve non-negative monthly multipliers, not all zero, or []")


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
    # One-way travel time (minutes) from a community to its station within which its
    # households count as having access: the "15-minute community life circle" of China's
    # Standard for urban residential area planning and design, GB 50180-2018 (MOHURD, 2018;
    # there a 15-minute walk; here at travel_speed_kmh).
    access_threshold_minutes: float = 15.0
    rereferral_prob: float = 0.5
    rereferral_delay_days: float = 30.0
    communities: dict[str, CommunityConfig] = field(default_factory=dict)
    stations: dict[str, StationConfig] = field(default_factory=dict)
    needs: dict[str, NeedTypeConfig] = field(default_factory=dict)
    workforce: WorkforceConfig = field(default_factory=WorkforceConfig)
    calendar: CalendarConfig = field(default_factory=CalendarConfig)
    agency: AgencyConfig = field(default_factory=AgencyConfig)
    agencies: dict[str, ContractConfig] = field(default_factory=dict)
    partners: dict[str, PartnerConfig] = field(default_factory=dict)
    volunteers: VolunteerConfig = field(default_factory=VolunteerConfig)
    group_work: GroupWorkConfig = field(default_factory=GroupWorkConfig)
    # Multiplies every need type's incidence ("what if demand grows 20%": 1.2).
    demand_scale: float = 1.0
    demand: DemandConfig = field(default_factory=DemandConfig)
    trust: TrustConfig = field(default_factory=TrustConfig)
    # Your own place: CSV files that replace communities / stations (sim/places.py).
    communities_csv: str | None = None
    stations_csv: str | None = None


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
class PolicyConfig:
    """One option per policy family: the chosen option's parameter dataclass.

    Each field holds the parameters of the option that ``conf/config.yaml`` or the command
    line chooses (``policy/dispatch=skill_match`` holds a
    :class:`sim.policies.dispatch.SkillMatch`); composition fills every field, so ``None``
    only means "not composed". The families and their options are
    :data:`sim.policies.families.FAMILIES`; the fields are typed ``Any`` because Hydra merges
    a different dataclass into each field depending on the option.
    """

    dispatch: Any = None
    admin: Any = None
    assessment: Any = None
    funding: Any = None
    staffing: Any = None
    training: Any = None
    caseload: Any = None
    cover: Any = None
    engagement: Any = None


@dataclass
class RunConfig:
    """How many replications, on how many processes, from which master seed.

    ``max_referrals``, ``max_worker_days`` (per replication) and ``max_memory_mb`` (all
    processes together) are the size budget that :mod:`sim.sizing` checks before a run.
    """

    replications: int = 10
    n_jobs: int = 2
    seed: int = 20261121
    progress: bool = True
    #: result store folder; ``None``: the per-user default (see :mod:`sim.store`)
    store: str | None = None
    #: compute again the replications stored as failed
    retry_failed: bool = False
    #: ``serial``, ``loky`` (joblib processes) or ``dask``
    backend: str = "loky"
    #: a Dask scheduler ``tcp://host:port``; ``None`` starts a LocalCluster on 127.0.0.1
    address: str | None = None
    max_referrals: float = 5e6
    max_worker_days: float = 5e6
    max_memory_mb: float = 8000.0
    # a name for this configuration on every replication row; "" = the overrides that differ
    # from the scenario's defaults (sim.variants)
    variant: str = ""
    # KPI -> target 95% CI half-width (in the KPI's unit): keep adding replications until
    # every one is met or max_replications is reached (sim.precision)
    precision: dict[str, float] = field(default_factory=dict)
    max_replications: int = 200


@dataclass
class SwsimConfig:
    """The whole validated configuration of one run."""

    scenario: Any = None
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    run: RunConfig = field(default_factory=RunConfig)
    plan: PlanConfig = field(default_factory=PlanConfig)  # swsim-plan only (sim.planning)


Scenario = CommunityScenario | MMCScenario
