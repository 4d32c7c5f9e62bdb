"""Unit tests of group activities."""

from __future__ import annotations

import numpy as np
import simpy

from sim.agents.groupwork import GroupWork
from sim.agents.workers import Worker
from sim.calendar import WorkCalendar


def test_activity_costs_worker_hours_and_raises_trust_of_its_station_only() -> None:
    env = simpy.Environment()
    trust = np.array([0.2, 0.2, 0.6])
    station = np.array([0, 0, 1])
    workers: list[Worker] = []
    group = GroupWork(env, trust, station, workers, 365.0, 3.0, 0.5, (0.0, 10.0))

    def done(worker: Worker, case: object) -> None:
        group.done(case)  # type: ignore[arg-type]

    calendar = WorkCalendar(tuple(range(7)), 0.0, 24.0, 0.0)
    workers.append(Worker(env, 0, 0, calendar, 5.0, (0.0, 10.0), done))
    group.start(2)
    env.run(until=1.5)
    np.testing.assert_allclose(trust, [0.6, 0.6, 0.6])
    assert group.held == 1
    assert workers[0].time_use.group == 3.0
