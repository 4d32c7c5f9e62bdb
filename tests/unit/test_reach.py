"""Reach: people served by year = people of served households + other distinct participants."""

from __future__ import annotations

import numpy as np
import pytest

from sim.results.reach import Reach

SIZE = np.array([1, 2, 3, 4, 5])


def test_people_served_counts_served_households_and_other_participants_once() -> None:
    reach = Reach(100.0, 100.0 + 2 * 365.0, SIZE)
    assert reach.years == 2
    reach.contact_ended(110.0, 4, True, False)  # year 0: household 4 (5 people)
    reach.attended(120.0, [0, 1, 4])  # 0 and 1 new people; 4 already counted
    reach.attended(130.0, [0, 1])  # the same people again
    reach.contact_ended(50.0, 3, True, True)  # warm-up: not counted
    reach.attended(500.0, [2])  # year 1
    reach.contact_ended(500.0, 1, False, True)  # a session at home: not served again
    reach.contact_ended(99.0, 0, False, True)  # warm-up
    assert reach.people_served(0) == 5 + 2 and reach.people_served(1) == 1
    out = reach.results()
    assert out["people_served_per_year"] == pytest.approx(4.0)
    assert out["activity_participants"] == 6.0 and out["home_visits"] == 1.0
    assert out["people_reached_activities_per_year"] == pytest.approx((3 + 1) / 2)
    assert out["measured_years"] == pytest.approx(2.0)


def test_a_short_period_counts_as_one_year() -> None:
    reach = Reach(0.0, 100.0, SIZE)
    reach.contact_ended(100.0, 0, True, False)
    assert reach.years == 1 and reach.people_served(0) == 1


@pytest.mark.parametrize(("t", "year"), [(50.0, None), (100.0, 0), (464.9, 0), (465.0, 1),
                                         (830.0, 1), (831.0, None)])
@pytest.mark.parametrize(("first", "home"), [(True, True), (True, False), (False, True),
                                             (False, False)])
def test_a_contact_counts_in_its_year_of_the_period(t: float, year: int | None, first: bool,
                                                    home: bool) -> None:
    reach = Reach(100.0, 830.0, SIZE)  # two years of 365 days
    reach.contact_ended(t, 3, first, home)
    counted = year is not None
    assert reach.home_visits == int(home and counted)
    assert [3 in served for served in reach.served] == \
        [first and counted and y == year for y in range(2)]
