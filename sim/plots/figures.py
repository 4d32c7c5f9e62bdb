"""The standard figures of a run: DataFrames in, :class:`~matplotlib.figure.Figure` out.

Every function takes the tables a run writes (``replications``: one KPI row per
replication; ``cases`` and ``timeseries``: all replications stacked) and returns a new figure
drawn on an Agg canvas without ``pyplot`` (see :mod:`sim.plots.style`). Failed replications
(non-null ``error``) are left out, and variants are never pooled: one bar or panel per
variant (:mod:`sim.plots.groups`). The wait and backlog figures live in
:mod:`sim.plots.waits` and :mod:`sim.plots.backlog`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.plots.backlog import backlog_band, backlog_figure
from sim.plots.groups import kpi_interval, mean_ci, succeeded, variant_groups, wrapped
from sim.plots.style import (
    ALL_COLOUR,
    LANGUAGE_COLOURS,
    PRIORITY_COLOURS,
    TARGET_COLOUR,
    TIME_USE,
    new_figure,
)
from sim.plots.waits import counted_cases, wait_distribution_figure

__all__ = ["backlog_band", "backlog_figure", "counted_cases", "coverage_figure", "mean_ci",
           "succeeded", "time_use_figure", "wait_distribution_figure"]

COVERAGE_TARGET = 0.9
"""Default target line of the coverage figure: the README's planning question (90% of
urgent cases first contacted within their response target)."""
PRIORITY_COVERAGE: tuple[tuple[str, str, str], ...] = (
    ("timely_coverage_urgent", "urgent", PRIORITY_COLOURS["urgent"]),
    ("timely_coverage_standard", "standard", PRIORITY_COLOURS["standard"]),
    ("timely_coverage", "all", ALL_COLOUR),
)
LANGUAGE_COVERAGE: tuple[tuple[str, str, str], ...] = (
    ("timely_coverage_majority", "majority language", LANGUAGE_COLOURS["majority"]),
    ("timely_coverage_minority", "minority language", LANGUAGE_COLOURS["minority"]),
)
HATCHES = ("", "//", "..", "xx", "\\\\", "oo")


# --------------------------------------------------------------------------- coverage


def _coverage_bars(ax: Axes, groups: list[tuple[str, pd.DataFrame]],
                   bars: tuple[tuple[str, str, str], ...], title: str) -> None:
    width = 0.8 / len(groups)
    x = np.arange(len(bars))
    for g, (label, rows) in enumerate(groups):
        stats = [kpi_interval(rows[col], col) if col in rows else (math.nan,) * 3
                 for col, _, _ in bars]
        heights = [0.0 if math.isnan(m) else m for _, m, _ in stats]
        errors = np.array([[0.0 if math.isnan(lo) else m - lo for lo, m, _ in stats],
                           [0.0 if math.isnan(hi) else hi - m for _, m, hi in stats]])
        xs = x - 0.4 + width * (g + 0.5)
        ax.bar(xs, heights, yerr=np.nan_to_num(errors), capsize=3, width=width * 0.95,
               color=[c for _, _, c in bars], hatch=HATCHES[g % len(HATCHES)],
               label=wrapped(label) if len(groups) > 1 else None,
               error_kw={"elinewidth": 1.2, "ecolor": "#1c2833"})
        for xi, (_, mean, _) in zip(xs, stats, strict=True):
            text = "n/a" if math.isnan(mean) else f"{mean:.0%}"
            ax.annotate(text, (xi, 0.0 if math.isnan(mean) else mean), xytext=(0, 3),
                        textcoords="offset points", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [label for _, label, _ in bars])
    ax.set_ylim(0.0, 1.08)
    ax.set_title(title)


def coverage_figure(replications: pd.DataFrame,
                    target: float | None = COVERAGE_TARGET) -> Figure:
    """Timely coverage by priority and by language group: mean and 95% CI per variant.

    The interval is the KPI's range-respecting 95% CI (:mod:`sim.analysis.intervals`).

    Parameters
    ----------
    replications
        One KPI row per replication (``timely_coverage*`` columns); one bar per variant.
    target
        Drawn as a horizontal line (``None``: no line).

    Returns
    -------
    Figure
        Two panels: by priority (urgent, standard, all) and by language group.
    """
    groups = variant_groups(succeeded(replications))
    fig, (by_priority, by_language) = new_figure(ncols=2)
    _coverage_bars(by_priority, groups, PRIORITY_COVERAGE, "Timely coverage by priority")
    _coverage_bars(by_language, groups, LANGUAGE_COVERAGE, "Timely coverage by language group")
    by_priority.set_ylabel("share first contacted within target")
    for ax in (by_priority, by_language):
        if target is not None:
            ax.axhline(target, color=TARGET_COLOUR, linestyle="--", linewidth=1.0,
                       label=f"target {target:.0%}")
        ax.legend(fontsize=7, frameon=False, loc="lower right")
    counts = ", ".join(f"{label}: {len(rows)}" for label, rows in groups)
    fig.suptitle(f"Mean and 95% CI over {sum(len(r) for _, r in groups)} replications"
                 + (f" ({counts})" if len(groups) > 1 else ""), fontsize=9)
    return fig


# --------------------------------------------------------------------------- time use


def time_use_figure(replications: pd.DataFrame) -> Figure:
    """Worker time use as stacked shares of worked hours (mean over replications).

    Parameters
    ----------
    replications
        One KPI row per replication with ``share_*`` columns (and ``overtime_share``);
        one bar per variant (scenario / dispatch / variant).

    Returns
    -------
    Figure
        One panel of horizontal stacked bars.
    """
    named = variant_groups(succeeded(replications))
    labels, groups = [wrapped(label) for label, _ in named], [rows for _, rows in named]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, (ax,) = new_figure()
    fig.set_size_inches(fig.get_figwidth() * 1.6, 2.2 + 0.3 * lines + 0.3 * len(labels))
    y = np.arange(len(labels))
    left = np.zeros(len(labels))
    for col, name, colour in TIME_USE:
        shares = np.array([mean_ci(g[col])[0] if col in g else math.nan for g in groups])
        shares = np.nan_to_num(shares)
        ax.barh(y, shares, left=left, color=colour, label=name, height=0.7)
        for yi, (x0, share) in enumerate(zip(left, shares, strict=True)):
            if share >= 0.05:
                ax.text(x0 + share / 2, yi, f"{share:.0%}", ha="center", va="center",
                        fontsize=8)
        left += shares
    ax.set_yticks(y, labels)
    ax.set(xlim=(0.0, 1.0), xlabel="share of worked hours (duty + overtime)",
           title=_time_use_title(groups))
    ax.grid(axis="x", color="#e5e7e9", linewidth=0.8)
    ax.legend(ncols=(len(TIME_USE) + 1) // 2, fontsize=7, frameon=False, loc="upper center",
              bbox_to_anchor=(0.5, -0.35))
    return fig


def _time_use_title(groups: list[pd.DataFrame]) -> str:
    overtime = [mean_ci(g["overtime_share"])[0] for g in groups if "overtime_share" in g]
    if not overtime or all(math.isnan(o) for o in overtime):
        return "Worker time use"
    text = ", ".join("n/a" if math.isnan(o) else f"{o:.1%}" for o in overtime)
    return f"Worker time use (overtime / duty hours: {text})"
