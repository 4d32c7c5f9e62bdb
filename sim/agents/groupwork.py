"""Group work: scheduled community activities that cost worker hours and build trust.

Each station holds an activity every ``365 / activities_per_year`` days, run by its active
worker with the fewest cases as one task. When it ends, the referral propensity (trust) of
every household in the station's communities moves ``trust_boost`` of the way to one: the
participation feedback that the community case studies describe.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import simpy

from sim.agents.cases import STANDARD, Case
from sim.agents.timers import every
from sim.agents.workers import Worker
from sim.units import DAYS_PER_YEAR


class GroupWork:
    """Activities per station.

    Parameters
    ----------
    env
        The simulation environment.
    trust
        Households' referral propensities (changed in place).
    household_station
        Station index of each household.
    workers
        Every worker (only active ones of the station run activities).
    activities_per_year, hours_per_activity, trust_boost
        How often, how long, and how much trust each activity adds.
    window
        Measurement period for the counts.
    on_trust_change
        Told which households' trust changed (the demand process keeps a copy).
    """

    def __init__(
        self,
        env: simpy.Environment,
        trust: np.ndarray,
        household_station: np.ndarray,
        workers: list[Worker],
        activities_per_year: float,
        hours_per_activity: float,
        trust_boost: float,
        window: tuple[float, float],
        on_trust_change: Callable[[np.ndarray], None] | None = None,
    ) -> None:
        self.env = env
        self.trust = trust
        self.household_station = household_station
        self.workers = workers
        self.activities_per_year = activities_per_year
        self.hours = hours_per_activity
        self.boost = trust_boost
        self.window = window
        self.on_trust_change = on_trust_change
        self.held = 0
        self._members = [np.flatnonzero(household_station == s)
                         for s in range(int(household_station.max(initial=-1)) + 1)]

    def start(self, stations: int) -> None:
        """Schedule the first activity of every station."""
        if self.activities_per_year <= 0:
            return
        days = DAYS_PER_YEAR / self.activities_per_year
        for station in range(stations):
            every(self.env, days, partial(self._hold, station))

    def _hold(self, station: int) -> None:
        staff = [w for w in self.workers if w.active and w.station == station]
        if not staff:
            return
        worker = min(staff, key=lambda w: (w.caseload, w.id))
        activity = Case(-1, -1, -1, -1, station, STANDARD, False, self.env.now, 0.0, 0.0,
                        [(self.hours, False)], 0.0, 0.0, 1.0, group_activity=True)
        worker.offer(activity)

    def done(self, activity: Case) -> None:
        """An activity ended: trust rises in the station's communities."""
        members = self._members[activity.station] if activity.station < len(self._members) \
            else np.empty(0, dtype=np.int64)
        self.trust[members] += self.boost * (1.0 - self.trust[members])
        if self.on_trust_change is not None:
            self.on_trust_change(members)
        if self.window[0] <= self.env.now <= self.window[1]:
            self.held += 1
