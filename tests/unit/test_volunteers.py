"""Unit tests of the volunteer pool."""

from __future__ import annotations

from sim.agents.volunteers import VolunteerPool
from sim.rng import Streams


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


def test_volunteers_add_weekly_hours_while_they_stay() -> None:
    pool = VolunteerPool(1.0, 0.25, (0.0, 1000.0), hours_per_volunteer=0.5, stay_years=0.1,
                         stream=Streams(1, 0)["volunteers"])
    for _ in range(4):
        pool.join(0.0)
    assert pool.active(0.0) == 4 and pool.joined == 4
    assert pool.take(3.0, 1.0) and not pool.take(0.1, 2.0)  # 1 + 4 x 0.5 hours
    assert pool.active(1000.0) == 0  # a 36-day mean stay: all gone within 1000 days


def test_volunteers_without_a_stream_stay_for_good() -> None:
    pool = VolunteerPool(0.0, 0.25, (10.0, 20.0), hours_per_volunteer=1.0)
    pool.join(5.0)
    # joined before the window: active, not counted as joined in it
    assert pool.active(6.0) == 1 and pool.active(1e9) == 1 and pool.joined == 0
