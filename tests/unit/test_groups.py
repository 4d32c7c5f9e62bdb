"""Figures group replications by variant and never pool two variants."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.plots.figures import coverage_figure, time_use_figure
from sim.plots.groups import kpi_interval, succeeded, variant_groups, wrapped


def rows(variant: str, coverage: float, n: int = 6) -> pd.DataFrame:
    return pd.DataFrame({"scenario": "j", "dispatch": "fifo", "variant": variant,
                         "replication": range(n), "error": None,
                         "timely_coverage_urgent": [coverage] * n,
                         "timely_coverage": [coverage + 0.01 * i for i in range(n)],
                         "share_direct": 0.3, "share_idle": 0.2, "overtime_share": 0.01})


THREE = pd.concat([rows("default", 0.6), rows("east=2", 0.8), rows("east=3", 0.95)])


def test_one_group_per_variant_in_order() -> None:
    groups = variant_groups(THREE)
    assert [label for label, _ in groups] == ["j / fifo", "j / fifo / east=2", "j / fifo / east=3"]
    assert [len(g) for _, g in groups] == [6, 6, 6]
    assert variant_groups(pd.DataFrame({"x": [1]}))[0][0] == "all"


def test_coverage_draws_each_variant_with_its_own_bars_and_the_target() -> None:
    fig = coverage_figure(THREE, target=0.9)
    by_priority = fig.axes[0]
    urgent_heights = sorted(p.get_height() for p in by_priority.patches
                            if abs(p.get_height() - 0.6) < 1e-9
                            or abs(p.get_height() - 0.8) < 1e-9
                            or abs(p.get_height() - 0.95) < 1e-9)
    assert urgent_heights == pytest.approx([0.6, 0.8, 0.95])  # never pooled to 0.78
    assert len(by_priority.patches) == 3 * 3
    target = [ln for ln in by_priority.get_lines() if ln.get_label() == "target 90%"]
    assert target and target[0].get_ydata()[0] == 0.9
    assert "6, " in fig.get_suptitle() or "6)" in fig.get_suptitle()
    assert {"j / fifo / east=2"} <= set(by_priority.get_legend_handles_labels()[1])


def test_time_use_has_one_bar_per_variant() -> None:
    (ax,) = time_use_figure(THREE).axes
    assert [t.get_text() for t in ax.get_yticklabels()] == [label for label, _ in
                                                           variant_groups(THREE)]


def test_long_variant_labels_are_wrapped_and_the_figure_still_lays_out() -> None:
    label = " ".join(f"scenario.stations.station_{i}.workers={i}" for i in range(4))
    assert max(len(line) for line in wrapped(label).splitlines()) <= 40
    fig = time_use_figure(rows(label, 0.7))
    fig.canvas.draw()
    assert fig.axes[0].get_position().width > 0.2  # the long label did not squeeze the bars


def test_helpers() -> None:
    assert len(succeeded(pd.DataFrame({"error": [None, "x"]}))) == 1
    lo, mean, hi = kpi_interval(pd.Series([1.0, 1.0, 0.9]), "timely_coverage")
    assert lo < mean < hi <= 1.0
