"""The participation loop's parts, composed from configuration for :mod:`sim.build`.

Trust is held by grid (community); an activity of a station reaches its station's grids.
Nothing here runs anything: it builds the trust, its feedback, the referral profile, the
volunteer pool, the reach recorder and the attendance of one replication.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.agents.attendance import Attendance
from sim.agents.households import Households
from sim.agents.profile import ReferralProfile
from sim.agents.trust import Trust, TrustFeedback
from sim.agents.volunteers import VolunteerPool
from sim.calendar import WorkCalendar
from sim.config import CommunityScenario, SwsimConfig
from sim.policies.engagement import ENGAGEMENT, NoEngagement
from sim.results.reach import Reach
from sim.results.recorder import Window
from sim.rng import Streams


def referral_profile(region: CommunityScenario, calendar: WorkCalendar) -> ReferralProfile:
    """When referrals arrive: office hours are the workforce's duty pattern."""
    wf, demand = region.workforce, region.demand
    return ReferralProfile(demand.office_hours_share, tuple(wf.workdays), wf.start_hour,
                           wf.hours_per_day, calendar.first_weekday, tuple(demand.seasonal),
                           region.calendar.start_date)


def station_grids(station_of: np.ndarray, stations: int) -> list[list[int]]:
    """The grids (communities) of each station."""
    return [np.flatnonzero(station_of == s).tolist() for s in range(stations)]


def volunteer_pool(region: CommunityScenario, window: Window,
                   streams: Streams) -> VolunteerPool:
    """The volunteer pool with its initial volunteers (who join at time 0)."""
    vc = region.volunteers
    stay = 1.0 / vc.exit_rate_per_year if vc.exit_rate_per_year > 0 else float("inf")
    pool = VolunteerPool(vc.hours_per_week, vc.coordination_share,
                         (window.warmup, window.horizon), vc.hours_per_volunteer_week, stay,
                         streams["volunteers"])
    for _ in range(vc.initial):
        pool.join(0.0)
    return pool


@dataclass(frozen=True)
class Participation:
    """The participation parts of one replication."""

    trust: Trust
    feedback: TrustFeedback | None
    """``None`` when no contact or abandonment moves trust (every change is zero)."""
    reach: Reach
    grids: list[list[int]]
    attendance: Attendance


def make_participation(cfg: SwsimConfig, region: CommunityScenario, households: Households,
                       station_of: np.ndarray, window: Window, streams: Streams,
                       volunteers: VolunteerPool,
                       pay: Callable[[float], bool]) -> Participation:
    """Trust by grid, its feedback, reach and attendance (with the engagement policy)."""
    trust = Trust(households.trust, households.community, len(region.communities))
    tc = region.trust
    feedback = TrustFeedback(trust, tc.timely_gain, tc.untimely_loss, tc.abandoned_loss,
                             tc.word_of_mouth)
    reach = Reach(window.warmup, window.horizon, households.size)
    grids = station_grids(station_of, len(region.stations))
    rows = [np.flatnonzero(np.isin(households.community, g)) for g in grids]
    gw = region.group_work
    engagement = ENGAGEMENT.make(cfg.policy.engagement or NoEngagement())
    attendance = Attendance(trust, rows, gw.attendance_rate, gw.capacity,
                            streams["attendance"].generator, engagement, reach, volunteers,
                            region.volunteers.join_prob, pay)
    # inert feedback (every change zero) is left out: casework then skips the calls
    return Participation(trust, None if feedback.inert else feedback, reach, grids, attendance)
