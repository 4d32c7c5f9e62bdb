"""The backlog figure: median across replications, a 10-90% band and the outlying runs.

A band of quantiles across replications hides how many runs are unusual and can drown the
median; this figure draws the median on top (a little above the axis even when it is 0),
the 10-90% band, and each outlying replication as its own thin line. A replication is
outlying when its mean backlog after the warm-up lies beyond Tukey's fences (1.5
interquartile ranges outside the quartiles) of the replications' mean backlogs.
One panel per variant (see :mod:`sim.plots.groups`).
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.plots.groups import variant_groups
from sim.plots.style import BAND_COLOUR, OUTLIER_COLOUR, WARMUP_COLOUR, new_figure

BAND = (0.1, 0.9)
"""Quantiles of the band across replications."""
TUKEY = 1.5
"""Fence distance in interquartile ranges."""


def _wide(timeseries: pd.DataFrame, column: str) -> pd.DataFrame:
    if "replication" in timeseries:
        return timeseries.pivot_table(index="t", columns="replication", values=column)
    return timeseries.set_index("t")[[column]]


def backlog_band(timeseries: pd.DataFrame, column: str = "backlog_mean") -> pd.DataFrame:
    """Median and 10-90% quantiles of ``column`` across replications at every audit time."""
    wide = _wide(timeseries, column)
    return pd.DataFrame({"median": wide.median(axis=1), "low": wide.quantile(BAND[0], axis=1),
                         "high": wide.quantile(BAND[1], axis=1)})


def outlying_replications(timeseries: pd.DataFrame, warmup_days: float,
                          column: str = "backlog_mean") -> list[object]:
    """Replications whose mean ``column`` after the warm-up is beyond Tukey's fences."""
    wide = _wide(timeseries, column)
    means = wide[wide.index >= warmup_days].mean(axis=0).dropna()
    if len(means) < 4:
        return []
    q1, q3 = means.quantile(0.25), means.quantile(0.75)
    fence = TUKEY * (q3 - q1)
    return [rep for rep, m in means.items() if m < q1 - fence or m > q3 + fence]


def _panel(ax: Axes, timeseries: pd.DataFrame, warmup_days: float, column: str,
           title: str) -> float:
    """Draw one variant's panel; return the top of what it drew."""
    band = backlog_band(timeseries, column)
    wide = _wide(timeseries, column)
    outliers = outlying_replications(timeseries, warmup_days, column)
    ax.axvspan(0.0, warmup_days, color=WARMUP_COLOUR, alpha=0.6, label="warm-up", lw=0)
    ax.fill_between(band.index, band["low"], band["high"], color=BAND_COLOUR, alpha=0.25,
                    label="10-90% of replications", lw=0)
    for i, rep in enumerate(outliers):
        ax.plot(wide.index, wide[rep], color=OUTLIER_COLOUR, linewidth=0.7, alpha=0.8,
                label=f"outlying replications ({len(outliers)})" if i == 0 else "_nolegend_")
    ax.plot(band.index, band["median"], color=BAND_COLOUR, linewidth=1.8, label="median",
            zorder=5, clip_on=False)
    ax.set(title=title, xlabel="day", ylabel="backlog (mean over audit interval)")
    ax.set_xlim(0.0, float(band.index.max()) if len(band) else max(warmup_days, 1.0))
    ax.legend(fontsize=7, frameon=False, loc="upper left")
    tops = [band["high"].max(), band["median"].max(),
            *(wide[rep].max() for rep in outliers)]
    clean = [float(t) for t in tops if not pd.isna(t)]
    return max(clean) if clean else math.nan


def backlog_figure(timeseries: pd.DataFrame, warmup_days: float,
                   column: str = "backlog_mean") -> Figure:
    """Allocation backlog over time: median, 10-90% band and outlying replications.

    Parameters
    ----------
    timeseries
        Audit rows with ``t``, ``column`` and, for several replications, ``replication``
        (and ``variant`` etc. for several variants: one panel each).
    warmup_days
        End of the warm-up, shaded (KPIs exclude it).
    column
        The series to draw; the default is the mean backlog over each audit interval.

    Returns
    -------
    Figure
        One panel per variant, on a common y axis.
    """
    groups = variant_groups(timeseries)
    fig, axes = new_figure(nrows=len(groups))
    fig.set_figwidth(fig.get_figwidth() * 1.6)
    tops = [_panel(ax, rows, warmup_days, column,
                   "Cases waiting for allocation" + ("" if label == "all" else f": {label}"))
            for ax, (label, rows) in zip(axes, groups, strict=True)]
    clean = [t for t in tops if not math.isnan(t)]
    top = max(clean) if clean and max(clean) > 0 else 1.0 / 1.1
    for ax in axes:
        # a little below 0 so that a median of 0 is drawn above the axis, not hidden on it
        ax.set_ylim(-0.02 * top * 1.1, top * 1.1)
    return fig
