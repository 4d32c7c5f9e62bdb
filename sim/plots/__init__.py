"""Figures: DataFrames in, :class:`matplotlib.figure.Figure` out (no simpy, no pyplot)."""

from __future__ import annotations

from sim.plots.figures import (
    backlog_figure,
    coverage_figure,
    time_use_figure,
    wait_distribution_figure,
)

__all__ = ["backlog_figure", "coverage_figure", "time_use_figure", "wait_distribution_figure"]
