"""The collector's settings during a run, and that they are restored after it."""

from __future__ import annotations

import gc

import pytest

from sim.gcquiet import RUN_THRESHOLDS, quiet_gc


def test_thresholds_are_raised_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with quiet_gc():
        assert gc.get_threshold() == RUN_THRESHOLDS
        assert gc.get_freeze_count() == 0  # nothing frozen: garbage stays collectable
    assert gc.get_threshold() == before


def test_settings_are_restored_when_the_run_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), quiet_gc():
        raise RuntimeError("boom")
    assert gc.get_threshold() == before


def test_cyclic_garbage_made_inside_is_still_collectable() -> None:
    class Node:
        other: object = None

    with quiet_gc():
        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
        assert gc.collect() >= 2  # an explicit collection still finds the cycle
