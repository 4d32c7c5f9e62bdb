"""Unit tests of the needs-assessment policies."""

from __future__ import annotations

import pytest

from sim.policies.assessment import ASSESSMENT, Assessed, OneSizeFitsAll


def test_assessed_keeps_success_and_one_size_lowers_it() -> None:
    assert Assessed().success_probability(0.85) == 0.85
    assert OneSizeFitsAll(success_factor=0.8).success_probability(0.85) == \
        pytest.approx(0.68)


def test_the_registry_builds_each_option_from_its_parameters() -> None:
    assert ASSESSMENT.make(OneSizeFitsAll()).success_factor == 0.8
    assert ASSESSMENT.make(Assessed()).success_factor == 1.0
