"""Needs-assessment policies: whether services are matched to assessed needs.

=======================  ====================================================================
``assessed``             each need type's success probability as it is (factor 1)
``one_size_fits_all``    no needs-assessment system (as the border-area source describes):
                         the success probability times a factor below one, so more cases
                         fail and re-refer
=======================  ====================================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sim.checks import check_share
from sim.policies.registry import Family, Option, Parameters, itself


class AssessmentPolicy(Protocol):
    """What the model asks of a needs-assessment policy."""

    @property
    def success_factor(self) -> float:
        """The factor on every case's success probability."""
        ...

    def success_probability(self, base: float) -> float:
        """Success probability of a case whose matched-service probability is ``base``."""
        ...


@dataclass
class SuccessFactor(Parameters):
    """A factor on the probability that a closed case succeeded.

    Parameters
    ----------
    success_factor
        Multiplies every need type's ``success_prob``; a share in [0, 1].
    """

    name: str = ""
    success_factor: float = 1.0

    def success_probability(self, base: float) -> float:
        """Success probability of a case whose matched-service probability is ``base``."""
        return base * self.success_factor

    def check(self, key: str) -> None:
        """The factor is a share."""
        check_share(f"{key}.success_factor", self.success_factor)


@dataclass
class Assessed(SuccessFactor):
    """``assessed``: services matched to an assessment of each household's needs."""

    name: str = "assessed"
    success_factor: float = 1.0


@dataclass
class OneSizeFitsAll(SuccessFactor):
    """``one_size_fits_all``: the same service for everyone; success is lower."""

    name: str = "one_size_fits_all"
    success_factor: float = 0.8


ASSESSMENT: Family[AssessmentPolicy] = Family("assessment", [
    Option("assessed", Assessed, itself),
    Option("one_size_fits_all", OneSizeFitsAll, itself),
])
