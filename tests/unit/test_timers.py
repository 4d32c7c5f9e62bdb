"""Unit tests of repeating actions."""

from __future__ import annotations

import simpy

from sim.agents.timers import every


def test_every_calls_at_each_multiple_of_the_period() -> None:
    env = simpy.Environment()
    times: list[float] = []
    every(env, 2.5, lambda: times.append(env.now))
    env.run(until=10.1)
    assert times == [2.5, 5.0, 7.5, 10.0]
