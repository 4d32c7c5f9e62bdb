"""The KPI record: each KPI's name, unit, range, meaning and computation, declared once.

The KPIs themselves are declared in :mod:`sim.analysis.kpis`; this module only says what a
declaration holds and checks that a list of declarations is well formed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sim.analysis.context import KPIContext

Unit = Literal["share", "ratio", "index", "days", "hours", "cases", "workers", "count", "yuan"]
Range = tuple[float, float]

SHARE: Range = (0.0, 1.0)
"""A proportion: 0 to 1."""
SIGNED_SHARE: Range = (-1.0, 1.0)
"""A difference of two proportions: -1 to 1."""
NONNEGATIVE: Range = (0.0, math.inf)
"""A count, a duration, an amount or a ratio of such: 0 and up."""


@dataclass(frozen=True)
class KPI:
    """One KPI: what it is called, measured in, can take, means, and how it is computed.

    Parameters
    ----------
    name
        Column name in the KPI row (a Python identifier, unique in the registry).
    unit
        What the value counts or measures.
    range
        Closed bounds ``(lo, hi)`` every non-NaN value lies in (``math.inf`` for unbounded).
    meaning
        One line for the KPI dictionary and the generated reference.
    compute
        The value from a :class:`~sim.analysis.context.KPIContext` (NaN when undefined).
    """

    name: str
    unit: Unit
    range: Range
    meaning: str
    compute: Callable[[KPIContext], float] = field(repr=False, compare=False)

    def __post_init__(self) -> None:
        lo, hi = self.range
        if not self.name.isidentifier():
            raise ValueError(f"KPI name {self.name!r} is not an identifier")
        if not lo < hi:
            raise ValueError(f"KPI {self.name}: range {self.range} is empty")
        if not self.meaning.strip() or "\n" in self.meaning:
            raise ValueError(f"KPI {self.name}: meaning must be one non-empty line")

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in :attr:`range` (NaN counts as allowed: undefined)."""
        lo, hi = self.range
        return math.isnan(value) or lo <= value <= hi


def index(kpis: Iterable[KPI]) -> dict[str, KPI]:
    """The KPIs by name, in order; raises ``ValueError`` on a repeated name."""
    out: dict[str, KPI] = {}
    for item in kpis:
        if item.name in out:
            raise ValueError(f"KPI {item.name!r} is declared twice")
        out[item.name] = item
    return out
