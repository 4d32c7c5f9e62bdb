"""Unit tests of the bilingual training pipeline."""

from __future__ import annotations

from dataclasses import dataclass

from sim.policies.training import TrainingPolicy


@dataclass
class W:
    id: int
    bilingual: bool


def test_none_trains_nobody() -> None:
    assert TrainingPolicy().trainees([W(0, False)]) == []


def test_bilingual_picks_earliest_non_bilingual_workers() -> None:
    workers = [W(0, True), W(1, False), W(2, False), W(3, False)]
    assert TrainingPolicy("bilingual", per_year=2).trainees(workers) == [1, 2]  # type: ignore[arg-type]
