"""The backlog figure: median above the axis, a 10-90% band, outlying replications drawn."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.plots.backlog import backlog_band, backlog_figure, outlying_replications


def series(levels: list[float], variant: str = "default") -> pd.DataFrame:
    t = np.arange(0.0, 70.0, 7.0)
    return pd.concat([pd.DataFrame({"t": t, "replication": r, "variant": variant,
                                    "backlog_mean": level}) for r, level in enumerate(levels)],
                     ignore_index=True)


def test_two_collapsed_runs_are_drawn_as_outliers_and_the_median_stays_visible() -> None:
    ts = series([0.0] * 18 + [30.0, 40.0])
    assert outlying_replications(ts, warmup_days=14.0) == [18, 19]
    (ax,) = backlog_figure(ts, 14.0).axes
    labels = ax.get_legend_handles_labels()[1]
    assert "outlying replications (2)" in labels and "median" in labels
    outliers = [ln for ln in ax.get_lines() if ln.get_color() == "#7b7d7d"]
    assert len(outliers) == 2
    median = next(ln for ln in ax.get_lines() if ln.get_label() == "median")
    assert list(median.get_ydata()) == [0.0] * 10
    assert ax.get_ylim()[0] < 0.0 and ax.get_ylim()[1] > 40.0
    assert backlog_band(ts)["high"].max() < 30.0  # the band holds 10-90%, not the outliers


def test_one_panel_per_variant_on_a_common_axis() -> None:
    ts = pd.concat([series([1.0, 2.0, 3.0], "a"), series([10.0, 11.0, 12.0], "b")])
    axes = backlog_figure(ts, 7.0).axes
    assert len(axes) == 2
    assert [ax.get_title() for ax in axes] == ["Cases waiting for allocation: a",
                                               "Cases waiting for allocation: b"]
    assert axes[0].get_ylim() == axes[1].get_ylim()
    medians = [next(ln for ln in ax.get_lines() if ln.get_label() == "median").get_ydata()[0]
               for ax in axes]
    assert medians == [2.0, 11.0]
