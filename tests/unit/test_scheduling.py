"""The scheduler: delayed callbacks with cancellable handles, repeating timers, the trace."""

from __future__ import annotations

from typing import Any

import pytest
import simpy

from sim.scheduling import Handle, Scheduler, TraceRow


def clock(trace: list[TraceRow] | None = None) -> tuple[Scheduler, list[tuple[float, str]]]:
    """A scheduler on a fresh environment and a list for ``(time, what)`` calls."""
    return Scheduler(simpy.Environment(), trace), []


# --------------------------------------------------------------------------- after and at


def test_after_calls_back_at_the_delay_with_the_event() -> None:
    sched, calls = clock()
    events: list[Any] = []

    def callback(event: Any) -> None:
        events.append(event)
        calls.append((sched.now, "a"))

    sched.after(1.5, callback)
    sched.after(0.0, lambda _e: calls.append((sched.now, "now")))
    sched.env.run(until=10.0)
    assert calls == [(0.0, "now"), (1.5, "a")]
    assert len(events) == 1 and isinstance(events[0], simpy.Event)
    assert sched.now == sched.env.now == 10.0


def test_callbacks_at_the_same_time_run_in_the_order_they_were_scheduled() -> None:
    sched, calls = clock()
    for name in "abcde":
        sched.after(2.0, lambda _e, n=name: calls.append((sched.now, n)))
    sched.env.run()
    assert calls == [(2.0, n) for n in "abcde"]


def test_at_is_a_clock_time_never_in_the_past() -> None:
    sched, calls = clock()
    sched.env.run(until=3.0)
    sched.at(5.0, lambda _e: calls.append((sched.now, "at 5")))
    sched.at(1.0, lambda _e: calls.append((sched.now, "at 1, late")))
    sched.env.run()
    assert calls == [(3.0, "at 1, late"), (5.0, "at 5")]


def test_a_negative_delay_is_refused() -> None:
    sched, _ = clock()
    with pytest.raises(ValueError, match="elay"):
        sched.after(-1.0, lambda _e: None)


# --------------------------------------------------------------------------- handles


def test_a_cancelled_handle_never_calls_back() -> None:
    sched, calls = clock()
    kept = sched.after(1.0, lambda _e: calls.append((sched.now, "kept")))
    dropped = sched.after(1.0, lambda _e: calls.append((sched.now, "dropped")))
    assert kept.pending and dropped.pending
    dropped.cancel()
    assert kept.pending and not dropped.pending
    sched.env.run()
    assert calls == [(1.0, "kept")]
    assert not kept.pending  # it ran


def test_cancelling_twice_or_after_it_ran_is_harmless() -> None:
    sched, calls = clock()
    twice = sched.after(1.0, lambda _e: calls.append((sched.now, "twice")))
    twice.cancel()
    twice.cancel()
    ran = sched.after(2.0, lambda _e: calls.append((sched.now, "ran")))
    later = sched.after(3.0, lambda _e: calls.append((sched.now, "later")))
    sched.env.run(until=2.5)
    ran.cancel()  # already ran: nothing happens, and nothing else is touched
    ran.cancel()
    assert not twice.pending and not ran.pending and later.pending
    sched.env.run()
    assert calls == [(2.0, "ran"), (3.0, "later")]


def test_a_callback_can_cancel_another_due_at_the_same_time() -> None:
    sched, calls = clock()
    handles: list[Handle] = []
    sched.after(1.0, lambda _e: (calls.append((sched.now, "first")), handles[0].cancel()))
    handles.append(sched.after(1.0, lambda _e: calls.append((sched.now, "second"))))
    sched.env.run()
    assert calls == [(1.0, "first")]


# --------------------------------------------------------------------------- every


def test_every_calls_at_each_multiple_of_the_period() -> None:
    sched, _ = clock()
    times: list[float] = []
    sched.every(2.5, lambda: times.append(sched.now))
    sched.env.run(until=10.1)
    assert times == [2.5, 5.0, 7.5, 10.0]


def test_the_handle_of_every_stops_it() -> None:
    sched, _ = clock()
    times: list[float] = []
    handle = sched.every(2.0, lambda: times.append(sched.now))
    sched.after(5.0, lambda _e: handle.cancel())
    assert handle.pending
    sched.env.run(until=20.0)
    assert times == [2.0, 4.0]
    assert not handle.pending
    handle.cancel()  # again: harmless


def test_every_can_be_stopped_from_inside_its_action() -> None:
    sched, _ = clock()
    times: list[float] = []
    handles: list[Handle] = []

    def action() -> None:
        times.append(sched.now)
        if len(times) == 3:
            handles[0].cancel()

    handles.append(sched.every(1.0, action))
    sched.env.run(until=10.0)
    assert times == [1.0, 2.0, 3.0]
    assert not handles[0].pending


def test_timers_at_different_periods_interleave() -> None:
    sched, calls = clock()
    sched.every(2.0, lambda: calls.append((sched.now, "two")))
    sched.every(3.0, lambda: calls.append((sched.now, "three")))
    sched.env.run(until=6.5)
    # at 6 the tick armed at 3 runs before the one armed at 4 (scheduling order)
    assert calls == [(2.0, "two"), (3.0, "three"), (4.0, "two"), (6.0, "three"), (6.0, "two")]


# --------------------------------------------------------------------------- trace


def test_trace_rows_are_time_event_and_fields() -> None:
    trace: list[TraceRow] = []
    sched, _ = clock(trace)
    assert sched.tracing
    sched.log("start", worker=1)
    sched.after(2.5, lambda _e: sched.log("end", worker=1, task="case 3 contact 0"))
    sched.env.run()
    assert trace == [(0.0, "start", {"worker": 1}),
                     (2.5, "end", {"worker": 1, "task": "case 3 contact 0"})]


def test_without_a_trace_nothing_is_recorded() -> None:
    sched, _ = clock()
    assert not sched.tracing and sched.trace is None
    sched.log("start", worker=1)  # harmless
    assert sched.trace is None


def test_compact_drops_cancelled_timers_and_keeps_the_order() -> None:
    env = simpy.Environment()
    sched = Scheduler(env)
    seen: list[int] = []
    timers = [sched.after(float(d), lambda _e, d=d: seen.append(d)) for d in (3, 1, 2, 1, 5)]
    timers[1].cancel()
    timers[4].cancel()
    other = env.timeout(4.0)  # a plain SimPy event with no callback stays
    assert sched.compact() == 2
    assert len(env._queue) == 4 and sched.compact() == 0
    env.run()
    assert seen == [1, 2, 3] and other.processed


# --------------------------------------------------------------------------- run


def _script(sched: Scheduler, calls: list[tuple[float, str]]) -> None:
    """Timers at equal times, one scheduling more, an urgent event at the stop time and a
    normal one at it: the order SimPy gives them is the order to keep."""
    env = sched.env

    def chain(_e: Any) -> None:
        calls.append((env.now, "chain"))
        sched.after(0.0, lambda _e: calls.append((env.now, "chained")))

    for name in "ab":
        sched.after(1.0, lambda _e, n=name: calls.append((env.now, n)))
    sched.after(1.0, chain)
    sched.after(2.5, lambda _e: calls.append((env.now, "normal at stop")))
    urgent = simpy.Event(env)
    urgent.callbacks.append(lambda _e: calls.append((env.now, "urgent at stop")))
    urgent._ok, urgent._value = True, None
    env.schedule(urgent, simpy.events.URGENT, 2.5)


def test_run_processes_events_exactly_as_simpy_run_does() -> None:
    ours, simpys = clock(), clock()
    _script(*ours)
    _script(*simpys)
    ours[0].run(2.5)
    simpys[0].env.run(until=2.5)
    assert ours[1] == simpys[1] == [(1.0, "a"), (1.0, "b"), (1.0, "chain"), (1.0, "chained"),
                                    (2.5, "urgent at stop")]
    assert ours[0].now == simpys[0].env.now == 2.5
    def live(sched: Scheduler) -> list[Any]:  # SimPy leaves its spent stop event queued
        return [entry[3] for entry in sched.env._queue if entry[3].callbacks]

    assert len(live(ours[0])) == len(live(simpys[0])) == 1  # the normal one waits
    ours[0].run(3.0)
    assert ours[1][-1] == (2.5, "normal at stop")


def test_run_stops_at_until_with_an_empty_queue_and_refuses_the_past() -> None:
    sched, _calls = clock()
    sched.run(4.0)
    assert sched.now == 4.0
    with pytest.raises(ValueError, match="must be greater"):
        sched.run(4.0)


def test_run_raises_the_failure_of_an_event_nobody_defused() -> None:
    sched, _calls = clock()
    failed = simpy.Event(sched.env)
    failed.fail(RuntimeError("boom"))
    with pytest.raises(RuntimeError, match="boom"):
        sched.run(1.0)
