"""The engagement family: registry, parameters and the points scheme's state."""

from __future__ import annotations

import numpy as np
import pytest

from sim.checks import ConfigError
from sim.policies.engagement import ENGAGEMENT, NoEngagement, Points, PointsScheme
from sim.policies.families import FAMILIES


def test_the_family_is_registered_with_none_and_points() -> None:
    assert ENGAGEMENT in FAMILIES and list(ENGAGEMENT) == ["none", "points"]
    assert isinstance(ENGAGEMENT.make(NoEngagement()), NoEngagement)
    assert isinstance(ENGAGEMENT.make(Points()), PointsScheme)


def test_none_earns_nothing() -> None:
    none = NoEngagement()
    assert none.earn(3, True, lambda amount: True) == 0.0
    np.testing.assert_array_equal(none.attendance_factor(np.arange(3)), [1.0, 1.0, 1.0])


def test_each_replication_starts_with_no_points() -> None:
    params = Points()
    a, b = ENGAGEMENT.make(params), ENGAGEMENT.make(params)
    assert isinstance(a, PointsScheme) and isinstance(b, PointsScheme)
    spent: list[float] = []
    gain = a.earn(1, True, lambda amount: spent.append(amount) or True)
    assert gain == pytest.approx(50 * 0.002) and spent == [25.0]
    assert a.held == {1: 50.0} and b.held == {}


@pytest.mark.parametrize(("key", "value"), [("yuan_per_point", -1.0),
                                            ("trust_gain_per_point", 1.5),
                                            ("attendance_boost", float("nan"))])
def test_bad_values_name_the_key(key: str, value: float) -> None:
    with pytest.raises(ConfigError, match=rf"policy\.engagement\.{key}"):
        ENGAGEMENT.create("points", **{key: value})
