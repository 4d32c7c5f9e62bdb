"""Unit tests of the workforce dynamics rules (the processes are tested functionally)."""

from __future__ import annotations

import pytest

from sim.workforce import Dynamics

D = Dynamics(exit_rate_per_year=0.2, first_year_exit_rate_per_year=0.3,
             burnout_threshold=0.8, burnout_build_per_year=2.0,
             burnout_recovery_per_year=1.0, burnout_exit_factor=1.5)


def test_exit_hazard_is_higher_in_the_first_year_and_with_burnout() -> None:
    assert D.exit_hazard(100.0, 0.0) == pytest.approx(0.3)
    assert D.exit_hazard(400.0, 0.0) == pytest.approx(0.2)
    assert D.exit_hazard(400.0, 1.0) == pytest.approx(0.5)


def test_burnout_builds_above_threshold_and_recovers_below() -> None:
    up = D.next_burnout(0.1, 1.0, 365.0)
    assert up == pytest.approx(0.1 + 2.0 * 0.2)
    assert D.next_burnout(0.5, 0.5, 182.5) == pytest.approx(0.0)
    assert D.next_burnout(0.9, 3.0, 365.0) == 1.0
