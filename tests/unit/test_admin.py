"""Unit tests of the administration policy."""

from __future__ import annotations

import pytest

from sim.policies.admin import AdminPolicy


def test_baseline_changes_nothing() -> None:
    assert AdminPolicy().admin_share(0.35) == 0.35
    assert AdminPolicy().recording_hours(0.25) == 0.25


def test_burden_reduction_scales_both() -> None:
    policy = AdminPolicy("burden_reduction", 0.6, 0.5)
    assert policy.admin_share(0.35) == pytest.approx(0.21)
    assert policy.recording_hours(0.25) == pytest.approx(0.125)
