"""The composition root: the only place that turns configuration into objects."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import partial

import numpy as np
import simpy

from sim.agents.agency import Agency
from sim.agents.demand import CaseFactory, Demand, NeedSpec
from sim.agents.groupwork import GroupWork
from sim.agents.households import CommunityProfile, Households, generate_households
from sim.agents.volunteers import VolunteerPool
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.calendar import WorkCalendar
from sim.config import (
    AgencyConfig,
    CommunityConfig,
    CommunityScenario,
    MMCScenario,
    NeedTypeConfig,
    StationConfig,
    SwsimConfig,
    WorkforceConfig,
)
from sim.distributions import make_sampler
from sim.model import Model, Outcomes, Window
from sim.policies.admin import ADMIN, AdminPolicy
from sim.policies.assessment import ASSESSMENT
from sim.policies.base import DispatchPolicy
from sim.policies.dispatch import DISPATCH
from sim.policies.funding import FUNDING, FundingContext, FundingPolicy
from sim.policies.staffing import STAFFING, StaffingPolicy, StationLoad
from sim.policies.training import TRAINING, TrainingPolicy
from sim.results.recorder import Recorder
from sim.rng import Streams
from sim.units import HOURS_PER_DAY, per_year_to_per_day
from sim.workforce import Dynamics, Workforce

_MMC_HOUSEHOLDS = 1000


def mmc_as_region(sc: MMCScenario) -> CommunityScenario:
    """The M/M/c(+M) scenario written as a region of the general model.

    One community whose households are all eligible and always refer; one need type whose
    single contact (the intake) takes an exponential time of mean ``1 / service_rate`` days;
    caseload cap 1; 24-hour duty, no admin, travel or recording.
    """
    need = NeedTypeConfig(
        incidence_per_year=sc.arrival_rate * 365.0 / _MMC_HOUSEHOLDS,
        eligibility="all",
        urgent_share=sc.urgent_share,
        target_days_urgent=sc.target_days,
        target_days_standard=sc.target_days,
        intake_hours=HOURS_PER_DAY / sc.service_rate,
        sessions_mean=0.0,
        effort_distribution="exponential",
        home_visit_share=0.0,
        patience_days=sc.patience_mean,
        recording_hours=0.0,
        success_prob=1.0,
    )
    community = CommunityConfig(households=_MMC_HOUSEHOLDS, station="queue", trust_mean=1.0,
                                minority_language_share=0.0)
    workforce = WorkforceConfig(caseload_cap=1.0, workdays=list(range(7)), start_hour=0.0,
                                hours_per_day=24.0, admin_share=0.0, exit_rate_per_year=0.0,
                                first_year_exit_rate_per_year=0.0, absence_episodes_per_year=0.0,
                                burnout_build_per_year=0.0)
    return CommunityScenario(
        kind="community", name=sc.name, horizon_days=sc.horizon_days,
        warmup_days=sc.warmup_days, audit_interval_days=sc.audit_interval_days,
        rereferral_prob=0.0,
        communities={"queue": community}, stations={"queue": StationConfig(sc.servers)},
        needs={"service": need}, workforce=workforce, agency=AgencyConfig(),
    )


def as_region(scenario: CommunityScenario | MMCScenario) -> CommunityScenario:
    """Any scenario as a region of the general model."""
    return mmc_as_region(scenario) if isinstance(scenario, MMCScenario) else scenario


def _profile(com: CommunityConfig) -> CommunityProfile:
    return CommunityProfile(
        com.households, com.mean_household_size, com.elderly_share, com.disabled_share,
        com.minor_share, com.low_income_share, com.minority_language_share, com.trust_mean,
        com.trust_concentration,
    )


def _need_spec(index: int, name: str, need: NeedTypeConfig, households: Households,
               admin: AdminPolicy) -> NeedSpec:
    eligible = households.eligible(need.eligibility)
    return NeedSpec(
        index=index, name=name, eligible=eligible,
        rate_per_day=per_year_to_per_day(need.incidence_per_year) * eligible.shape[0],
        urgent_share=need.urgent_share,
        target_days=(need.target_days_urgent, need.target_days_standard),
        intake_hours=need.intake_hours, sessions_mean=need.sessions_mean,
        session_hours=need.session_hours,
        sampler=make_sampler(need.effort_distribution, need.effort_cv),
        session_interval_days=need.session_interval_days,
        home_visit_share=need.home_visit_share, patience_days=need.patience_days,
        case_weight=need.case_weight, recording_hours=admin.recording_hours(need.recording_hours),
        success_prob=need.success_prob, volunteer_eligible=need.volunteer_eligible,
    )


def make_calendar(wf: WorkforceConfig, admin: AdminPolicy) -> WorkCalendar:
    """The duty calendar every worker follows."""
    return WorkCalendar(tuple(wf.workdays), wf.start_hour, wf.hours_per_day,
                        admin.admin_share(wf.admin_share))


def travel_table(region: CommunityScenario) -> list[list[float]]:
    """Round-trip hours of a home visit, by community and by the visiting worker's station."""
    stations = list(region.stations)
    table = []
    for com in region.communities.values():
        own = stations.index(com.station)
        km = [com.distance_km + (0.0 if s == own else region.inter_station_km)
              for s in range(len(stations))]
        table.append([2.0 * d / region.travel_speed_kmh for d in km])
    return table


def make_window(region: CommunityScenario) -> Window:
    """Warm-up, horizon, the end of the measurement window and the audit interval."""
    lag = max(max(n.target_days_urgent, n.target_days_standard) for n in region.needs.values())
    return Window(region.warmup_days, region.horizon_days, region.horizon_days - lag,
                  region.audit_interval_days)


@dataclass(frozen=True)
class Built:
    """A model ready to run, with the facts about it that results need."""

    model: Model
    region: CommunityScenario
    need_names: tuple[str, ...]
    station_names: tuple[str, ...]
    community_names: tuple[str, ...]
    households: Households


def make_dynamics(wf: WorkforceConfig) -> Dynamics:
    """Workforce process rates from the workforce config."""
    return Dynamics(**{f.name: getattr(wf, f.name) for f in fields(Dynamics)})


def is_bilingual(worker_id: int, share: float) -> bool:
    """Whether worker ``worker_id`` speaks the minority language: exactly ``share`` of every
    run of workers does, spread evenly over hiring order."""
    return math.floor((worker_id + 1) * share + 1e-9) > math.floor(worker_id * share + 1e-9)


def _hiring(model: Model, region: CommunityScenario, admin: AdminPolicy,
            volunteers: VolunteerPool, workers: list[Worker]) -> Callable[[int, float], Worker]:
    """A function that employs a new worker at a station at a time."""
    wf = region.workforce
    calendar = make_calendar(wf, admin)
    travel = travel_table(region)

    def hire(station: int, at: float) -> Worker:
        window = (max(model.window.warmup, at), model.window.horizon)
        worker = Worker(model.env, len(workers), station, calendar, wf.caseload_cap, window,
                        model.on_contact_end, travel,
                        is_bilingual(len(workers), wf.bilingual_share),
                        wf.interpreter_effort_factor, volunteers)
        worker.hired_at = at
        return worker

    return hire


def station_loads(region: CommunityScenario, households: Households,
                  needs: list[NeedSpec]) -> list[StationLoad]:
    """What a staffing rule knows of each station's area (counts, expected workload)."""
    stations = list(region.stations)
    station_of = np.array([stations.index(c.station) for c in region.communities.values()])
    hh_station = station_of[households.community]
    n = len(stations)

    def count(mask: np.ndarray) -> list[int]:
        return [int(x) for x in np.bincount(hh_station[mask], minlength=n)]

    hours = np.zeros(n)
    for need in needs:
        if len(need.eligible) == 0:
            continue
        per_case = _expected_case_hours(need, region)
        weight = households.trust[need.eligible] * need.rate_per_day * 365.0 / len(need.eligible)
        hours += per_case * np.bincount(hh_station[need.eligible], weights=weight, minlength=n)
    every = count(np.ones(len(households), dtype=bool))
    elderly, disabled = count(households.has_elderly), count(households.has_disabled)
    low_income = count(households.low_income)
    fixed = [st.workers for st in region.stations.values()]
    return [StationLoad(fixed[i], every[i], elderly[i], disabled[i], low_income[i],
                        float(hours[i])) for i in range(n)]


def _expected_case_hours(need: NeedSpec, region: CommunityScenario) -> float:
    contacts = 1.0 + need.sessions_mean
    travel = 2.0 * np.mean([c.distance_km for c in region.communities.values()]) \
        / region.travel_speed_kmh
    work = need.intake_hours + need.sessions_mean * need.session_hours
    return float(work + contacts * (need.recording_hours + need.home_visit_share * travel))


def make_funding(cfg: SwsimConfig, region: CommunityScenario, households: Households,
                 targets: list[int]) -> FundingPolicy | None:
    """The agency's funding (``None``: money is no limit) from the chosen funding option."""
    context = FundingContext(len(households), sum(targets), region.agency.budget_per_year,
                             region.agency.cost_per_worker_year)
    return FUNDING.make(cfg.policy.funding, context)


def make_staffing(cfg: SwsimConfig) -> StaffingPolicy:
    """The staffing rule of the chosen staffing option."""
    return STAFFING.make(cfg.policy.staffing)


def make_training(cfg: SwsimConfig) -> TrainingPolicy:
    """The training pipeline of the chosen training option."""
    return TRAINING.make(cfg.policy.training)


def make_admin(cfg: SwsimConfig) -> AdminPolicy:
    """The administration policy of the chosen admin option."""
    return ADMIN.make(cfg.policy.admin)


def make_dispatch_policy(cfg: SwsimConfig) -> DispatchPolicy:
    """The dispatch policy of the chosen dispatch option."""
    return DISPATCH.make(cfg.policy.dispatch)


def make_outcomes(cfg: SwsimConfig, region: CommunityScenario) -> Outcomes:
    """Success and re-referral rules of closed cases."""
    assessment = ASSESSMENT.make(cfg.policy.assessment)
    wf = region.workforce
    return Outcomes(assessment.success_factor, wf.bilingual_success, wf.interpreted_success,
                    region.rereferral_prob, region.rereferral_delay_days)


def build(cfg: SwsimConfig, seed: int, replication: int = 0) -> Built:
    """Everything one replication needs, from a validated configuration."""
    region = as_region(cfg.scenario)
    streams = Streams(seed, replication)
    stations = list(region.stations)
    communities = list(region.communities.values())
    households = generate_households([_profile(c) for c in communities],
                                     streams["households"].generator)
    admin = make_admin(cfg)
    needs = [_need_spec(i, name, need, households, admin)
             for i, (name, need) in enumerate(region.needs.items())]
    station_of = np.array([stations.index(c.station) for c in communities], dtype=np.int64)
    env = simpy.Environment()
    window = make_window(region)
    recorder = Recorder(window.warmup, window.measure_to, window.horizon, len(needs))
    factory = CaseFactory(streams["case"], streams["rereferral"], households, station_of)
    staffing = make_staffing(cfg)
    loads = station_loads(region, households, needs)
    funding = make_funding(cfg, region, households, staffing.targets(loads))
    agency = Agency(env, region.agency.cost_per_worker_year, funding, streams,
                    (window.warmup, window.horizon), cfg.policy.funding.reserve_months)
    model = Model(env, window, needs, factory, agency, recorder, make_outcomes(cfg, region))
    demand = Demand(env, needs, households, streams["arrivals"], streams["referral"],
                    model.on_need)
    workers: list[Worker] = []
    span = (window.warmup, window.horizon)
    volunteers = VolunteerPool(region.volunteers.hours_per_week,
                               region.volunteers.coordination_share, span)
    hire = _hiring(model, region, admin, volunteers, workers)
    dispatch = make_dispatch_policy(cfg)
    allocator = Allocator(env, dispatch, workers, recorder)
    workforce = Workforce(env, make_dynamics(region.workforce), staffing, make_training(cfg),
                          partial(station_loads, region, households, needs), workers,
                          allocator, agency, hire, streams,
                          (window.warmup, window.horizon), recorder.staff)
    workforce.staff_initially()
    gw = region.group_work
    group_work = GroupWork(env, households.trust, station_of[households.community], workers,
                           gw.activities_per_year, gw.hours_per_activity, gw.trust_boost, span,
                           demand.refresh_trust)
    model.attach(demand, workers, allocator, workforce, group_work)
    return Built(model, region, tuple(region.needs), tuple(stations),
                 tuple(region.communities), households)
