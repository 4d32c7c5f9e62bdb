"""Unit tests of group activities."""

from __future__ import annotations

import numpy as np
import pytest
import simpy

from sim.agents.groupwork import GroupWork
from sim.agents.trust import Trust
from sim.agents.workers import Worker
from sim.calendar import WorkCalendar
from sim.results.probes import Counter
from sim.scheduling import Scheduler, TraceRow
from sim.staff import Staff
from sim.timecategory import TimeCategory

ALWAYS = WorkCalendar(tuple(range(7)), 0.0, 24.0, 0.0)


def setting(stations: tuple[int, ...], per_year: float = 365.0, window: float = 10.0,
            trace: list[TraceRow] | None = None,
            ) -> tuple[Scheduler, Trust, Staff[Worker], GroupWork]:
    """Households at stations 0, 0, 1 (trust 0.2, 0.2, 0.6); workers at ``stations``."""
    sched = Scheduler(simpy.Environment(), trace)
    trust = Trust(np.array([0.2, 0.2, 0.6]), np.array([0, 0, 1]), 2)
    staff: Staff[Worker] = Staff()
    for station in stations:
        staff.add(Worker(sched, staff.next_id(), station, ALWAYS, 5.0, (0.0, 10.0),
                         lambda w, c: None, staff.room_changed))
    group = GroupWork(sched, trust, staff, 2, per_year, 3.0, 0.5, Counter(0.0, window))
    return sched, trust, staff, group


def test_activity_costs_worker_hours_and_raises_trust_of_its_station_only() -> None:
    sched, trust, staff, group = setting(stations=(0,))
    group.start()
    sched.env.run(until=1.5)
    np.testing.assert_allclose(trust.array(), [0.6, 0.6, 0.6])
    assert group.held.value == 1 and group.results() == {"group_activities": 1}
    assert staff.get(0).time_use[TimeCategory.GROUP] == 3.0


def test_the_least_loaded_worker_of_the_station_runs_it() -> None:
    sched, _, staff, group = setting(stations=(1, 0, 0, 0))
    staff.get(1).caseload = 2.0
    staff.get(3).active = False  # worker 3 left: never chosen
    staff.remove(staff.get(3))
    group.start()
    sched.env.run(until=1.5)
    hours = [w.time_use[TimeCategory.GROUP] for w in staff.ever()]
    assert hours == [3.0, 0.0, 3.0, 0.0]  # station 1: worker 0; station 0: worker 2


def test_activities_repeat_and_count_inside_the_window_only() -> None:
    trace: list[TraceRow] = []
    sched, trust, _, group = setting(stations=(0, 1), per_year=365.0 / 2, window=5.0,
                                     trace=trace)
    group.start()
    sched.env.run(until=7.0)
    # every 2 days at each station, ending 3 h later: at 2, 4 and 6; the last is after 5
    assert group.held.value == 4
    done = [(round(t, 6), fields["station"]) for t, event, fields in trace
            if event == "activity_done"]
    assert done == [(2.125, 0), (2.125, 1), (4.125, 0), (4.125, 1), (6.125, 0), (6.125, 1)]
    assert trust.value(0) == pytest.approx(1.0 - 0.8 * 0.5 ** 3)


def test_no_activities_per_year_schedules_nothing() -> None:
    sched, trust, _, group = setting(stations=(0,), per_year=0.0)
    group.start()
    sched.env.run(until=400.0)
    assert group.held.value == 0
    np.testing.assert_allclose(trust.array(), [0.2, 0.2, 0.6])
