"""Shared look of swsim figures: colours, sizes and a pyplot-free figure factory.

Figures are made with :class:`matplotlib.figure.Figure` on an Agg canvas, never through
``pyplot``, so drawing them changes no global state (no open-figure registry, no backend
switch, no rcParams) and they are freed as soon as nothing refers to them.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sim.timecategory import INFO

DPI = 120
PANEL_SIZE = (4.8, 3.6)

PRIORITY_COLOURS: dict[str, str] = {"urgent": "#c0392b", "standard": "#2471a3"}
ALL_COLOUR = "#566573"
LANGUAGE_COLOURS: dict[str, str] = {"majority": "#117a65", "minority": "#b9770e"}
BAND_COLOUR = "#2471a3"
WARMUP_COLOUR = "#d5d8dc"
OUTLIER_COLOUR = "#7b7d7d"
TARGET_COLOUR = "#1c2833"

#: (KPI, label, colour) of every reported time category, in stacking order.
TIME_USE: tuple[tuple[str, str, str], ...] = tuple(
    (info.share_kpi, info.label, info.colour) for info in INFO.values()
    if info.share_kpi is not None)


def new_figure(ncols: int = 1, nrows: int = 1) -> tuple[Figure, list[Axes]]:
    """A figure with an Agg canvas and ``nrows x ncols`` tidy axes (row-major order).

    Parameters
    ----------
    ncols, nrows
        Panel grid; each panel is :data:`PANEL_SIZE` inches.

    Returns
    -------
    tuple of Figure and list of Axes
    """
    width, height = PANEL_SIZE
    fig = Figure(figsize=(width * ncols, height * nrows), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    axes = [fig.add_subplot(nrows, ncols, i + 1) for i in range(nrows * ncols)]
    for ax in axes:
        tidy_axes(ax)
    return fig, axes


def tidy_axes(ax: Axes) -> None:
    """Light horizontal grid behind the data, no top or right spine."""
    ax.grid(axis="y", color="#e5e7e9", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
