"""Value checks shared by validation and the policy parameter classes (a Hydra-free leaf).

Every check raises one :class:`ConfigError` whose message is one line naming the key, the
value and what is allowed, e.g. ``policy.dispatch.fallback_wait_days = -1 is not allowed:
must be >= 0``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable


class ConfigError(ValueError):
    """A configuration value is not allowed; the message names key, value and what is allowed."""


def not_allowed(key: str, value: object, allowed: str) -> ConfigError:
    """The error for ``key = value``, saying what is allowed instead (to raise)."""
    return ConfigError(f"{key} = {value!r} is not allowed: {allowed}")


def _number(key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise not_allowed(key, value, "expected a number")
    if not math.isfinite(value):
        raise not_allowed(key, value, "expected a finite number")
    return float(value)


def check_min(key: str, value: object, low: float, *, strict: bool = False) -> None:
    """Require a finite number ``>= low`` (``> low`` when ``strict``)."""
    x = _number(key, value)
    if x < low or (strict and x == low):
        raise not_allowed(key, value, f"must be {'>' if strict else '>='} {low:g}")


def check_share(key: str, value: object) -> None:
    """Require a finite number in [0, 1]."""
    x = _number(key, value)
    if not 0.0 <= x <= 1.0:
        raise not_allowed(key, value, "a share must be within [0, 1]")


def check_choice(key: str, value: object, allowed: Iterable[str]) -> None:
    """Require one of ``allowed``."""
    names = tuple(allowed)
    if value not in names:
        raise not_allowed(key, value, f"allowed values are {', '.join(names)}")
