"""Unit tests of the administration policies."""

from __future__ import annotations

import pytest

from sim.policies.admin import ADMIN, Baseline, BurdenReduction


def test_baseline_changes_nothing() -> None:
    assert Baseline().admin_share(0.35) == 0.35
    assert Baseline().recording_hours(0.25) == 0.25


def test_burden_reduction_scales_both() -> None:
    policy = BurdenReduction(admin_share_factor=0.6, recording_factor=0.5)
    assert policy.admin_share(0.35) == pytest.approx(0.21)
    assert policy.recording_hours(0.25) == pytest.approx(0.125)


def test_the_registry_builds_each_option_from_its_parameters() -> None:
    assert ADMIN.make(BurdenReduction()).admin_share(1.0) == pytest.approx(0.6)
    assert ADMIN.make(Baseline(admin_share_factor=0.8)).admin_share(1.0) == pytest.approx(0.8)
