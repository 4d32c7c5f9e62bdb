"""The planner's starting point: each station's offered load and an Erlang C staffing estimate.

The offered load of a station (in workers) is the larger of two expected-value loads of its
communities' referrals (rate = households x eligible share x incidence x mean trust):

* hours: referrals a day x hours a case takes (intake, sessions, recording, travel of home
  visits) over the productive hours a worker gives a calendar day (duty days of the week x
  hours a day x (1 - admin share));
* caseload: cases open at once (Little's law: referrals a day x days a case stays open, its
  sessions' interval times their number plus its hours of work) x case weight over the
  caseload cap.

Each station is then staffed as an M/M/c queue with that load (square-root staffing in its
Erlang C form): the fewest workers whose probability of a first contact within the target
time, ``1 - C(c, a) exp(-(c - a) t / E[S])``, reaches the target. An estimate only: the
search (:mod:`sim.planning.search`) corrects it by simulation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.config import CommunityScenario, MMCScenario, NeedTypeConfig
from sim.region import as_region

_ELIGIBLE_SHARE = {"has_elderly": "elderly_share", "has_disabled": "disabled_share",
                   "has_minor": "minor_share", "low_income": "low_income_share"}


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival waits in M/M/c with offered load ``a`` (1 when ``c <= a``)."""
    if a <= 0.0:
        return 0.0
    if c <= a:
        return 1.0
    term, total = 1.0, 1.0  # a^k / k!, summed for k < c
    for k in range(1, c):
        term *= a / k
        total += term
    last = term * a / c / (1.0 - a / c)
    return last / (total + last)


def service_level(c: int, a: float, target_over_service: float) -> float:
    """P(wait <= t) in M/M/c with load ``a``; ``target_over_service`` is t / E[S]."""
    if a <= 0.0:
        return 1.0
    if c <= a:
        return 0.0
    return 1.0 - erlang_c(c, a) * math.exp(-(c - a) * target_over_service)


def erlang_c_staffing(a: float, level: float, target_over_service: float,
                      limit: int = 10_000) -> int:
    """The fewest servers whose service level reaches ``level`` (square-root staffing's
    exact form); ``limit`` when none up to it does (a level of 1 or more)."""
    if a <= 0.0:
        return 0
    c = max(1, math.floor(a) + 1)
    while c < limit and service_level(c, a, target_over_service) < level:
        c += 1
    return c


@dataclass(frozen=True)
class StationLoad:
    """Expected demand on one station: referrals a day, offered load (workers), mean case
    time E[S] (days a worker is busy with a case's share of load) and the mean target."""

    station: str
    referrals_per_day: float
    offered_load: float
    service_days: float
    target_days: float


def _eligible_share(need: NeedTypeConfig, com: object) -> float:
    attribute = _ELIGIBLE_SHARE.get(need.eligibility)
    return 1.0 if attribute is None else float(getattr(com, attribute))


def _target(need: NeedTypeConfig, urgent_only: bool) -> float:
    if urgent_only:
        return need.target_days_urgent
    return (need.urgent_share * need.target_days_urgent
            + (1.0 - need.urgent_share) * need.target_days_standard)


def station_loads(scenario: CommunityScenario | MMCScenario,
                  urgent_only: bool = False) -> list[StationLoad]:
    """Every station's expected load from the scenario's configuration (no simulation).

    ``urgent_only`` weighs the response targets by urgent referrals (for urgent KPIs).
    """
    region = as_region(scenario)
    wf = region.workforce
    productive = wf.hours_per_day * len(set(wf.workdays)) / 7.0 * (1.0 - wf.admin_share)
    rate = dict.fromkeys(region.stations, 0.0)
    hours = dict.fromkeys(region.stations, 0.0)
    open_cases = dict.fromkeys(region.stations, 0.0)
    targets = dict.fromkeys(region.stations, 0.0)
    weights = dict.fromkeys(region.stations, 0.0)
    for com in region.communities.values():
        trip = 2.0 * com.distance_km / region.travel_speed_kmh
        for need in region.needs.values():
            lam = (com.households * _eligible_share(need, com) * need.incidence_per_year
                   / 365.0 * com.trust_mean)
            contacts = 1.0 + need.sessions_mean
            case_hours = (need.intake_hours + need.sessions_mean * need.session_hours
                          + contacts * (need.recording_hours + need.home_visit_share * trip))
            days_open = need.sessions_mean * need.session_interval_days + case_hours / productive
            weight = need.urgent_share if urgent_only else 1.0
            rate[com.station] += lam
            hours[com.station] += lam * case_hours
            open_cases[com.station] += lam * days_open * need.case_weight
            targets[com.station] += lam * weight * _target(need, urgent_only)
            weights[com.station] += lam * weight
    loads = []
    for name in region.stations:
        lam = rate[name]
        a = max(hours[name] / productive, open_cases[name] / wf.caseload_cap)
        target = targets[name] / weights[name] if weights[name] > 0 else 0.0
        loads.append(StationLoad(name, lam, a, a / lam if lam > 0 else 0.0, target))
    return loads


def _headcount(a: float, lam: float, target_days: float, level: float | None) -> int:
    """Erlang C staffing of load ``a`` for a timely-contact ``level`` in (0, 1); otherwise
    square-root staffing ``ceil(a + sqrt(a))``."""
    if a <= 0.0:
        return 0
    if level is None or not 0.0 < level < 1.0:
        return math.ceil(a + math.sqrt(a))
    return erlang_c_staffing(a, level, target_days / (a / lam),
                             limit=math.ceil(a + 10 * math.sqrt(a) + 10))


def apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """``total`` split in proportion to ``weights`` (largest remainders; equal if all 0)."""
    if not weights:
        return {}
    mass = sum(weights.values())
    shares = {k: (w / mass if mass > 0 else 1.0 / len(weights)) * total
              for k, w in weights.items()}
    out = {k: math.floor(v) for k, v in shares.items()}
    for k in sorted(shares, key=lambda k: out[k] - shares[k])[: total - sum(out.values())]:
        out[k] += 1
    return out


def initial_staffing(scenario: CommunityScenario | MMCScenario, level: float | None,
                     urgent_only: bool = False, fixed: dict[str, int] | None = None
                     ) -> dict[str, int]:
    """A starting headcount per station from the region's pooled load.

    The whole region is staffed as one M/M/c queue (dispatch lets any worker take any case,
    so the load pools) for a timely-contact ``level``, or by square-root staffing when
    ``level`` is ``None``; the workers of the ``fixed`` stations count towards it and the rest
    is apportioned to the other stations in proportion to their offered loads.
    """
    loads = station_loads(scenario, urgent_only)
    fixed = fixed or {}
    lam = sum(x.referrals_per_day for x in loads)
    a = sum(x.offered_load for x in loads)
    target = (sum(x.target_days * x.referrals_per_day for x in loads) / lam) if lam > 0 else 0.0
    total = _headcount(a, lam, target, level) if lam > 0 else 0
    free = {x.station: x.offered_load for x in loads if x.station not in fixed}
    spare = max(0, total - sum(fixed.values()))
    return {**dict(fixed), **apportion(spare, free)}
