"""Unit tests of the volunteer pool."""

from __future__ import annotations

from sim.agents.volunteers import VolunteerPool


def test_pool_is_used_up_within_a_week_and_refills_next_week() -> None:
    pool = VolunteerPool(10.0, 0.25, (0.0, 100.0))
    assert pool.take(6.0, 1.0)
    assert not pool.take(6.0, 2.0)
    assert pool.take(4.0, 6.9)
    assert pool.take(6.0, 7.0)  # a new week
    assert pool.hours_used == 16.0


def test_hours_outside_the_window_are_not_counted() -> None:
    pool = VolunteerPool(10.0, 0.25, (7.0, 100.0))
    assert pool.take(2.0, 1.0)
    assert pool.hours_used == 0.0
