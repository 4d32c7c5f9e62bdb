"""What a KPI is computed from: one run's tables, with the subsets many KPIs share.

Each subset (counted cases, served cases, closed cases, time-use totals) is computed on first
use and kept, so a KPI's ``compute`` is a line or two and nothing is recomputed per KPI.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sim.analysis.registry import KPI

NAN = math.nan


def share(mask: pd.Series) -> float:
    """The share of true values in ``mask``; NaN if it is empty."""
    return float(mask.mean()) if len(mask) else NAN


def mean(values: pd.Series) -> float:
    """The mean of ``values``; NaN if there are none."""
    return float(values.mean()) if len(values) else NAN


def quantile(values: pd.Series, q: float) -> float:
    """The ``q`` quantile of ``values`` (linear interpolation); NaN if there are none."""
    return float(values.quantile(q)) if len(values) else NAN


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``; NaN unless the denominator is positive."""
    return float(numerator) / denominator if denominator > 0 else NAN


class KPIContext:
    """One run's case table, worker table and scalars, with cached shared subsets.

    Parameters
    ----------
    cases, workers, scalars
        The run's tables, as given to :func:`~sim.analysis.kpis.compute_kpis`.
    kpis
        The registry by name, so one KPI can use another's value (see :meth:`value`).
    """

    def __init__(self, cases: pd.DataFrame, workers: pd.DataFrame, scalars: Mapping[str, Any],
                 kpis: Mapping[str, KPI]) -> None:
        self.cases = cases
        self.workers = workers
        self.scalars = scalars
        self._kpis = kpis
        self._values: dict[str, float] = {}

    def value(self, name: str) -> float:
        """The value of the KPI ``name``, computed once."""
        if name not in self._values:
            self._values[name] = float(self._kpis[name].compute(self))
        return self._values[name]

    def scalar(self, key: str) -> float:
        """A run scalar as a float."""
        return float(self.scalars[key])

    # ------------------------------------------------------------------ counted cases

    @cached_property
    def counted(self) -> pd.DataFrame:
        """Cases referred inside the measurement window."""
        return self.cases[self.cases["in_window"]]

    @cached_property
    def urgent(self) -> pd.Series:
        """Which counted cases are urgent."""
        return self.counted["priority"] == "urgent"

    @cached_property
    def minority(self) -> pd.Series:
        """Which counted cases belong to minority-language households."""
        return self.counted["minority"].astype(bool)

    @cached_property
    def central(self) -> pd.Series:
        """Which counted cases come from a community within the access threshold of its
        station (scalar ``community_central``: one flag per community index)."""
        central = np.flatnonzero(np.asarray(self.scalars["community_central"], dtype=bool))
        return self.counted["community"].isin(central)

    @cached_property
    def queue_days(self) -> pd.Series:
        """Days in the allocation queue of counted cases that left it (allocated or abandoned)."""
        left = self.counted["allocated_at"].fillna(self.counted["abandoned_at"])
        return (left - self.counted["referred_at"]).dropna()

    # ------------------------------------------------------------------- served cases

    @cached_property
    def is_served(self) -> pd.Series:
        """Which counted cases had a first contact by the horizon."""
        return self.counted["first_contact_at"].notna()

    @cached_property
    def wait(self) -> pd.Series:
        """Days from referral to first contact of served counted cases."""
        return self.counted.loc[self.is_served, "wait_days"]

    @cached_property
    def wait_urgent(self) -> pd.Series:
        """Which served counted cases are urgent (aligned with :attr:`wait`)."""
        return self.urgent[self.is_served]

    # ------------------------------------------------------------------- closed cases

    # Closed cases are kept as the columns KPIs use: filtering the whole table again costs more
    # than all the case KPIs together.

    @cached_property
    def is_closed(self) -> pd.Series:
        """Which counted cases were closed by the horizon."""
        return self.counted["status"] == "closed"

    @cached_property
    def closed_success(self) -> pd.Series:
        """Which closed counted cases closed successfully."""
        return self.counted.loc[self.is_closed, "success"].astype(bool)

    @cached_property
    def closed_minority(self) -> pd.Series:
        """Which closed counted cases belong to minority-language households."""
        return self.minority[self.is_closed]

    @cached_property
    def closed_after_warmup(self) -> int:
        """Cases (counted or not) closed between warm-up and horizon."""
        return int(np.count_nonzero(self.cases["closed_at"] >= self.scalars["measure_from"]))

    # ---------------------------------------------------------------------- time use

    @cached_property
    def staffed(self) -> bool:
        """Whether the run employed any worker after warm-up."""
        return bool(self.scalars["workers"])

    def hours(self, column: str) -> float:
        """Hours in ``column`` summed over workers."""
        return float(self.workers[column].sum())

    @cached_property
    def duty_hours(self) -> float:
        """Duty hours summed over workers."""
        return self.hours("duty_hours")

    @cached_property
    def overtime_hours(self) -> float:
        """Overtime hours summed over workers."""
        return self.hours("overtime_hours")

    @cached_property
    def worked_hours(self) -> float:
        """Duty plus overtime hours: what the time-use shares divide by."""
        return self.duty_hours + self.overtime_hours

    def worked_share(self, column: str) -> float:
        """Hours in ``column`` as a share of :attr:`worked_hours`."""
        return ratio(self.hours(column), self.worked_hours)
