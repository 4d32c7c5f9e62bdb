"""Needs-assessment policy: whether services are matched to assessed needs.

``assessed`` keeps each need type's success probability; ``one_size_fits_all`` (no
needs-assessment system, as the border-area source describes) multiplies it by a factor below
one, so more cases fail and re-refer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AssessmentPolicy:
    """A factor on the probability that a closed case succeeded."""

    name: str = "assessed"
    success_factor: float = 1.0

    def success_probability(self, base: float) -> float:
        """Success probability of a case whose matched-service probability is ``base``."""
        return base * self.success_factor
