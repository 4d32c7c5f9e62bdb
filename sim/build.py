"""The composition root: the only place that turns configuration into objects."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import cast

import numpy as np
import simpy

from sim.agencies import AgencyGroup, AllStaff, WorkforceGroup
from sim.agents.demand import CaseFactory, Demand, NeedSpec
from sim.agents.groupwork import GroupWork
from sim.agents.households import Households, generate_households
from sim.agents.workers import Worker
from sim.assembly import (
    HiringTerms,
    agency_front,
    agency_units,
    annual_duty_hours,
    is_bilingual,
    make_funding,
    make_partners,
)
from sim.casework import Casework, Outcomes
from sim.config import (
    CommunityScenario,
    NeedTypeConfig,
    SwsimConfig,
)
from sim.contracts import budget_shares, routes, specs
from sim.distributions import make_sampler
from sim.model import Model
from sim.participation import make_participation, referral_profile, volunteer_pool
from sim.policies.admin import ADMIN, AdminPolicy
from sim.policies.assessment import ASSESSMENT
from sim.policies.base import DispatchPolicy
from sim.policies.caseload import CASELOAD, CapacityPolicy, weigher
from sim.policies.cover import COVER, CoverPolicy
from sim.policies.dispatch import DISPATCH
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
from sim.results.recorder import Recorder
from sim.rng import Streams
from sim.routing import RotaRouter, Router
from sim.scheduling import Scheduler, TraceRow
from sim.staff import Staff
from sim.units import per_year_to_per_day

__all__ = ["Built", "annual_duty_hours", "build", "is_bilingual", "make_admin", "make_caseload",
           "make_cover", "make_dispatch_policy", "make_funding", "make_outcomes",
           "make_staffing", "make_training"]


def _need_spec(index: int, name: str, need: NeedTypeConfig, households: Households,
               admin: AdminPolicy, caseload: CapacityPolicy, scale: float = 1.0) -> NeedSpec:
    eligible = households.eligible(need.eligibility)
    return NeedSpec(
        index=index, name=name, eligible=eligible,
        rate_per_day=per_year_to_per_day(need.incidence_per_year) * eligible.shape[0] * scale,
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
    needs = [_need_spec(i, name, need, households, admin, caseload, region.demand_scale)
             for i, (name, need) in enumerate(region.needs.items())]
    station_of = np.array([stations.index(c.station) for c in communities], dtype=np.int64)
    sched = Scheduler(simpy.Environment(), trace)
    window = make_window(region)
    recorder = Recorder.for_window(window, len(needs))
    staffing = make_staffing(cfg)
    loads = station_loads(region, households, needs)
    measured = {0: loads}  # loads depend on trust only: measure again if it moved
    contracts = specs(region, cfg.policy.funding)
    targets = staffing.targets(loads)
    shares = budget_shares(contracts, targets)
    calendar = make_calendar(region)
    money = [agency_front(cfg, sched, region, households, spec, staffing, loads, shares[spec.index],
                    streams.child(spec.stream_prefix), recorder, calendar)
             for spec in contracts]
    volunteers = volunteer_pool(region, window, streams)
    # points for participation are paid by the first agency (the only one by default)
    part = make_participation(cfg, region, households, station_of, window, streams,
                              volunteers, money[0].agency.buy)
    trust = part.trust
    table = routes(region)
    router = Router(sched, [m.allocator for m in money], table, recorder)
    travel = [row[s] for row, s in zip(travel_table(region), station_of.tolist(), strict=True)]
    weigh = weigher(caseload, [n.session_interval_days for n in needs], travel)
    profile_ = referral_profile(region, calendar)
    factory = CaseFactory(streams["case"], streams["rereferral"], households, station_of, weigh,
                          profile_)
    single = len(money) == 1
    partners = make_partners(sched, region, streams, recorder)
    casework = Casework(sched, needs, factory, money[0].allocator if single else router,
                        recorder, make_outcomes(cfg, region), weigh,
                        money[0].rota if single else RotaRouter([m.rota for m in money], table),
                        part.feedback, part.reach, partners)
    if partners is not None:  # a referral out frees room: it takes a waiting case
        partners.on_room(casework.allocator.fill)
    demand = Demand(sched, needs, trust, streams["arrivals"], streams["referral"],
                    casework.on_need, profile_)
    admin_share = admin.admin_share(region.workforce.admin_share)
    # case time: duty less the administration quota (interleaved, but due all the same)
    case_time = dataclasses.replace(calendar, admin_share=admin_share)
    cap = caseload.cap(region.workforce.caseload_cap, case_time, region.horizon_days)

    def loads_now() -> list[StationLoad]:
        if trust.version not in measured:
            measured.clear()
            measured[trust.version] = station_loads(region, households, needs, trust.array())
        return measured[trust.version]

    hiring = HiringTerms(sched, window, region, calendar, volunteers, casework.on_contact_end, cap,
                     admin_share, staffing, make_training(cfg), loads_now, recorder)
    units = agency_units(hiring, contracts, money)
    staff = units[0].staff if single else AllStaff([u.staff for u in units])
    gw = region.group_work
    group_work = GroupWork(sched, trust, cast("Staff[Worker]", staff), len(stations),
                           gw.activities_per_year, gw.hours_per_activity, gw.trust_boost,
                           recorder.counter(), part.grids, part.attendance)
    model = Model(sched, window, recorder, staff, demand, casework,
                  units[0].allocator if single else router,
                  units[0].agency if single else AgencyGroup(units, sched, router),
                  units[0].workforce if single else WorkforceGroup(units),
                  group_work, volunteers, region_facts(region, calendar), trust, part.reach,
                  partners=partners)
    return Built(model, region, tuple(region.needs), tuple(stations),
                 tuple(region.communities), households)
