"""Administration policies: how heavy the administrative time tax is.

=====================  ======================================================================
``baseline``           the scenario's admin share and recording time (factors of 1)
``burden_reduction``   both scaled down (digital forms, fewer duplicate reports: "small
                       horses pulling big carts")
=====================  ======================================================================

Both options are one rule, factors on the fixed admin share of duty and on the recording
time per contact, with different defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sim.checks import check_min
from sim.policies.registry import Family, Option, Parameters, itself


class AdminPolicy(Protocol):
    """What the model asks of an administration policy."""

    def admin_share(self, base: float) -> float:
        """The fixed admin share of duty, given the scenario's ``base`` share."""
        ...

    def recording_hours(self, base: float) -> float:
        """Recording hours per contact, given the need type's ``base`` hours."""
        ...


@dataclass
class AdminFactors(Parameters):
    """Factors on the fixed admin share of duty and on per-contact recording time.

    Parameters
    ----------
    admin_share_factor
        Multiplies ``scenario.workforce.admin_share``.
    recording_factor
        Multiplies every need type's ``recording_hours``.
    """

    name: str = ""
    admin_share_factor: float = 1.0
    recording_factor: float = 1.0

    def admin_share(self, base: float) -> float:
        """The fixed admin share of duty under this policy."""
        return base * self.admin_share_factor

    def recording_hours(self, base: float) -> float:
        """Recording hours per contact under this policy."""
        return base * self.recording_factor

    def check(self, key: str) -> None:
        """Both factors are ``>= 0``."""
        check_min(f"{key}.admin_share_factor", self.admin_share_factor, 0.0)
        check_min(f"{key}.recording_factor", self.recording_factor, 0.0)


@dataclass
class Baseline(AdminFactors):
    """``baseline``: the scenario's admin share and recording time as they are."""

    name: str = "baseline"
    admin_share_factor: float = 1.0
    recording_factor: float = 1.0


@dataclass
class BurdenReduction(AdminFactors):
    """``burden_reduction``: a lighter fixed admin share and less recording per contact."""

    name: str = "burden_reduction"
    admin_share_factor: float = 0.6
    recording_factor: float = 0.5


ADMIN: Family[AdminPolicy] = Family("admin", [
    Option("baseline", Baseline, itself),
    Option("burden_reduction", BurdenReduction, itself),
])
