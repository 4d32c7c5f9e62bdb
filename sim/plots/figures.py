"""The standard figures of a run: DataFrames in, :class:`~matplotlib.figure.Figure` out.

Every function takes the tables a run writes (``replications``: one KPI row per
replication; ``cases`` and ``timeseries``: all replications stacked) and returns a new figure
drawn on an Agg canvas without ``pyplot`` (see :mod:`sim.plots.style`). Failed replications
(non-null ``error``) are left out.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.analysis.summary import t_halfwidth
from sim.plots.style import (
    ALL_COLOUR,
    BAND_COLOUR,
    LANGUAGE_COLOURS,
    PRIORITY_COLOURS,
    TIME_USE,
    WARMUP_COLOUR,
    new_figure,
)

PRIORITY_COVERAGE: tuple[tuple[str, str, str], ...] = (
    ("timely_coverage_urgent", "urgent", PRIORITY_COLOURS["urgent"]),
    ("timely_coverage_standard", "standard", PRIORITY_COLOURS["standard"]),
    ("timely_coverage", "all", ALL_COLOUR),
)
LANGUAGE_COVERAGE: tuple[tuple[str, str, str], ...] = (
    ("timely_coverage_majority", "majority language", LANGUAGE_COLOURS["majority"]),
    ("timely_coverage_minority", "minority language", LANGUAGE_COLOURS["minority"]),
)
PRIORITIES = ("urgent", "standard")


def succeeded(replications: pd.DataFrame) -> pd.DataFrame:
    """The rows of replications that did not fail (all rows if there is no ``error``)."""
    if "error" not in replications:
        return replications
    return replications[replications["error"].isna()]


def mean_ci(values: pd.Series) -> tuple[float, float]:
    """Mean and t-based 95% CI half-width of the non-missing values (NaN when undefined)."""
    clean = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    if clean.size == 0:
        return math.nan, math.nan
    return float(clean.mean()), t_halfwidth(clean)


# --------------------------------------------------------------------------- coverage


def _coverage_bars(ax: Axes, rows: pd.DataFrame, bars: tuple[tuple[str, str, str], ...],
                   title: str) -> None:
    stats = [mean_ci(rows[col]) if col in rows else (math.nan, math.nan) for col, _, _ in bars]
    heights = [0.0 if math.isnan(m) else m for m, _ in stats]
    errors = [0.0 if math.isnan(h) else h for _, h in stats]
    x = np.arange(len(bars))
    ax.bar(x, heights, yerr=errors, capsize=4, color=[c for _, _, c in bars], width=0.6,
           error_kw={"elinewidth": 1.2, "ecolor": "#1c2833"})
    for xi, (mean, _) in zip(x, stats, strict=True):
        text = "n/a" if math.isnan(mean) else f"{mean:.0%}"
        ax.annotate(text, (xi, 0.0 if math.isnan(mean) else mean), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [label for _, label, _ in bars])
    ax.set_ylim(0.0, 1.08)
    ax.set_title(title)


def coverage_figure(replications: pd.DataFrame) -> Figure:
    """Timely coverage by priority and by language group, mean with 95% CI across replications.

    Parameters
    ----------
    replications
        One KPI row per replication (``timely_coverage*`` columns).

    Returns
    -------
    Figure
        Two panels: by priority (urgent, standard, all) and by language group.
    """
    rows = succeeded(replications)
    fig, (by_priority, by_language) = new_figure(ncols=2)
    _coverage_bars(by_priority, rows, PRIORITY_COVERAGE, "Timely coverage by priority")
    _coverage_bars(by_language, rows, LANGUAGE_COVERAGE, "Timely coverage by language group")
    by_priority.set_ylabel("share first contacted within target")
    fig.suptitle(f"Mean and 95% CI over {len(rows)} replications", fontsize=9)
    return fig


# --------------------------------------------------------------------------- waits


def counted_cases(cases: pd.DataFrame) -> pd.DataFrame:
    """Cases the KPIs count (``in_window``), or all cases if the column is absent."""
    if "in_window" not in cases:
        return cases
    return cases[cases["in_window"].astype(bool)]


def _wait_limit(cases: pd.DataFrame) -> float:
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


def wait_distribution_figure(cases: pd.DataFrame) -> Figure:
    """Time from referral to first contact: histogram and ECDF, with response-target lines.

    The ECDF is over all counted cases, so cases never contacted keep it below 1 and its
    height at a target line is the timely coverage for that target.

    Parameters
    ----------
    cases
        Case table(s) with ``wait_days`` and, if present, ``priority``, ``target_days``
        and ``in_window``.

    Returns
    -------
    Figure
        Two panels: histogram of waits of contacted cases, and ECDF by priority.
    """
    counted = counted_cases(cases)
    limit = _wait_limit(counted)
    fig, (hist, ecdf) = new_figure(ncols=2)
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
    hist.set(title="Waits of contacted cases", xlabel="days to first contact",
             ylabel="cases", xlim=(0.0, limit))
    ecdf.set(title="Share contacted within x days", xlabel="days to first contact",
             ylabel="share of counted cases", xlim=(0.0, limit), ylim=(0.0, 1.02))
    for ax in (hist, ecdf):
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7, frameon=False)
    return fig


# --------------------------------------------------------------------------- backlog


def backlog_band(timeseries: pd.DataFrame, column: str = "backlog_mean") -> pd.DataFrame:
    """Median and 5-95% quantiles of ``column`` across replications at every audit time."""
    if "replication" in timeseries:
        wide = timeseries.pivot_table(index="t", columns="replication", values=column)
    else:
        wide = timeseries.set_index("t")[[column]]
    return pd.DataFrame({"median": wide.median(axis=1), "low": wide.quantile(0.05, axis=1),
                         "high": wide.quantile(0.95, axis=1)})


def backlog_figure(timeseries: pd.DataFrame, warmup_days: float,
                   column: str = "backlog_mean") -> Figure:
    """Allocation backlog over time: median across replications with a 5-95% band.

    Parameters
    ----------
    timeseries
        Audit rows with ``t``, ``column`` and, for several replications, ``replication``.
    warmup_days
        End of the warm-up, shaded (KPIs exclude it).
    column
        The series to draw; the default is the mean backlog over each audit interval.

    Returns
    -------
    Figure
        One panel.
    """
    band = backlog_band(timeseries, column)
    fig, (ax,) = new_figure()
    fig.set_figwidth(fig.get_figwidth() * 1.6)
    ax.axvspan(0.0, warmup_days, color=WARMUP_COLOUR, alpha=0.6, label="warm-up", lw=0)
    ax.fill_between(band.index, band["low"], band["high"], color=BAND_COLOUR, alpha=0.25,
                    label="5-95% of replications", lw=0)
    ax.plot(band.index, band["median"], color=BAND_COLOUR, linewidth=1.4, label="median")
    ax.set(title="Cases waiting for allocation", xlabel="day",
           ylabel="backlog (mean over audit interval)")
    ax.set_xlim(0.0, float(band.index.max()) if len(band) else max(warmup_days, 1.0))
    top = float(band["high"].max()) if len(band) else math.nan
    ax.set_ylim(0.0, 1.0 if math.isnan(top) or top <= 0.0 else top * 1.1)
    ax.legend(fontsize=7, frameon=False, loc="upper left")
    return fig


# --------------------------------------------------------------------------- time use


def _group_labels(rows: pd.DataFrame) -> tuple[list[str], list[pd.DataFrame]]:
    keys = [k for k in ("scenario", "dispatch") if k in rows]
    if not keys or rows.empty:
        return ["all"], [rows]
    labels, groups = [], []
    for key, group in rows.groupby(keys, sort=False, observed=True):
        parts = key if isinstance(key, tuple) else (key,)
        labels.append(" / ".join(str(p) for p in parts))
        groups.append(group)
    return labels, groups


def time_use_figure(replications: pd.DataFrame) -> Figure:
    """Worker time use as stacked shares of worked hours (mean over replications).

    Parameters
    ----------
    replications
        One KPI row per replication with ``share_*`` columns (and ``overtime_share``);
        one bar per scenario / dispatch combination.

    Returns
    -------
    Figure
        One panel of horizontal stacked bars.
    """
    labels, groups = _group_labels(succeeded(replications))
    fig, (ax,) = new_figure()
    fig.set_size_inches(fig.get_figwidth() * 1.6, 1.6 + 0.45 * len(labels))
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
