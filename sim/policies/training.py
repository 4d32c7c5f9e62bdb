"""Training policies: ``none``, or a ``bilingual`` pipeline that trains workers each year.

Each cycle the bilingual pipeline picks up to ``per_year`` active workers who do not yet speak
the minority language (those hired earliest first); they are away for ``training_days`` and
come back bilingual. Each place costs ``cost_per_worker``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sim.checks import check_min
from sim.policies.base import WorkerView
from sim.policies.registry import Family, Option, Parameters, itself


class TrainingPolicy(Protocol):
    """What the workforce asks of a training pipeline (``per_year = 0``: nothing scheduled)."""

    @property
    def per_year(self) -> int: ...

    @property
    def training_days(self) -> float: ...

    @property
    def cost_per_worker(self) -> float: ...

    @property
    def interval_days(self) -> float: ...

    def trainees(self, workers: Sequence[WorkerView]) -> list[int]:
        """Ids of the workers to train this cycle."""
        ...


@dataclass
class NoTraining(Parameters):
    """``none``: no training pipeline (no parameters)."""

    name: str = "none"

    @property
    def per_year(self) -> int:
        """Nobody is trained."""
        return 0

    @property
    def training_days(self) -> float:
        """No time away."""
        return 0.0

    @property
    def cost_per_worker(self) -> float:
        """No cost."""
        return 0.0

    @property
    def interval_days(self) -> float:
        """A year (no cycle is scheduled)."""
        return 365.0

    def trainees(self, workers: Sequence[WorkerView]) -> list[int]:
        """Nobody."""
        return []


@dataclass
class BilingualTraining(Parameters):
    """``bilingual``: a yearly pipeline that trains workers in the minority language.

    Parameters
    ----------
    per_year
        Places per cycle (``0``: none).
    training_days
        Days each trainee is away.
    cost_per_worker
        Cost of one place (yuan), paid from the agency's balance.
    interval_days
        Days between cycles.
    """

    name: str = "bilingual"
    per_year: int = 1
    training_days: float = 30.0
    cost_per_worker: float = 8000.0
    interval_days: float = 365.0

    def trainees(self, workers: Sequence[WorkerView]) -> list[int]:
        """Ids of the workers to train this cycle."""
        if self.per_year <= 0:
            return []
        candidates = [w.id for w in workers if not w.bilingual]
        return candidates[: self.per_year]

    def check(self, key: str) -> None:
        """Counts, days and costs ``>= 0``; the interval ``> 0``."""
        check_min(f"{key}.per_year", self.per_year, 0)
        check_min(f"{key}.training_days", self.training_days, 0.0)
        check_min(f"{key}.cost_per_worker", self.cost_per_worker, 0.0)
        check_min(f"{key}.interval_days", self.interval_days, 0.0, strict=True)


TRAINING: Family[TrainingPolicy] = Family("training", [
    Option("none", NoTraining, itself),
    Option("bilingual", BilingualTraining, itself),
])
