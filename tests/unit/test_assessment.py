"""Unit tests of the needs-assessment policy."""

from __future__ import annotations

import pytest

from sim.policies.assessment import AssessmentPolicy


def test_assessed_keeps_success_and_one_size_lowers_it() -> None:
    assert AssessmentPolicy().success_probability(0.85) == 0.85
    assert AssessmentPolicy("one_size_fits_all", 0.8).success_probability(0.85) == \
        pytest.approx(0.68)
