"""A worker's time on its own: absences and the accounts, with no task ever started."""

from __future__ import annotations

import pytest
import simpy

from sim.agents.timekeeping import Timekeeping
from sim.calendar import WorkCalendar
from sim.timecategory import TimeCategory as C

ALWAYS = WorkCalendar(workdays=tuple(range(7)), start_hour=0.0, hours_per_day=24.0)


def keeper(env: simpy.Environment) -> Timekeeping:
    return Timekeeping(env, 0, 0, 3.0, lambda _w: None, False, ALWAYS, (0.0, 10.0), 0.0)


def test_an_absence_is_counted_in_its_category_and_extends_when_repeated() -> None:
    env = simpy.Environment()
    k = keeper(env)
    env.run(until=1.0)
    k.start_absence(2.0, C.LEAVE)
    assert k.absent_until == 3.0
    env.run(until=2.0)
    k.start_absence(2.0, C.LEAVE)  # during the absence: it now ends at day 4
    assert k.absent_until == 4.0
    k.settle(10.0)
    assert k.time_use[C.LEAVE] == pytest.approx(3.0 * 24.0)
    assert k.duty_hours(10.0) == pytest.approx(240.0)
    assert not k.in_task


def test_an_absence_during_a_task_waits_for_its_end() -> None:
    env = simpy.Environment()
    k = keeper(env)
    k._current = (0.0, 1.0, 1.0, ((C.DIRECT, 24.0),), None, False)  # type: ignore[arg-type]
    k.start_absence(2.0)
    assert k.in_task and k.absent_until == -float("inf")


def test_results_is_the_workers_row() -> None:
    k = keeper(simpy.Environment())
    row = k.results(10.0)
    assert row["worker"] == 0 and row["station"] == 0 and row["contacts"] == 0
    assert row["active_at_end"] and row["hired_at"] == -float("inf")
