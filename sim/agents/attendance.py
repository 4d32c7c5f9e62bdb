"""Attendance: who takes part in a community activity, and what taking part leads to.

Each household of the activity's grids attends with probability ``rate x trust`` (times the
engagement policy's factor), at most once per activity and one person per household; when
more want to come than the venue holds, ``capacity`` of them are drawn at random. A household
taking part for the first time may send a volunteer (``join_prob``); under an engagement
policy attending and volunteering earn points that raise the household's trust.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.agents.trust import Trust
from sim.agents.volunteers import VolunteerPool
from sim.policies.engagement import EngagementPolicy
from sim.results.reach import Reach


class Attendance:
    """Draws each activity's participants.

    Parameters
    ----------
    trust
        Households' trust (read for attendance, raised by points).
    rows
        Household rows of each station's grids.
    rate, capacity
        Attendance probability per unit of trust; most participants per activity.
    rng
        The ``attendance`` random stream's generator.
    engagement
        The engagement policy (points).
    reach
        Records participants by year.
    volunteers, join_prob
        The pool first-time participants may join, and the probability they do.
    pay
        The agency's purse (for redeemed points).
    """

    def __init__(self, trust: Trust, rows: list[np.ndarray], rate: float, capacity: int,
                 rng: np.random.Generator, engagement: EngagementPolicy, reach: Reach,
                 volunteers: VolunteerPool, join_prob: float,
                 pay: Callable[[float], bool]) -> None:
        self.trust = trust
        self.rows = rows
        self.rate = rate
        self.capacity = capacity
        self.rng = rng
        self.engagement = engagement
        self.reach = reach
        self.volunteers = volunteers
        self.join_prob = join_prob
        self.pay = pay
        self.ever: set[int] = set()
        self.log: list[tuple[float, int, int, int]] = []
        """``(time, station, participants, distinct households)`` of every activity."""

    def draw(self, station: int, now: float) -> np.ndarray:
        """The households that send a person to an activity of ``station`` at ``now``."""
        rows = self.rows[station]
        if self.rate <= 0.0 or len(rows) == 0:
            return rows[:0]
        p = self.rate * self.trust.values(rows) * self.engagement.attendance_factor(rows)
        attend = rows[self.rng.random(len(rows)) < p]
        if len(attend) > self.capacity:
            attend = np.sort(self.rng.choice(attend, self.capacity, replace=False))
        joins = self.rng.random(len(attend)) < self.join_prob
        for household, joining in zip(attend.tolist(), joins.tolist(), strict=True):
            self._earn(household, False)
            if household not in self.ever:
                self.ever.add(household)
                if joining:
                    self.volunteers.join(now)
                    self._earn(household, True)
        self.reach.attended(now, attend.tolist())
        self.log.append((now, station, len(attend), len(np.unique(attend))))
        return attend

    def _earn(self, household: int, volunteering: bool) -> None:
        gain = self.engagement.earn(household, volunteering, self.pay)
        if gain > 0.0:
            self.trust.change(household, gain)
