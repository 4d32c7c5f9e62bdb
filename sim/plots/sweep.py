"""The figure of a sweep: one KPI against a swept key, CI bands, a line per other value."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.plots.style import new_figure


def _positions(values: pd.Series) -> tuple[np.ndarray, list[str] | None]:
    """Numeric x values as they are; others as 0, 1, ... with their labels."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype=float), None
    labels = sorted({str(v) for v in values})
    return np.array([labels.index(str(v)) for v in values], dtype=float), labels


def sweep_figure(summary: pd.DataFrame, kpi: str, x: str, by: Sequence[str] = ()) -> Figure:
    """``kpi`` (mean and CI band) against swept key ``x``; one line per value of ``by``.

    Parameters
    ----------
    summary
        A sweep summary (:func:`sim.sweep.sweep_summary`): one row per job and KPI.
    kpi
        The KPI to draw.
    x
        The swept key on the horizontal axis.
    by
        The other swept keys: one line per combination of their values.
    """
    rows = summary[summary["kpi"] == kpi]
    fig, (ax,) = new_figure()
    groups = rows.groupby(list(by), sort=True) if by else [((), rows)]
    for label, unsorted in groups:
        group = unsorted.sort_values(x)
        xs, ticks = _positions(group[x])
        name = ", ".join(f"{k}={v}" for k, v in zip(by, np.atleast_1d(label), strict=False))
        line, = ax.plot(xs, group["mean"], marker="o", label=name or kpi)
        ax.fill_between(xs, group["ci_low"], group["ci_high"], alpha=0.2,
                        color=line.get_color(), linewidth=0)
        if ticks is not None:
            ax.set_xticks(range(len(ticks)), ticks)
    ax.set_xlabel(x)
    ax.set_ylabel(f"{kpi} (mean, 95% CI)")
    ax.set_title(f"{kpi} by {x}")
    if by:
        ax.legend(fontsize="small")
    return fig
