"""How each agency of a run, and the partner units, are put together (for :mod:`sim.build`).

An agency is assembled in two steps around casework (which needs every agency's allocation
and rota, while each workforce's recruits need casework's contact callback): its front (money,
staff registry, allocation queue, rota), then its workforce (hiring, absences, probes).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

from sim.absences import Absences
from sim.agencies import AgencyUnit, SharedLevel
from sim.agents.agency import Agency
from sim.agents.cases import Case
from sim.agents.households import Households
from sim.agents.volunteers import VolunteerPool
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.calendar import WorkCalendar
from sim.config import CommunityScenario, SwsimConfig
from sim.contracts import ContractSpec, OwnStations
from sim.cover import OnCallRota
from sim.partners import Partner, PartnerProbes, Partners, partner_index
from sim.policies.cover import COVER
from sim.policies.dispatch import DISPATCH
from sim.policies.funding import FUNDING, FundingContext, FundingPolicy
from sim.policies.staffing import StaffingPolicy, StationLoad
from sim.policies.training import TrainingPolicy
from sim.region import travel_table
from sim.results.recorder import Recorder, Window
from sim.rng import Streams
from sim.scheduling import Scheduler
from sim.staff import Staff
from sim.units import DAYS_PER_WEEK, DAYS_PER_YEAR
from sim.workforce import Workforce, WorkforceProbes


def is_bilingual(worker_id: int, share: float) -> bool:
    """Whether worker ``worker_id`` speaks the minority language: exactly ``share`` of every
    run of workers does, spread evenly over hiring order."""
    return math.floor((worker_id + 1) * share + 1e-9) > math.floor(worker_id * share + 1e-9)


def hiring(sched: Scheduler, window: Window, region: CommunityScenario,
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


def annual_duty_hours(calendar: WorkCalendar) -> float:
    """Duty hours of a year on the calendar's weekly pattern (for an hourly cost)."""
    return len(set(calendar.workdays)) * calendar.hours_per_day * DAYS_PER_YEAR / DAYS_PER_WEEK


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
class AgencyFront:
    """What an agency needs before casework exists: money, staff, allocation, rota."""

    agency: Agency
    staff: Staff[Worker]
    allocator: Allocator
    rota: OnCallRota
    streams: Streams


def agency_front(cfg: SwsimConfig, sched: Scheduler, region: CommunityScenario,
           households: Households, spec: ContractSpec, staffing: StaffingPolicy,
           loads: list[StationLoad], share: float, streams: Streams, recorder: Recorder,
           calendar: WorkCalendar) -> AgencyFront:
    """One agency's money (its own funding option and share of the budget), staff registry
    (its block of worker ids), allocation queue (its own dispatch policy) and rota."""
    own = [t if s in spec.stations else 0 for s, t in enumerate(staffing.targets(loads))]
    funding = make_funding(cfg, region, households, own, spec, share)
    agency = Agency(sched, spec.cost_per_worker_year, funding, streams, recorder.tally(),
                    recorder.tally(), spec.funding.reserve_months)
    staff: Staff[Worker] = Staff(spec.first_worker_id)
    allocator = Allocator(sched, DISPATCH.make(cfg.policy.dispatch), staff, recorder)
    rota = OnCallRota(COVER.make(cfg.policy.cover), calendar, staff, agency.buy,
                      spec.cost_per_worker_year / annual_duty_hours(calendar))
    return AgencyFront(agency, staff, allocator, rota, streams)


@dataclass(frozen=True)
class HiringTerms:
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


def agency_units(h: HiringTerms, contracts: list[ContractSpec],
                 fronts: list[AgencyFront]) -> list[AgencyUnit]:
    """Each agency's workforce (its stations, hiring lag, streams and probes), staffed."""
    single = len(contracts) == 1
    shared = (h.recorder.tally(), h.recorder.tally())  # burnout, over cap: over every worker
    units = []
    for spec, m in zip(contracts, fronts, strict=True):
        wf = h.region.workforce if spec.hiring_lag_days is None else dataclasses.replace(
            h.region.workforce, hiring_lag_days=spec.hiring_lag_days)
        hire = hiring(h.sched, h.window, h.region, h.calendar, h.volunteers, m.staff,
                       h.on_contact_end, h.cap, h.admin_share, spec.first_worker_id)
        absences = Absences(h.sched, wf, m.streams, m.allocator.fill)
        staffing = h.staffing if single else OwnStations(h.staffing, frozenset(spec.stations))
        probes = workforce_probes(h.recorder)
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
                                m.streams, staffed, spec.retender_prob, spec.transition_cost,
                                spec.contract_years))
    return units


def workforce_probes(recorder: Recorder) -> WorkforceProbes:
    return WorkforceProbes(
        exits=recorder.counter(), layoffs=recorder.counter(), hires=recorder.counter(),
        trained=recorder.counter(), cases_handed_over=recorder.counter(),
        burnout=recorder.tally(), over_cap=recorder.tally(), vacancies=recorder.level(),
        staffed=recorder.staffed)
