"""Group work: scheduled community activities that cost worker hours and build trust.

Each station holds an activity every ``365 / activities_per_year`` days, run by its active
worker with the fewest cases as one task. When it ends, its participants are drawn
(:class:`~sim.agents.attendance.Attendance`) and the referral propensity (trust) of every
household in the station's grids moves ``trust_boost`` of the way to one: the participation
feedback that the community case studies describe.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from sim.agents.attendance import Attendance
from sim.agents.tasks import Activity
from sim.agents.trust import Trust
from sim.agents.workers import Worker
from sim.results.probes import Counter
from sim.scheduling import Scheduler
from sim.staff import Staff
from sim.timecategory import TimeCategory
from sim.units import DAYS_PER_YEAR


class GroupWork:
    """Activities per station.

    Parameters
    ----------
    sched
        The replication's scheduler.
    trust
        Households' referral propensities (raised by each activity).
    staff
        The staff registry (an activity goes to an active worker of its station).
    stations
        Number of stations.
    activities_per_year, hours_per_activity, trust_boost
        How often, how long, and how much trust each activity adds.
    held
        Counts activities held in the measurement period.
    grids
        Trust grids of each station (``None``: station ``i`` is grid ``i``).
    attendance
        Draws each activity's participants (``None``: activities have none).
    """

    def __init__(self, sched: Scheduler, trust: Trust, staff: Staff[Worker], stations: int,
                 activities_per_year: float, hours_per_activity: float, trust_boost: float,
                 held: Counter, grids: list[list[int]] | None = None,
                 attendance: Attendance | None = None) -> None:
        self.sched = sched
        self.trust = trust
        self.staff = staff
        self.stations = stations
        self.activities_per_year = activities_per_year
        self.hours = hours_per_activity
        self.boost = trust_boost
        self.held = held
        self.grids = grids if grids is not None else [[s] for s in range(stations)]
        self.attendance = attendance

    def start(self) -> None:
        """Schedule the first activity of every station."""
        if self.activities_per_year <= 0:
            return
        days = DAYS_PER_YEAR / self.activities_per_year
        for station in range(self.stations):
            self.sched.every(days, partial(self._hold, station))

    def _hold(self, station: int) -> None:
        staff = self.staff.active(station)
        if not staff:
            return
        worker = min(staff, key=lambda w: (w.caseload, w.id))
        worker.offer(Activity(TimeCategory.GROUP, self.hours, station, self.done))

    def done(self, activity: Activity) -> None:
        """An activity ended: its participants are drawn, trust rises in the station's
        grids."""
        if self.attendance is not None:
            self.attendance.draw(activity.station, self.sched.now)
        for grid in self.grids[activity.station]:
            self.trust.gain_grid(grid, self.boost)
        self.held.add(self.sched.now)
        if self.sched.tracing:
            self.sched.log("activity_done", station=activity.station)

    def results(self) -> dict[str, Any]:
        """What group work reports."""
        return {"group_activities": self.held.value}
