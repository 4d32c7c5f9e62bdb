"""The wait distribution figure: histogram and ECDF of the time to first contact.

The histogram's x axis ends a little past the 99th percentile of the waits (or the longest
response target); waits beyond it are piled into the last bin and labelled as overflow with
their count, and the cases never contacted are counted on the ECDF panel. One row of two
panels per variant (see :mod:`sim.plots.groups`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.plots.groups import variant_groups
from sim.plots.style import ALL_COLOUR, PRIORITY_COLOURS, new_figure

PRIORITIES = ("urgent", "standard")


def counted_cases(cases: pd.DataFrame) -> pd.DataFrame:
    """Cases the KPIs count (``in_window``), or all cases if the column is absent."""
    if "in_window" not in cases:
        return cases
    return cases[cases["in_window"].astype(bool)]


def wait_limit(cases: pd.DataFrame) -> float:
    """Right end of the wait axis: the 99th percentile or the longest target, plus 5%."""
    waits = cases["wait_days"].dropna()
    top = float(waits.quantile(0.99)) if len(waits) else 1.0
    targets = cases["target_days"].dropna() if "target_days" in cases else pd.Series([])
    if len(targets):
        top = max(top, float(targets.max()))
    return max(top, 1.0) * 1.05


def _target_lines(ax: Axes, cases: pd.DataFrame, priority: str, colour: str) -> None:
    if "target_days" not in cases:
        return
    for target in sorted(cases["target_days"].dropna().unique()):
        ax.axvline(float(target), color=colour, linestyle="--", linewidth=1.0,
                   label=f"{priority} target {float(target):g} d")


def _by_priority(cases: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    if "priority" not in cases:
        return [("all", cases)]
    priority = cases["priority"].astype(str)
    return [(p, cases[priority == p]) for p in PRIORITIES if (priority == p).any()]


def _overflow_note(counted: pd.DataFrame, limit: float) -> str:
    waits = counted["wait_days"]
    over, never = int((waits > limit).sum()), int(waits.isna().sum())
    return f"overflow: {over} waits > {limit:.0f} d in the last bin; never contacted: {never}"


def _row(hist: Axes, ecdf: Axes, counted: pd.DataFrame, label: str) -> None:
    limit = wait_limit(counted)
    bins = np.linspace(0.0, limit, 41).tolist()
    for priority, group in _by_priority(counted):
        colour = PRIORITY_COLOURS.get(priority, ALL_COLOUR)
        waits = group["wait_days"].dropna().clip(upper=limit).to_numpy(dtype=float)
        hist.hist(waits, bins=bins, color=colour, alpha=0.6, label=priority)
        if len(group):
            x = np.sort(waits)
            ecdf.step(np.concatenate([[0.0], x]), np.arange(x.size + 1) / len(group),
                      where="post", color=colour, label=priority)
        _target_lines(ecdf, group, priority, colour)
    suffix = "" if label == "all" else f" ({label})"
    hist.set(title="Waits of contacted cases" + suffix, xlabel="days to first contact",
             ylabel="cases", xlim=(0.0, limit))
    hist.annotate(_overflow_note(counted, limit), (1.0, 1.0), xycoords="axes fraction",
                  ha="right", va="top", fontsize=7)
    ecdf.set(title="Share contacted within x days" + suffix, xlabel="days to first contact",
             ylabel="share of counted cases", xlim=(0.0, limit), ylim=(0.0, 1.02))
    for ax in (hist, ecdf):
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7, frameon=False, loc="center right")


def wait_distribution_figure(cases: pd.DataFrame) -> Figure:
    """Time from referral to first contact: histogram and ECDF, with response-target lines.

    The ECDF is over all counted cases, so cases never contacted keep it below 1 and its
    height at a target line is the timely coverage for that target.

    Parameters
    ----------
    cases
        Case table(s) with ``wait_days`` and, if present, ``priority``, ``target_days``,
        ``in_window`` and the variant columns.

    Returns
    -------
    Figure
        Per variant, two panels: histogram of waits (overflow labelled) and ECDF by priority.
    """
    groups = variant_groups(counted_cases(cases))
    fig, axes = new_figure(ncols=2, nrows=len(groups))
    for i, (label, counted) in enumerate(groups):
        _row(axes[2 * i], axes[2 * i + 1], counted, label)
    return fig
