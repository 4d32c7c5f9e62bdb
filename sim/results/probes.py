"""Typed probes that components record into; the measurement window is checked here only.

The recorder owns the window and hands each component the probes it needs: a
:class:`Counter` (events in the window), a :class:`Tally` (a sum and count of observed
values in the window) or a :class:`~sim.results.monitors.TimeWeighted` level (area under a
step function inside the window).
"""

from __future__ import annotations


class Counter:
    """Events that happen inside ``[start, end]``."""

    __slots__ = ("end", "start", "value")

    def __init__(self, start: float, end: float) -> None:
        self.start, self.end = start, end
        self.value = 0

    def add(self, t: float, n: int = 1) -> None:
        """``n`` events at time ``t`` (counted if ``t`` is inside the window)."""
        if self.start <= t <= self.end:
            self.value += n


class Tally:
    """Values observed inside ``[start, end]``: their sum and count."""

    __slots__ = ("count", "end", "start", "total")

    def __init__(self, start: float, end: float) -> None:
        self.start, self.end = start, end
        self.total = 0.0
        self.count = 0

    def observe(self, t: float, value: float) -> None:
        """A value observed at time ``t`` (kept if ``t`` is inside the window)."""
        if self.start <= t <= self.end:
            self.total += value
            self.count += 1

    def mean(self, empty: float = float("nan")) -> float:
        """Mean of the kept values (``empty`` if none)."""
        return self.total / self.count if self.count else empty
