"""Time-weighted monitors: the time average of a level (backlog, caseload) over a window."""

from __future__ import annotations


class TimeWeighted:
    """Area under a step function, counted only inside ``[start, end]``.

    Call :meth:`set` whenever the level changes; the area since the last change is added
    first. :meth:`mean` is the time average over the part of the window already seen.
    """

    __slots__ = ("_area", "_last_t", "end", "level", "max_level", "start")

    def __init__(self, start: float, end: float, level: float = 0.0) -> None:
        self.start = start
        self.end = end
        self.level = level
        self.max_level = level
        self._last_t = 0.0
        self._area = 0.0

    def _advance(self, t: float) -> None:
        # Conditional expressions rather than max/min: this runs several times per case.
        lo = self._last_t if self._last_t > self.start else self.start
        hi = t if t < self.end else self.end
        if hi > lo:
            self._area += self.level * (hi - lo)
        self._last_t = t

    def set(self, t: float, level: float) -> None:
        """The level becomes ``level`` at time ``t``."""
        self._advance(t)
        self.level = level
        if level > self.max_level and self.start <= t <= self.end:
            self.max_level = level

    def add(self, t: float, delta: float) -> None:
        """The level changes by ``delta`` at time ``t`` (:meth:`set`, inlined: hot path)."""
        lo = self._last_t if self._last_t > self.start else self.start
        hi = t if t < self.end else self.end
        if hi > lo:
            self._area += self.level * (hi - lo)
        self._last_t = t
        level = self.level + delta
        self.level = level
        if level > self.max_level and self.start <= t <= self.end:
            self.max_level = level

    def area(self, t: float) -> float:
        """Area inside the window up to ``t``."""
        self._advance(t)
        return self._area

    def mean(self, t: float) -> float:
        """Time average inside the window up to ``t``."""
        span = min(t, self.end) - self.start
        return self.area(t) / span if span > 0 else float("nan")
