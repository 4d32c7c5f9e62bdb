"""The on-call rota's view of the workers' absences, read lazily."""

from __future__ import annotations

from dataclasses import dataclass

from sim.cover import _AbsentUntil


@dataclass
class Away:
    absent_until: float


def test_absences_are_read_when_asked_and_follow_the_workers() -> None:
    workers = [Away(1.0), Away(5.0), Away(-1.0)]
    absent = _AbsentUntil(workers)  # type: ignore[arg-type]
    assert len(absent) == 3 and absent[1] == 5.0 and absent[-1] == -1.0
    assert absent[0:2] == [1.0, 5.0]
    workers[1].absent_until = 2.0  # read now, not copied when the view was made
    assert list(absent) == [1.0, 2.0, -1.0]
