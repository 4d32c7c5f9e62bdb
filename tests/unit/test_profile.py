"""The referral profile: weekly and seasonal multipliers with mean one, urgent ones flat."""

from __future__ import annotations

import numpy as np
import pytest

from sim.agents.profile import ReferralProfile

OFFICE = ReferralProfile(office_share=0.8)  # Monday-Friday 8:30-16:30, day 0 a Monday


def test_a_flat_profile_changes_nothing() -> None:
    flat = ReferralProfile()
    assert flat.flat and flat.intensity(0.3, 2.5) == 1.0 and flat.peak(0.3) == 1.0
    assert flat.urgent_probability(0.3, 5.9) == 0.3


def test_office_hours_follow_the_weekly_pattern() -> None:
    assert OFFICE.in_office(0.0 + 9 / 24) and not OFFICE.in_office(0.0 + 8 / 24)
    assert not OFFICE.in_office(0.0 + 16.5 / 24)
    assert not OFFICE.in_office(5.0 + 10 / 24)  # Saturday
    sunday_start = ReferralProfile(office_share=0.8, first_weekday=6)
    assert not sunday_start.in_office(10 / 24) and sunday_start.in_office(1 + 10 / 24)


@pytest.mark.parametrize("urgent", [0.0, 0.3, 1.0])
def test_the_week_has_mean_one_and_the_office_share_of_standard_referrals(
    urgent: float,
) -> None:
    t = (np.arange(7 * 24 * 60) + 0.5) / (24 * 60)  # every minute of a week
    level = np.array([OFFICE.intensity(urgent, x) for x in t])
    office = np.array([OFFICE.in_office(x) for x in t])
    assert level.mean() == pytest.approx(1.0)
    assert level.max() <= OFFICE.peak(urgent) + 1e-12
    standard = np.array([OFFICE.week(x) for x in t])
    assert standard[office].sum() / standard.sum() == pytest.approx(0.8)
    # the urgent part is flat: its share in office hours is the office share of the week
    p_urgent = np.array([OFFICE.urgent_probability(urgent, x) for x in t])
    urgent_level = level * p_urgent
    assert urgent_level == pytest.approx(np.full(len(t), urgent))


def test_seasonal_multipliers_are_normalised_and_follow_the_month() -> None:
    profile = ReferralProfile(seasonal=tuple([2.0] * 6 + [1.0] * 6))
    assert not profile.flat
    assert profile.season(10.0) == pytest.approx(2.0 / 1.5)  # January
    assert profile.season(200.0) == pytest.approx(1.0 / 1.5)  # July
    assert profile.peak(0.2) == pytest.approx(2.0 / 1.5)
