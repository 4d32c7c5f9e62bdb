"""The staffing curve: the KPI against total headcount, its confidence band and the target."""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from sim.planning.evaluate import Evaluation
from sim.plots.style import BAND_COLOUR, PRIORITY_COLOURS, new_figure


def curve_points(evaluations: Sequence[Evaluation], sense: str = "at_least") -> list[Evaluation]:
    """The best evaluated staffing at each total headcount (by mean), by headcount."""
    best: dict[int, Evaluation] = {}
    sign = 1.0 if sense == "at_least" else -1.0
    for ev in evaluations:
        mean = ev.interval.mean
        if math.isnan(mean):
            continue
        held = best.get(ev.total)
        if held is None or sign * mean > sign * held.interval.mean:
            best[ev.total] = ev
    return [best[k] for k in sorted(best)]


def staffing_curve_figure(evaluations: Sequence[Evaluation], kpi: str,
                          target: float | None, chosen: Evaluation | None = None,
                          sense: str = "at_least", confidence: float = 0.95) -> Figure:
    """The KPI of the best staffing at each headcount with its CI band, the target line and
    the chosen plan marked.

    Parameters
    ----------
    evaluations
        Every staffing the planner evaluated.
    kpi, target, sense, confidence
        What was planned for (the target line is drawn when given).
    chosen
        The plan (marked), if any.
    """
    fig, (ax,) = new_figure()
    points = curve_points(evaluations, sense)
    xs = [p.total for p in points]
    ax.fill_between(xs, [p.interval.low for p in points], [p.interval.high for p in points],
                    color=BAND_COLOUR, alpha=0.25, linewidth=0,
                    label=f"{confidence:.0%} CI")
    ax.plot(xs, [p.interval.mean for p in points], "o-", color=BAND_COLOUR, label="mean")
    if target is not None:
        ax.axhline(target, color=PRIORITY_COLOURS["urgent"], linestyle="--",
                   label=f"target {target:g}")
    if chosen is not None:
        ax.plot([chosen.total], [chosen.interval.mean], "*", markersize=14, color="black",
                label=f"plan: {chosen.total} workers")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("total headcount (best allocation evaluated)")
    ax.set_ylabel(kpi)
    ax.set_title(f"{kpi} against headcount")
    ax.legend(loc="best", fontsize="small")
    return fig
