"""Attendance: trust-dependent draws, venue capacity, once per household, volunteers, points."""

from __future__ import annotations

import numpy as np
import pytest

from sim.agents.attendance import Attendance
from sim.agents.trust import Trust
from sim.agents.volunteers import VolunteerPool
from sim.policies.engagement import ENGAGEMENT, NoEngagement
from sim.results.reach import Reach

N = 2000


def setting(trust: float | np.ndarray, rate: float, capacity: int = 10_000,
            join_prob: float = 0.0, engagement: object = None,
            pay: bool = True) -> tuple[Attendance, Trust, VolunteerPool, Reach]:
    """``N`` households in grid 0 (station 0) and none at station 1."""
    initial = np.full(N, trust) if np.isscalar(trust) else np.asarray(trust)
    t = Trust(initial, np.zeros(N, dtype=np.int64), 1)
    pool = VolunteerPool(0.0, 0.25, (0.0, 1000.0), hours_per_volunteer=1.0)
    reach = Reach(0.0, 365.0, np.full(N, 3))
    attendance = Attendance(t, [np.arange(N), np.arange(0)], rate, capacity,
                            np.random.default_rng(5), engagement or NoEngagement(), reach,
                            pool, join_prob, lambda amount: pay)
    return attendance, t, pool, reach


def test_attendance_is_rate_times_trust_and_once_per_household() -> None:
    attendance, *_ = setting(np.repeat([0.2, 0.8], N // 2), rate=0.5)
    attend = attendance.draw(0, 1.0)
    assert len(np.unique(attend)) == len(attend)  # at most once per activity
    low, high = (attend < N // 2).sum(), (attend >= N // 2).sum()
    assert low == pytest.approx(0.1 * N / 2, abs=4 * np.sqrt(0.1 * 0.9 * N / 2))
    assert high == pytest.approx(0.4 * N / 2, abs=4 * np.sqrt(0.4 * 0.6 * N / 2))
    assert attendance.log == [(1.0, 0, len(attend), len(attend))]


def test_no_trust_or_no_rate_or_no_households_means_no_participants() -> None:
    assert len(setting(0.0, rate=1.0)[0].draw(0, 1.0)) == 0
    assert len(setting(1.0, rate=0.0)[0].draw(0, 1.0)) == 0
    assert len(setting(1.0, rate=1.0)[0].draw(1, 1.0)) == 0


def test_the_venue_caps_participants() -> None:
    attendance, _, _, reach = setting(1.0, rate=1.0, capacity=150)
    for day in range(5):
        attend = attendance.draw(0, float(day))
        assert len(attend) == 150 and len(np.unique(attend)) == 150
    assert reach.participants == 750
    assert len(reach.attending[0]) > 150  # drawn at random: different people each time


def test_first_time_participants_may_become_volunteers_once() -> None:
    attendance, _, pool, _ = setting(1.0, rate=1.0, capacity=N, join_prob=0.25)
    attendance.draw(0, 1.0)
    joined = pool.active(1.0)
    assert joined == pytest.approx(0.25 * N, abs=4 * np.sqrt(0.25 * 0.75 * N))
    attendance.draw(0, 2.0)  # the same households again: nobody joins a second time
    assert pool.active(2.0) == joined


def test_points_raise_trust_and_attendance_and_cost_money() -> None:
    points = ENGAGEMENT.create("points", points_per_activity=10.0, yuan_per_point=0.5,
                               trust_gain_per_point=0.01, attendance_boost=1.0)
    attendance, trust, _, _ = setting(0.5, rate=0.2, engagement=points)
    first = attendance.draw(0, 1.0)
    assert trust.values(first) == pytest.approx(0.5 + 0.1 * 0.5)
    assert points.redeemed_yuan == pytest.approx(5.0 * len(first))
    factor = points.attendance_factor(np.arange(N))
    assert (factor[first] == 2.0).all() and (np.delete(factor, first) == 1.0).all()


def test_points_the_agency_cannot_pay_earn_nothing() -> None:
    points = ENGAGEMENT.create("points")
    attendance, trust, _, _ = setting(0.5, rate=0.2, engagement=points, pay=False)
    attendance.draw(0, 1.0)
    assert points.redeemed_yuan == 0.0 and not points.held
    np.testing.assert_allclose(trust.array(), 0.5)
