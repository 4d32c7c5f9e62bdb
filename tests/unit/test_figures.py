"""Figures from small synthetic tables: the right panels, data and no pyplot state."""

from __future__ import annotations

import ast
import io
import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure

import sim.plots
from sim.plots.figures import (
    backlog_band,
    backlog_figure,
    coverage_figure,
    mean_ci,
    time_use_figure,
    wait_distribution_figure,
)
from sim.plots.style import TIME_USE

PLOTS_DIR = Path(sim.plots.__file__).parent


def replications(n: int = 4, dispatch: str = "fifo") -> pd.DataFrame:
    """KPI rows with known coverage and time-use shares."""
    rng = np.random.default_rng(1)
    return pd.DataFrame({
        "scenario": "s", "dispatch": dispatch, "replication": range(n), "seed": 7,
        "timely_coverage": 0.8 + 0.01 * rng.standard_normal(n),
        "timely_coverage_urgent": np.linspace(0.6, 0.7, n),
        "timely_coverage_standard": np.full(n, 0.9),
        "timely_coverage_majority": np.full(n, 0.85),
        "timely_coverage_minority": np.full(n, 0.75),
        "share_intake": 0.1, "share_direct": 0.2, "share_travel": 0.05, "share_admin": 0.35,
        "share_idle": 0.3, "overtime_share": 0.02, "error": None,
    })


def cases() -> pd.DataFrame:
    """Six counted cases (one never contacted) and one case outside the window."""
    return pd.DataFrame({
        "priority": pd.Categorical(["urgent", "urgent", "standard", "standard", "standard",
                                    "standard", "urgent"], categories=["urgent", "standard"]),
        "wait_days": [0.5, 3.0, 1.0, 2.0, 20.0, np.nan, 100.0],
        "target_days": [2.0, 1.0, 14.0, 14.0, 14.0, 14.0, 2.0],
        "in_window": [True, True, True, True, True, True, False],
    })


def timeseries() -> pd.DataFrame:
    """Three replications of four audits; backlog = replication * t."""
    t = np.array([0.0, 7.0, 14.0, 21.0])
    return pd.concat([pd.DataFrame({"replication": r, "t": t, "backlog_mean": r * t})
                      for r in range(3)], ignore_index=True)


def bar_heights(ax: plt.Axes) -> list[float]:
    return [p.get_height() for p in ax.patches]


def test_coverage_by_priority_and_language() -> None:
    fig = coverage_figure(replications())
    assert isinstance(fig, Figure)
    by_priority, by_language = fig.axes
    assert [t.get_text() for t in by_priority.get_xticklabels()] == ["urgent", "standard", "all"]
    assert bar_heights(by_priority)[:2] == pytest.approx([0.65, 0.9])
    assert bar_heights(by_language) == pytest.approx([0.85, 0.75])
    bars = next(c for c in by_priority.containers if isinstance(c, BarContainer))
    assert bars.errorbar is not None
    assert by_priority.get_ylim() == pytest.approx((0.0, 1.08))


def test_coverage_ignores_failed_replications_and_marks_missing() -> None:
    reps = replications(3)
    reps["timely_coverage_minority"] = np.nan
    failed = pd.DataFrame([{"replication": 3, "error": "RuntimeError: x"}])
    fig = coverage_figure(pd.concat([reps, failed], ignore_index=True))
    assert "3 replications" in fig.get_suptitle()
    assert "n/a" in [t.get_text() for t in fig.axes[1].texts]


def test_wait_distribution_ecdf_counts_uncontacted_cases() -> None:
    fig = wait_distribution_figure(cases())
    hist, ecdf = fig.axes
    assert hist.get_title() and ecdf.get_title()
    steps = {line.get_label(): line for line in ecdf.get_lines()
             if not line.get_label().startswith(("_", "urgent target", "standard target"))}
    assert set(steps) == {"urgent", "standard"}
    assert steps["standard"].get_ydata()[-1] == pytest.approx(3 / 4)  # one never contacted
    assert steps["urgent"].get_ydata()[-1] == pytest.approx(1.0)  # window case left out
    targets = sorted(line.get_xdata()[0] for line in ecdf.get_lines()
                     if "target" in line.get_label())
    assert targets == [1.0, 2.0, 14.0]
    assert ecdf.get_xlim()[1] >= 20.0


def test_backlog_band_is_median_and_quantiles_across_replications() -> None:
    band = backlog_band(timeseries())
    assert band["median"].tolist() == [0.0, 7.0, 14.0, 21.0]
    assert band.loc[7.0, "low"] == pytest.approx(np.quantile([0, 7, 14], 0.1))
    assert band.loc[7.0, "high"] == pytest.approx(np.quantile([0, 7, 14], 0.9))


def test_backlog_figure_has_median_band_and_warmup() -> None:
    fig = backlog_figure(timeseries(), warmup_days=7.0)
    (ax,) = fig.axes
    median = next(line for line in ax.get_lines() if line.get_label() == "median")
    assert list(median.get_ydata()) == [0.0, 7.0, 14.0, 21.0]
    assert any(isinstance(c, PolyCollection) for c in ax.collections)
    labels = ax.get_legend_handles_labels()[1]
    assert {"warm-up", "10-90% of replications", "median"} <= set(labels)


def test_backlog_figure_of_a_single_run_without_backlog() -> None:
    series = pd.DataFrame({"t": [0.0, 7.0], "backlog_mean": [0.0, 0.0]})
    (ax,) = backlog_figure(series, warmup_days=3.0).axes
    low, high = ax.get_ylim()
    assert low < 0.0 < high == pytest.approx(1.0)  # the median of 0 is drawn above the axis


def test_time_use_stacks_shares_per_policy() -> None:
    reps = pd.concat([replications(2, "fifo"), replications(2, "priority")], ignore_index=True)
    (ax,) = time_use_figure(reps).axes
    assert [t.get_text() for t in ax.get_yticklabels()] == ["s / fifo", "s / priority"]
    assert len(ax.patches) == len(TIME_USE) * 2  # one segment per category and bar
    ends = {}
    for patch in ax.patches:
        y = round(patch.get_y(), 6)
        ends[y] = max(ends.get(y, 0.0), patch.get_x() + patch.get_width())
    assert list(ends.values()) == pytest.approx([1.0, 1.0])
    assert "2.0%" in ax.get_title()


def test_mean_ci_of_nothing_is_nan() -> None:
    assert all(math.isnan(x) for x in mean_ci(pd.Series([np.nan])))
    mean, half = mean_ci(pd.Series([1.0, 3.0]))
    assert mean == 2.0
    assert half > 0


def test_figures_leave_pyplot_alone_and_render_to_png() -> None:
    before = plt.get_fignums()
    figs = [coverage_figure(replications()), wait_distribution_figure(cases()),
            backlog_figure(timeseries(), 7.0), time_use_figure(replications())]
    assert plt.get_fignums() == before
    for fig in figs:
        assert isinstance(fig.canvas, FigureCanvasAgg)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        assert buffer.getvalue().startswith(b"\x89PNG")


@pytest.mark.parametrize("path", sorted(PLOTS_DIR.glob("*.py")), ids=lambda p: p.name)
def test_plots_never_import_simpy_or_pyplot(path: Path) -> None:
    tree = ast.parse(path.read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom)}
    assert not {m for m in imported if m.split(".")[0] == "simpy"}
    assert "matplotlib.pyplot" not in imported
