"""The composition root: the only place that turns configuration into objects."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import numpy as np
import simpy

from sim.absences import Absences
from sim.agencies import AgencyGroup, AgencyUnit, AllStaff, SharedLevel, WorkforceGroup
from sim.agents.agency import Agency
from sim.agents.cases import Case
from sim.agents.demand import CaseFactory, Demand, NeedSpec
from sim.agents.groupwork import GroupWork
from sim.agents.households import Households, generate_households
from sim.agents.trust import Trust
from sim.agents.volunteers import VolunteerPool
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.calendar import WorkCalendar
from sim.casework import Casework, Outcomes
from sim.config import (
    CommunityScenario,
    NeedTypeConfig,
    SwsimConfig,
)
from sim.contracts import ContractSpec, OwnStations, budget_shares, routes, specs
from sim.cover import OnCallRota
from sim.distributions import make_sampler
from sim.model import Model
from sim.partners import Partner, PartnerProbes, Partners, partner_index
from sim.policies.admin import ADMIN, AdminPolicy
from sim.policies.assessment import ASSESSMENT
from sim.policies.base import DispatchPolicy
from sim.policies.caseload import CASELOAD, CapacityPolicy, weigher
from sim.policies.cover import COVER, CoverPolicy
from sim.policies.dispatch import DISPATCH
from sim.policies.funding import FUNDING, FundingContext, FundingPolicy
from sim.policies.staffing import STAFFING, StaffingPolicy, StationLoad
from sim.policies.training import TRAINING, TrainingPolicy
from sim.region import (
    as_region,
    make_calendar,
    make_window,
    profile,
    station_loads,
    travel_table,
)
from sim.results.facts import region_facts
from sim.results.recorder import Recorder, Window
from sim.rng import Streams
from sim.routing import RotaRouter, Router
from sim.scheduling import Scheduler, TraceRow
from sim.staff import Staff
from sim.units import DAYS_PER_WEEK, DAYS_PER_YEAR, per_year_to_per_day
from sim.workforce import Workforce, WorkforceProbes


def _need_spec(index: int, name: str, need: NeedTypeConfig, households: Households,
               admin: AdminPolicy, caseload: CapacityPolicy) -> NeedSpec:
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
        case_weight=caseload.need_weight(name, need.case_weight),
        recording_hours=admin.recording_hours(need.recording_hours),
        success_prob=need.success_prob, volunteer_eligible=need.volunteer_eligible,
    )


@dataclass(frozen=True)
class Built:
    """A model ready to run, with the facts about it that results need."""

    model: Model
    region: CommunityScenario
    need_names: tuple[str, ...]
    station_names: tuple[str, ...]
    community_names: tuple[str, ...]
    households: Households


def is_bilingual(worker_id: int, share: float) -> bool:
    """Whether worker ``worker_id`` speaks the minority language: exactly ``share`` of every
    run of workers does, spread evenly over hiring order."""
    return math.floor((worker_id + 1) * share + 1e-9) > math.floor(worker_id * share + 1e-9)


def _hiring(sched: Scheduler, window: Window, region: CommunityScenario,
            calendar: WorkCalendar, volunteers: VolunteerPool, staff: Staff[Worker],
            on_contact_end: Callable[[Worker, Case], None], cap: float,
            admin_share: float, first_id: int = 0) -> Callable[[int, float], Worker]:
    """A function that employs a new worker (with the registry's next id, the caseload
    policy's ``cap`` and the administration policy's ``admin_share``) at a station."""
    wf = region.workforce
    travel = travel_table(region)

    def hire(station: int, at: float) -> Worker:
        worker_id = staff.next_id()
        worker = Worker(sched, worker_id, station, calendar, cap,
                        (max(window.warmup, at), window.horizon), on_contact_end,
                        staff.room_changed, travel,
                        is_bilingual(worker_id - first_id, wf.bilingual_share),
                        wf.interpreter_effort_factor, volunteers, admin_share,
                        wf.admin_backlog_limit_days * admin_share * wf.hours_per_day)
        worker.hired_at = at
        return worker

    return hire


def make_funding(cfg: SwsimConfig, region: CommunityScenario, households: Households,
                 targets: list[int], spec: ContractSpec | None = None,
                 share: float = 1.0) -> FundingPolicy | None:
    """An agency's funding (``None``: money is no limit) from its funding option: the run's
    (one agency) or its own; its budget is its ``share`` of the purchasing body's total."""
    total = region.agency.budget_per_year
    params = cfg.policy.funding if spec is None else spec.funding
    cost = region.agency.cost_per_worker_year if spec is None else spec.cost_per_worker_year
    context = FundingContext(len(households), sum(targets),
                             None if total is None else total * share, cost)
    return FUNDING.make(params, context)


def make_staffing(cfg: SwsimConfig) -> StaffingPolicy:
    """The staffing rule of the chosen staffing option."""
    return STAFFING.make(cfg.policy.staffing)


def make_training(cfg: SwsimConfig) -> TrainingPolicy:
    """The training pipeline of the chosen training option."""
    return TRAINING.make(cfg.policy.training)


def make_admin(cfg: SwsimConfig) -> AdminPolicy:
    """The administration policy of the chosen admin option."""
    return ADMIN.make(cfg.policy.admin)


def make_cover(cfg: SwsimConfig) -> CoverPolicy:
    """The out-of-hours cover policy of the chosen cover option."""
    return COVER.make(cfg.policy.cover)


def annual_duty_hours(calendar: WorkCalendar) -> float:
    """Duty hours of a year on the calendar's weekly pattern (for an hourly cost)."""
    return len(set(calendar.workdays)) * calendar.hours_per_day * DAYS_PER_YEAR / DAYS_PER_WEEK


def make_caseload(cfg: SwsimConfig) -> CapacityPolicy:
    """The caseload capacity policy of the chosen caseload option."""
    return CASELOAD.make(cfg.policy.caseload)


def make_dispatch_policy(cfg: SwsimConfig) -> DispatchPolicy:
    """The dispatch policy of the chosen dispatch option."""
    return DISPATCH.make(cfg.policy.dispatch)


def make_outcomes(cfg: SwsimConfig, region: CommunityScenario) -> Outcomes:
    """Success and re-referral rules of closed cases."""
    assessment = ASSESSMENT.make(cfg.policy.assessment)
    wf = region.workforce
    return Outcomes(assessment.success_factor, wf.bilingual_success, wf.interpreted_success,
                    region.rereferral_prob, region.rereferral_delay_days)


def make_partners(sched: Scheduler, region: CommunityScenario, streams: Streams,
                  recorder: Recorder) -> Partners | None:
    """The region's partner units, each with its own stream (``None``: it has none)."""
    if not region.partners:
        return None
    units = [Partner(name, p, streams[f"partner-{name}"]) for name, p in region.partners.items()]
    probes = PartnerProbes(recorder.counter(), recorder.counter(), recorder.counter(),
                           recorder.counter(), recorder.tally())
    return Partners(sched, units, partner_index(region.partners, list(region.needs)),
                    recorder.referral_out, probes)


@dataclass(frozen=True)
class _Front:
    """What an agency needs before casework exists: money, staff, allocation, rota."""

    agency: Agency
    staff: Staff[Worker]
    allocator: Allocator
    rota: OnCallRota
    streams: Streams


def _money(cfg: SwsimConfig, sched: Scheduler, region: CommunityScenario,
           households: Households, spec: ContractSpec, staffing: StaffingPolicy,
           loads: list[StationLoad], share: float, streams: Streams, recorder: Recorder,
           calendar: WorkCalendar) -> _Front:
    """One agency's money (its own funding option and share of the budget), staff registry
    (its block of worker ids), allocation queue (its own dispatch policy) and rota."""
    own = [t if s in spec.stations else 0 for s, t in enumerate(staffing.targets(loads))]
    funding = make_funding(cfg, region, households, own, spec, share)
    agency = Agency(sched, spec.cost_per_worker_year, funding, streams, recorder.tally(),
                    recorder.tally(), spec.funding.reserve_months)
    staff: Staff[Worker] = Staff(spec.first_worker_id)
    allocator = Allocator(sched, make_dispatch_policy(cfg), staff, recorder)
    rota = OnCallRota(make_cover(cfg), calendar, staff, agency.buy,
                      spec.cost_per_worker_year / annual_duty_hours(calendar))
    return _Front(agency, staff, allocator, rota, streams)


@dataclass(frozen=True)
class _Hiring:
    """What every agency's workforce shares: the region, calendar, case time and rules."""

    sched: Scheduler
    window: Window
    region: CommunityScenario
    calendar: WorkCalendar
    volunteers: VolunteerPool
    on_contact_end: Callable[[Worker, Case], None]
    cap: float
    admin_share: float
    staffing: StaffingPolicy
    training: TrainingPolicy
    loads: Callable[[], list[StationLoad]]
    recorder: Recorder


def _units(h: _Hiring, contracts: list[ContractSpec], fronts: list[_Front]) -> list[AgencyUnit]:
    """Each agency's workforce (its stations, hiring lag, streams and probes), staffed."""
    single = len(contracts) == 1
    shared = (h.recorder.tally(), h.recorder.tally())  # burnout, over cap: over every worker
    units = []
    for spec, m in zip(contracts, fronts, strict=True):
        wf = h.region.workforce if spec.hiring_lag_days is None else dataclasses.replace(
            h.region.workforce, hiring_lag_days=spec.hiring_lag_days)
        hire = _hiring(h.sched, h.window, h.region, h.calendar, h.volunteers, m.staff,
                       h.on_contact_end, h.cap, h.admin_share, spec.first_worker_id)
        absences = Absences(h.sched, wf, m.streams, m.allocator.fill)
        staffing = h.staffing if single else OwnStations(h.staffing, frozenset(spec.stations))
        probes = _workforce_probes(h.recorder)
        staffed = h.recorder.level()
        if not single:  # its own counts; the region's staffed level moves with it
            probes = dataclasses.replace(
                probes, burnout=shared[0], over_cap=shared[1],
                staffed=SharedLevel(staffed, h.recorder.staffed))  # type: ignore[arg-type]
        workforce = Workforce(h.sched, wf, staffing, h.training, h.loads, m.staff, m.allocator,
                              m.agency, hire, m.streams, probes, absences)
        m.agency.on_income(workforce.recruit)
        workforce.staff_initially()
        units.append(AgencyUnit(spec.name, m.agency, m.staff, workforce, m.allocator, m.rota,
                                m.streams, staffed, spec.retender_prob, spec.transition_cost))
    return units


def _workforce_probes(recorder: Recorder) -> WorkforceProbes:
    return WorkforceProbes(
        exits=recorder.counter(), layoffs=recorder.counter(), hires=recorder.counter(),
        trained=recorder.counter(), cases_handed_over=recorder.counter(),
        burnout=recorder.tally(), over_cap=recorder.tally(), vacancies=recorder.level(),
        staffed=recorder.staffed)


def build(cfg: SwsimConfig, seed: int, replication: int = 0,
          trace: list[TraceRow] | None = None) -> Built:
    """Everything one replication needs, from a validated configuration.

    Components are constructed, then connected (each callback registered once); the model
    returned is complete. ``trace``: a list to record ``(time, event, fields)`` rows in.
    """
    region = as_region(cfg.scenario)
    streams = Streams(seed, replication)
    stations = list(region.stations)
    communities = list(region.communities.values())
    households = generate_households([profile(c) for c in communities],
                                     streams["households"].generator)
    admin = make_admin(cfg)
    caseload = make_caseload(cfg)
    needs = [_need_spec(i, name, need, households, admin, caseload)
             for i, (name, need) in enumerate(region.needs.items())]
    station_of = np.array([stations.index(c.station) for c in communities], dtype=np.int64)
    household_station = station_of[households.community]
    sched = Scheduler(simpy.Environment(), trace)
    window = make_window(region)
    recorder = Recorder.for_window(window, len(needs))
    trust = Trust(households.trust, household_station, len(stations))
    staffing = make_staffing(cfg)
    loads = station_loads(region, households, needs)
    measured = {trust.version: loads}  # loads depend on trust only: measure again if it moved
    contracts = specs(region, cfg.policy.funding)
    targets = staffing.targets(loads)
    shares = budget_shares(contracts, targets)
    calendar = make_calendar(region)
    money = [_money(cfg, sched, region, households, spec, staffing, loads, shares[spec.index],
                    streams.child(spec.stream_prefix), recorder, calendar)
             for spec in contracts]
    table = routes(region)
    router = Router(sched, [m.allocator for m in money], table, recorder)
    travel = [row[s] for row, s in zip(travel_table(region), station_of.tolist(), strict=True)]
    weigh = weigher(caseload, [n.session_interval_days for n in needs], travel)
    factory = CaseFactory(streams["case"], streams["rereferral"], households, station_of, weigh)
    single = len(money) == 1
    partners = make_partners(sched, region, streams, recorder)
    casework = Casework(sched, needs, factory, money[0].allocator if single else router,
                        recorder, make_outcomes(cfg, region), weigh,
                        money[0].rota if single else RotaRouter([m.rota for m in money], table),
                        partners)
    demand = Demand(sched, needs, trust, streams["arrivals"], streams["referral"],
                    casework.on_need)
    volunteers = VolunteerPool(region.volunteers.hours_per_week,
                               region.volunteers.coordination_share,
                               (window.warmup, window.horizon))
    admin_share = admin.admin_share(region.workforce.admin_share)
    # case time: duty less the administration quota (interleaved, but due all the same)
    case_time = dataclasses.replace(calendar, admin_share=admin_share)
    cap = caseload.cap(region.workforce.caseload_cap, case_time, region.horizon_days)

    def loads_now() -> list[StationLoad]:
        if trust.version not in measured:
            measured.clear()
            measured[trust.version] = station_loads(region, households, needs, trust.array())
        return measured[trust.version]

    hiring = _Hiring(sched, window, region, calendar, volunteers, casework.on_contact_end, cap,
                     admin_share, staffing, make_training(cfg), loads_now, recorder)
    units = _units(hiring, contracts, money)
    staff = units[0].staff if single else AllStaff([u.staff for u in units])
    gw = region.group_work
    group_work = GroupWork(sched, trust, cast("Staff[Worker]", staff), len(stations),
                           gw.activities_per_year, gw.hours_per_activity, gw.trust_boost,
                           recorder.counter())
    model = Model(sched, window, recorder, staff, demand, casework,
                  units[0].allocator if single else router,
                  units[0].agency if single else AgencyGroup(units, sched, router),
                  units[0].workforce if single else WorkforceGroup(units),
                  group_work, volunteers, region_facts(region, calendar), partners)
    return Built(model, region, tuple(region.needs), tuple(stations),
                 tuple(region.communities), households)
