"""The region of a scenario as the model needs it: the queueing scenario written as a region,
household profiles, the duty calendar, travel times, the measurement window and what a
staffing rule knows of each station's area. Pure functions of the configuration (and of the
households drawn for a replication); :mod:`sim.build` composes them.
"""

from __future__ import annotations

import numpy as np

from sim.agents.demand import NeedSpec
from sim.agents.households import CommunityProfile, Households
from sim.calendar import WorkCalendar
from sim.config import (
    AgencyConfig,
    CalendarConfig,
    CommunityConfig,
    CommunityScenario,
    MMCScenario,
    NeedTypeConfig,
    StationConfig,
    WorkforceConfig,
)
from sim.holidays import calendar_days
from sim.policies.staffing import StationLoad
from sim.results.recorder import Window
from sim.units import HOURS_PER_DAY

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


def profile(com: CommunityConfig) -> CommunityProfile:
    return CommunityProfile(
        com.households, com.mean_household_size, com.elderly_share, com.disabled_share,
        com.minor_share, com.low_income_share, com.minority_language_share, com.trust_mean,
        com.trust_concentration,
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
