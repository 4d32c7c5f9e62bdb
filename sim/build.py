"""The composition root: the only place that turns configuration into objects."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import simpy

from sim.absences import Absences
from sim.agents.agency import Agency
from sim.agents.demand import CaseFactory, Demand, NeedSpec
from sim.agents.groupwork import GroupWork
from sim.agents.households import CommunityProfile, Households, generate_households
from sim.agents.trust import Trust
from sim.agents.volunteers import VolunteerPool
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.calendar import WorkCalendar
from sim.casework import Casework, Outcomes
from sim.config import (
    AgencyConfig,
    CalendarConfig,
    CommunityConfig,
    CommunityScenario,
    MMCScenario,
    NeedTypeConfig,
    StationConfig,
    SwsimConfig,
    WorkforceConfig,
)
from sim.cover import OnCallRota
from sim.distributions import make_sampler
from sim.holidays import calendar_days
from sim.model import Model
from sim.policies.admin import ADMIN, AdminPolicy
from sim.policies.assessment import ASSESSMENT
from sim.policies.base import DispatchPolicy
from sim.policies.caseload import CASELOAD, CapacityPolicy, weigher
from sim.policies.cover import COVER, CoverPolicy
from sim.policies.dispatch import DISPATCH
from sim.policies.funding import FUNDING, FundingContext, FundingPolicy
from sim.policies.staffing import STAFFING, StaffingPolicy, StationLoad
from sim.policies.training import TRAINING, TrainingPolicy
from sim.results.facts import region_facts
from sim.results.recorder import Recorder, Window
from sim.rng import Streams
from sim.scheduling import Scheduler, TraceRow
from sim.staff import Staff
from sim.units import DAYS_PER_WEEK, DAYS_PER_YEAR, HOURS_PER_DAY, per_year_to_per_day
from sim.workforce import Workforce, WorkforceProbes

_MMC_HOUSEHOLDS = 1000


def mmc_as_region(sc: MMCScenario) -> CommunityScenario:
    """The M/M/c(+M) scenario written as a region of the general model.

    One community, at its station (distance 0), whose households are all eligible and always
    refer; one need type whose single contact (the intake) takes an exponential time of mean
    ``1 / service_rate`` days; caseload cap 1; 24-hour duty every day without holidays, no
    admin, travel or recording.
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
    community = CommunityConfig(households=_MMC_HOUSEHOLDS, station="queue", distance_km=0.0,
                                trust_mean=1.0, minority_language_share=0.0)
    workforce = WorkforceConfig(caseload_cap=1.0, workdays=list(range(7)), start_hour=0.0,
                                hours_per_day=24.0, admin_share=0.0, exit_rate_per_year=0.0,
                                first_year_exit_rate_per_year=0.0, absence_episodes_per_year=0.0,
                                burnout_build_per_year=0.0)
    return CommunityScenario(
        kind="community", name=sc.name, horizon_days=sc.horizon_days,
        warmup_days=sc.warmup_days, audit_interval_days=sc.audit_interval_days,
        rereferral_prob=0.0,
        communities={"queue": community}, stations={"queue": StationConfig(sc.servers)},
        needs={"service": need}, workforce=workforce,
        calendar=CalendarConfig(official_holidays=False), agency=AgencyConfig(),
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


def make_calendar(region: CommunityScenario) -> WorkCalendar:
    """The duty calendar every worker follows: the weekly pattern and hours of
    ``region.workforce``, dated by ``region.calendar`` over the horizon. Administration is
    interleaved with casework (each worker's time account), so duty has no fixed admin block:
    a contact may start at any moment of duty."""
    wf, cal = region.workforce, region.calendar
    days = calendar_days(cal.start_date, region.horizon_days, wf.workdays,
                         official=cal.official_holidays, holidays=cal.holidays,
                         makeup_workdays=cal.makeup_workdays)
    return WorkCalendar(tuple(wf.workdays), wf.start_hour, wf.hours_per_day, 0.0,
                        days.holidays, days.makeup_days, days.first_weekday)


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


def is_bilingual(worker_id: int, share: float) -> bool:
    """Whether worker ``worker_id`` speaks the minority language: exactly ``share`` of every
    run of workers does, spread evenly over hiring order."""
    return math.floor((worker_id + 1) * share + 1e-9) > math.floor(worker_id * share + 1e-9)


def _hiring(sched: Scheduler, window: Window, region: CommunityScenario,
            calendar: WorkCalendar, volunteers: VolunteerPool, staff: Staff[Worker],
            casework: Casework, cap: float,
            admin_share: float) -> Callable[[int, float], Worker]:
    """A function that employs a new worker (with the registry's next id, the caseload
    policy's ``cap`` and the administration policy's ``admin_share``) at a station."""
    wf = region.workforce
    travel = travel_table(region)

    def hire(station: int, at: float) -> Worker:
        worker_id = staff.next_id()
        worker = Worker(sched, worker_id, station, calendar, cap,
                        (max(window.warmup, at), window.horizon), casework.on_contact_end,
                        staff.room_changed, travel, is_bilingual(worker_id, wf.bilingual_share),
                        wf.interpreter_effort_factor, volunteers, admin_share,
                        wf.admin_backlog_limit_days * admin_share * wf.hours_per_day)
        worker.hired_at = at
        return worker

    return hire


def station_loads(region: CommunityScenario, households: Households,
                  needs: list[NeedSpec], trust: np.ndarray | None = None) -> list[StationLoad]:
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
        trust_now = households.trust if trust is None else trust
        weight = trust_now[need.eligible] * need.rate_per_day * 365.0 / len(need.eligible)
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
    households = generate_households([_profile(c) for c in communities],
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
    staff: Staff[Worker] = Staff()
    staffing = make_staffing(cfg)
    loads = station_loads(region, households, needs)
    measured = {trust.version: loads}  # loads depend on trust only: measure again if it moved
    funding = make_funding(cfg, region, households, staffing.targets(loads))
    agency = Agency(sched, region.agency.cost_per_worker_year, funding, streams,
                    recorder.tally(), recorder.tally(), cfg.policy.funding.reserve_months)
    dispatch = make_dispatch_policy(cfg)
    allocator = Allocator(sched, dispatch, staff, recorder)
    travel = [row[s] for row, s in zip(travel_table(region), station_of.tolist(), strict=True)]
    weigh = weigher(caseload, [n.session_interval_days for n in needs], travel)
    factory = CaseFactory(streams["case"], streams["rereferral"], households, station_of, weigh)
    calendar = make_calendar(region)
    rota = OnCallRota(make_cover(cfg), calendar, staff, agency.buy,
                      region.agency.cost_per_worker_year / annual_duty_hours(calendar))
    casework = Casework(sched, needs, factory, allocator, recorder, make_outcomes(cfg, region),
                        weigh, rota)
    demand = Demand(sched, needs, trust, streams["arrivals"], streams["referral"],
                    casework.on_need)
    volunteers = VolunteerPool(region.volunteers.hours_per_week,
                               region.volunteers.coordination_share,
                               (window.warmup, window.horizon))
    admin_share = admin.admin_share(region.workforce.admin_share)
    # case time: duty less the administration quota (interleaved, but due all the same)
    case_time = dataclasses.replace(calendar, admin_share=admin_share)
    cap = caseload.cap(region.workforce.caseload_cap, case_time, region.horizon_days)
    hire = _hiring(sched, window, region, calendar, volunteers, staff, casework, cap,
                   admin_share)

    def loads_now() -> list[StationLoad]:
        if trust.version not in measured:
            measured.clear()
            measured[trust.version] = station_loads(region, households, needs, trust.array())
        return measured[trust.version]

    absences = Absences(sched, region.workforce, streams, allocator.fill)
    workforce = Workforce(sched, region.workforce, staffing, make_training(cfg),
                          loads_now, staff, allocator, agency, hire, streams,
                          _workforce_probes(recorder), absences)
    agency.on_income(workforce.recruit)
    workforce.staff_initially()
    gw = region.group_work
    group_work = GroupWork(sched, trust, staff, len(stations), gw.activities_per_year,
                           gw.hours_per_activity, gw.trust_boost, recorder.counter())
    model = Model(sched, window, recorder, staff, demand, casework, allocator, agency,
                  workforce, group_work, volunteers, region_facts(region, calendar))
    return Built(model, region, tuple(region.needs), tuple(stations),
                 tuple(region.communities), households)
