"""Static facts of a region that results need: names, households, access, full-time hours.

They do not change while a replication runs; the model reports them with its scalars so
that KPIs and the per-station and per-community tables read them from one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.calendar import WorkCalendar

if TYPE_CHECKING:
    from sim.config import CommunityScenario

_EPS = 1e-9  # a community exactly at the threshold is within it, whatever the rounding


def travel_minutes(distance_km: float, speed_kmh: float) -> float:
    """One-way travel time in minutes over ``distance_km`` at ``speed_kmh``."""
    return 60.0 * distance_km / speed_kmh


def place_facts(region: CommunityScenario) -> dict[str, Any]:
    """Stations and communities: names, households, travel time and access.

    A community is *central* when the one-way travel time from it to its own station,
    ``distance_km`` at ``travel_speed_kmh``, is at most ``access_threshold_minutes``.

    Returns
    -------
    dict
        ``station_names``, ``community_names``, ``community_station`` (station index),
        ``community_households``, ``community_travel_minutes``, ``community_central`` (one
        entry per community, in configuration order), ``access_threshold_minutes``,
        ``households_within_threshold`` and ``households_total``.
    """
    stations = list(region.stations)
    communities = list(region.communities.values())
    minutes = tuple(travel_minutes(c.distance_km, region.travel_speed_kmh) for c in communities)
    threshold = float(region.access_threshold_minutes)
    central = tuple(m <= threshold + _EPS for m in minutes)
    households = tuple(int(c.households) for c in communities)
    return {
        "station_names": tuple(stations),
        "community_names": tuple(region.communities),
        "community_station": tuple(stations.index(c.station) for c in communities),
        "community_households": households,
        "community_travel_minutes": minutes,
        "community_central": central,
        "access_threshold_minutes": threshold,
        "households_within_threshold": sum(h for h, c in zip(households, central, strict=True)
                                           if c),
        "households_total": sum(households),
    }


def full_time_duty_hours(region: CommunityScenario, calendar: WorkCalendar) -> float:
    """Duty hours of a worker employed through the whole measurement period [warm-up, horizon]
    on the workers' ``calendar`` (holidays included).

    Divides a station's summed ``duty_hours`` into full-time equivalents (FTE).
    """
    return calendar.duty_hours(region.horizon_days) - calendar.duty_hours(region.warmup_days)


def region_facts(region: CommunityScenario, calendar: WorkCalendar) -> dict[str, Any]:
    """:func:`place_facts` and ``duty_hours_full_time`` (:func:`full_time_duty_hours`)."""
    return {**place_facts(region),
            "duty_hours_full_time": full_time_duty_hours(region, calendar)}
