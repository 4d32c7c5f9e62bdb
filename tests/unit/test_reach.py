"""Reach: people served by year = people of served households + other distinct participants."""

from __future__ import annotations

import numpy as np
import pytest

from sim.results.reach import Reach

SIZE = np.array([1, 2, 3, 4, 5])


def test_people_served_counts_served_households_and_other_participants_once() -> None:
    reach = Reach(100.0, 100.0 + 2 * 365.0, SIZE)
    assert reach.years == 2
    reach.first_contact(110.0, 4)  # year 0: household 4 (5 people)
    reach.attended(120.0, [0, 1, 4])  # 0 and 1 new people; 4 already counted
    reach.attended(130.0, [0, 1])  # the same people again
    reach.first_contact(50.0, 3)  # warm-up: not counted
    reach.attended(500.0, [2])  # year 1
    reach.home_visit(500.0)
    reach.home_visit(99.0)  # warm-up
    assert reach.people_served(0) == 5 + 2 and reach.people_served(1) == 1
    out = reach.results()
    assert out["people_served_per_year"] == pytest.approx(4.0)
    assert out["activity_participants"] == 6.0 and out["home_visits"] == 1.0
    assert out["people_reached_activities_per_year"] == pytest.approx((3 + 1) / 2)
    assert out["measured_years"] == pytest.approx(2.0)


def test_a_short_period_counts_as_one_year() -> None:
    reach = Reach(0.0, 100.0, SIZE)
    reach.first_contact(100.0, 0)
    assert reach.years == 1 and reach.people_served(0) == 1


@pytest.mark.parametrize("t", [50.0, 110.0, 464.9, 465.0, 500.0, 830.0, 831.0])
@pytest.mark.parametrize(("first", "home"), [(True, True), (True, False), (False, True),
                                             (False, False)])
def test_contact_ended_is_first_contact_and_home_visit_in_one(t: float, first: bool,
                                                              home: bool) -> None:
    one, two = Reach(100.0, 830.0, SIZE), Reach(100.0, 830.0, SIZE)
    one.contact_ended(t, 3, first, home)
    if home:
        two.home_visit(t)
    if first:
        two.first_contact(t, 3)
    assert one.served == two.served and one.home_visits == two.home_visits
