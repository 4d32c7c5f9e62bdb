"""Engagement policies: ``none``, or J community's ``points`` for participation.

Under ``points`` (source 003: residents earn points for taking part in activities and for
volunteering, and redeem them), a household earns ``points_per_activity`` for each activity
it attends and ``points_per_volunteering`` when one of its members becomes a volunteer. Points
are redeemed as earned: the agency pays ``yuan_per_point`` for each (when its balance allows;
points it cannot pay for earn nothing), and each redeemed point moves the household's trust
``trust_gain_per_point`` of the way to one. A household holding points attends activities
with ``1 + attendance_boost`` times the probability.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from sim.checks import check_min, check_share
from sim.policies.registry import Family, Option, Parameters, itself

Pay = Callable[[float], bool]
"""The agency's purse: spend an amount if the balance allows, and say whether it did."""


class EngagementPolicy(Protocol):
    """What group work asks of an engagement policy."""

    def attendance_factor(self, households: np.ndarray) -> np.ndarray:
        """Multiplier of each household's attendance probability."""
        ...

    def earn(self, household: int, volunteering: bool, pay: Pay) -> float:
        """A household attended (or volunteered); the share of the way to full trust it
        moves (0: no change)."""
        ...


@dataclass
class NoEngagement(Parameters):
    """``none``: participation earns nothing (no parameters)."""

    name: str = "none"

    def attendance_factor(self, households: np.ndarray) -> np.ndarray:
        """Everyone attends at their own trust."""
        return np.ones(len(households))

    def earn(self, household: int, volunteering: bool, pay: Pay) -> float:
        """No points, no change."""
        return 0.0


@dataclass
class Points(Parameters):
    """``points``: points for attending and volunteering, redeemed at the agency's cost.

    Parameters
    ----------
    points_per_activity, points_per_volunteering
        Points earned per activity attended and when a member becomes a volunteer.
    yuan_per_point
        What the agency pays to redeem one point.
    trust_gain_per_point
        Share of the way to full trust that one redeemed point moves a household.
    attendance_boost
        Extra attendance probability (relative) of households holding points.
    """

    name: str = "points"
    points_per_activity: float = 10.0
    points_per_volunteering: float = 50.0
    yuan_per_point: float = 0.5
    trust_gain_per_point: float = 0.002
    attendance_boost: float = 0.5

    def check(self, key: str) -> None:
        """Points, prices and boosts ``>= 0``; the gain per point a share."""
        for name in ("points_per_activity", "points_per_volunteering", "yuan_per_point",
                     "attendance_boost"):
            check_min(f"{key}.{name}", getattr(self, name), 0.0)
        check_share(f"{key}.trust_gain_per_point", self.trust_gain_per_point)


class PointsScheme:
    """The points each household holds in one replication, under :class:`Points`."""

    def __init__(self, params: Points) -> None:
        self.params = params
        self.held: dict[int, float] = {}
        self.redeemed_yuan = 0.0

    def attendance_factor(self, households: np.ndarray) -> np.ndarray:
        """``1 + attendance_boost`` for households holding points, else 1."""
        held = np.fromiter((h in self.held for h in households.tolist()), dtype=bool,
                           count=len(households))
        return np.where(held, 1.0 + self.params.attendance_boost, 1.0)

    def earn(self, household: int, volunteering: bool, pay: Pay) -> float:
        """Earn and redeem points; the trust gain they buy (0 if the agency cannot pay)."""
        p = self.params
        points = p.points_per_volunteering if volunteering else p.points_per_activity
        cost = points * p.yuan_per_point
        if points <= 0.0 or not pay(cost):
            return 0.0
        self.redeemed_yuan += cost
        self.held[household] = self.held.get(household, 0.0) + points
        return min(1.0, points * p.trust_gain_per_point)


ENGAGEMENT: Family[EngagementPolicy] = Family("engagement", [
    Option("none", NoEngagement, itself),
    Option("points", Points, PointsScheme),
])
