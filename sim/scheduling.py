"""Delayed callbacks on the simulation clock, each with a handle that can cancel it.

swsim uses SimPy as a scheduler: a state change that happens later is a callback on a
``Timeout`` (no process per case or per worker). Every delayed callback is scheduled through
:class:`Scheduler`, which returns a :class:`Handle`; cancelling the handle removes the
callback before it runs, so no component has to guard a callback with status checks. A
repeating timer returns a handle too. An optional trace records ``(time, event, fields)``
for exact-trace tests and debugging.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import simpy

Callback = Callable[[Any], None]  # SimPy calls a callback with the event that fired
TraceRow = tuple[float, str, dict[str, Any]]


class Handle:
    """A scheduled callback; :meth:`cancel` removes it if it has not run yet."""

    __slots__ = ("_callback", "_event")

    def __init__(self, event: simpy.Event | None, callback: Callback | None) -> None:
        self._event = event
        self._callback = callback

    @property
    def pending(self) -> bool:
        """Whether the callback is still to run."""
        event = self._event
        return event is not None and event.callbacks is not None \
            and self._callback in event.callbacks

    def cancel(self) -> None:
        """Remove the callback (nothing happens if it already ran or was cancelled)."""
        event, callback = self._event, self._callback
        if event is not None and event.callbacks is not None and callback in event.callbacks:
            event.callbacks.remove(callback)
        self._event = self._callback = None


class Repeating(Handle):
    """A repeating timer's handle: it always refers to the next pending tick."""

    __slots__ = ("_action", "_days", "_env")

    def __init__(self, env: simpy.Environment, days: float, action: Callable[[], None]) -> None:
        super().__init__(None, None)
        self._env, self._days, self._action = env, days, action
        self._arm()

    def _arm(self) -> None:
        self._event = self._env.timeout(self._days)
        self._callback = self._tick
        self._event.callbacks.append(self._tick)

    def _tick(self, _event: Any) -> None:
        self._action()
        if self._callback is not None:  # the action may have cancelled the timer
            self._arm()


class Scheduler:
    """The clock and the delayed callbacks of one replication.

    Parameters
    ----------
    env
        The SimPy environment.
    trace
        A list to append ``(time, event, fields)`` rows to; ``None``: no tracing.
    """

    def __init__(self, env: simpy.Environment, trace: list[TraceRow] | None = None) -> None:
        self.env = env
        self.trace = trace
        self.tracing = trace is not None

    @property
    def now(self) -> float:
        """The simulation clock (days)."""
        return self.env.now

    def after(self, delay: float, callback: Callback) -> Handle:
        """Call ``callback(event)`` ``delay`` days from now."""
        event = self.env.timeout(delay)
        event.callbacks.append(callback)
        return Handle(event, callback)

    def at(self, when: float, callback: Callback) -> Handle:
        """Call ``callback(event)`` at clock time ``when`` (not before now)."""
        return self.after(max(0.0, when - self.env.now), callback)

    def every(self, days: float, action: Callable[[], None]) -> Handle:
        """Call ``action()`` every ``days`` days, the first time ``days`` from now."""
        return Repeating(self.env, days, action)

    def log(self, event: str, **fields: Any) -> None:
        """Record a trace row (only when tracing; callers check :attr:`tracing` first)."""
        if self.trace is not None:
            self.trace.append((self.env.now, event, fields))
