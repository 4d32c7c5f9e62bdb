"""Unit tests of the training pipelines."""

from __future__ import annotations

from dataclasses import dataclass

from sim.policies.training import TRAINING, BilingualTraining, NoTraining


@dataclass
class W:
    id: int
    bilingual: bool


def test_none_trains_nobody() -> None:
    assert NoTraining().trainees([W(0, False)]) == []  # type: ignore[list-item]
    assert NoTraining().per_year == 0


def test_bilingual_picks_earliest_non_bilingual_workers() -> None:
    workers = [W(0, True), W(1, False), W(2, False), W(3, False)]
    assert BilingualTraining(per_year=2).trainees(workers) == [1, 2]  # type: ignore[arg-type]


def test_bilingual_with_no_places_trains_nobody() -> None:
    assert BilingualTraining(per_year=0).trainees([W(0, False)]) == []  # type: ignore[list-item]


def test_the_registry_builds_each_option() -> None:
    assert TRAINING.make(NoTraining()).per_year == 0
    assert TRAINING.create("bilingual", per_year=3).per_year == 3
