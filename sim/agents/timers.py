"""Repeating actions on the simulation clock, one pending timeout at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import simpy


def every(env: simpy.Environment, days: float, action: Callable[[], None]) -> None:
    """Call ``action`` every ``days`` days, the first time ``days`` from now."""

    def tick(_event: Any) -> None:
        action()
        env.timeout(days).callbacks.append(tick)

    env.timeout(days).callbacks.append(tick)
