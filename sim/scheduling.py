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
from functools import partial
from heapq import heapify, heappop, heappush
from typing import Any, Protocol

import simpy
from simpy.events import NORMAL, URGENT

Callback = Callable[[Any], None]  # SimPy calls a callback with the event that fired
TraceRow = tuple[float, str, dict[str, Any]]


class Handle(Protocol):
    """A scheduled callback that can be cancelled."""

    @property
    def pending(self) -> bool: ...

    def cancel(self) -> None: ...


class Timer(simpy.Timeout):
    """A timeout carrying one callback, that can be cancelled before it fires.

    Like :class:`simpy.Timeout` (whose ``__init__`` SimPy itself inlines from ``Event`` for
    speed), the schedule call is inlined: this is the one object made per delayed callback,
    and the hot paths make one per case contact and one per need. What every timer has alike
    (it succeeds, with no value) is set once on the class, not on each timer.
    """

    _ok = True
    _value = None

    def __init__(self, env: simpy.Environment, delay: float, callback: Callback) -> None:
        if delay < 0:
            raise ValueError(f"Negative delay {delay}")
        self.env = env
        self.callbacks = [callback]
        self._delay = delay
        heappush(env._queue, (env._now + delay, NORMAL, next(env._eid), self))

    @property
    def pending(self) -> bool:
        """Whether the callback is still to run."""
        return bool(self.callbacks)

    def cancel(self) -> None:
        """Drop the callback (nothing happens if it already ran or was cancelled)."""
        if self.callbacks:
            self.callbacks.clear()


class Repeating:
    """A repeating timer's handle: cancelling it stops the repetition."""

    __slots__ = ("_action", "_days", "_env", "_next")

    def __init__(self, env: simpy.Environment, days: float, action: Callable[[], None]) -> None:
        self._env, self._days, self._action = env, days, action
        self._next: Timer | None = Timer(env, days, self._tick)

    @property
    def pending(self) -> bool:
        return self._next is not None

    def cancel(self) -> None:
        if self._next is not None:
            self._next.cancel()
            self._next = None

    def _tick(self, _event: Any) -> None:
        self._action()
        if self._next is not None:  # the action may have cancelled the timer
            self._next = Timer(self._env, self._days, self._tick)


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
        #: ``after(delay, callback) -> Timer``: call ``callback(event)`` ``delay`` days from
        #: now (bound once: it is called once per contact and per need).
        self.after: Callable[[float, Callback], Timer] = partial(Timer, env)

    @property
    def now(self) -> float:
        """The simulation clock (days)."""
        return self.env.now

    def at(self, when: float, callback: Callback) -> Timer:
        """Call ``callback(event)`` at clock time ``when`` (not before now)."""
        return self.after(max(0.0, when - self.env.now), callback)

    def every(self, days: float, action: Callable[[], None]) -> Repeating:
        """Call ``action()`` every ``days`` days, the first time ``days`` from now."""
        return Repeating(self.env, days, action)

    def compact(self) -> int:
        """Drop cancelled timers from the event queue; returns how many were dropped.

        A cancelled timer stays in SimPy's queue until its time comes (a third of the queue,
        mostly patience timers ended by a first contact): dropping them keeps the queue, and
        the cost of every push and pop, small. The remaining events keep their (time,
        priority, id) order, and a dropped timer would only have moved the clock to a time
        that the next live event passes. Only :class:`Timer` entries go: another event with
        no callback may be a failure that SimPy has to raise.
        """
        queue = self.env._queue
        live = [entry for entry in queue
                if entry[3].callbacks or not isinstance(entry[3], Timer)]
        dropped = len(queue) - len(live)
        if dropped:
            heapify(live)
            queue[:] = live
        return dropped

    def run(self, until: float) -> None:
        """Process events up to ``until``, exactly as ``env.run(until=until)`` would.

        SimPy's ``run`` calls ``step()`` once per event; this is the same loop with the step
        inlined (the hot paths schedule two events per case). Like SimPy it first takes an
        event id for the stop event (so the ids, and the order of simultaneous events, are
        SimPy's), processes every event before ``until`` and the urgent ones scheduled at
        ``until`` before the call, raises the failure of an event nobody defused, and leaves
        the clock at ``until``.

        Raises
        ------
        ValueError
            If ``until`` is not after the clock.
        """
        env = self.env
        if until <= env._now:
            raise ValueError(f"until (={until}) must be greater than the current simulation time")
        stop = (until, URGENT, next(env._eid))
        queue = env._queue
        while queue:
            if queue[0][0] >= until and queue[0][:3] >= stop:
                break
            env._now, _, _, event = heappop(queue)
            callbacks, event.callbacks = event.callbacks, None  # type: ignore[assignment]
            for callback in callbacks:
                callback(event)
            if not event._ok and not hasattr(event, "_defused"):
                exc = type(event._value)(*event._value.args)
                exc.__cause__ = event._value
                raise exc
        env._now = until

    def log(self, event: str, **fields: Any) -> None:
        """Record a trace row (only when tracing; callers check :attr:`tracing` first)."""
        if self.trace is not None:
            self.trace.append((self.env.now, event, fields))
