"""The staffing curve: best staffing per headcount, band, target line, the plan marked."""

from __future__ import annotations

from sim.planning.bounds import Interval
from sim.planning.evaluate import Evaluation
from sim.planning.figure import curve_points, staffing_curve_figure


def ev(a: int, b: int, mean: float) -> Evaluation:
    return Evaluation({"a": a, "b": b}, Interval(10, mean, mean - 0.02, mean + 0.02), ())


EVALS = [ev(1, 1, 0.80), ev(2, 0, 0.85), ev(0, 2, 0.70), ev(2, 1, 0.95), ev(1, 2, 0.90)]


def test_curve_keeps_the_best_per_headcount() -> None:
    points = curve_points(EVALS)
    assert [(p.total, p.interval.mean) for p in points] == [(2, 0.85), (3, 0.95)]
    lowest = curve_points(EVALS, sense="at_most")
    assert [p.interval.mean for p in lowest] == [0.70, 0.90]


def test_figure_draws_band_target_and_plan() -> None:
    fig = staffing_curve_figure(EVALS, "timely_coverage_urgent", 0.9, EVALS[3])
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["95% CI", "mean", "target 0.9", "plan: 3 workers"]
    assert ax.get_ylabel() == "timely_coverage_urgent"
    target = [ln for ln in ax.get_lines() if ln.get_label() == "target 0.9"]
    assert list(target[0].get_ydata()) == [0.9, 0.9]
