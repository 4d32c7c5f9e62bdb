"""Training policies: ``none``, or a ``bilingual`` pipeline that trains workers each year.

Each cycle the pipeline picks up to ``per_year`` active workers who do not yet speak the
minority language (those hired earliest first); they are away for ``training_days`` and come
back bilingual. Each place costs ``cost_per_worker``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sim.policies.base import WorkerView


@dataclass(frozen=True)
class TrainingPolicy:
    """A yearly bilingual-training pipeline (``per_year = 0``: none)."""

    name: str = "none"
    per_year: int = 0
    training_days: float = 30.0
    cost_per_worker: float = 8000.0
    interval_days: float = 365.0

    def trainees(self, workers: Sequence[WorkerView]) -> list[int]:
        """Ids of the workers to train this cycle."""
        if self.per_year <= 0:
            return []
        candidates = [w.id for w in workers if not w.bilingual]
        return candidates[: self.per_year]
