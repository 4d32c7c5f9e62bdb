"""The wait distribution figure labels its overflow and draws one row per variant."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.plots.waits import wait_distribution_figure, wait_limit


def cases(variant: str, waits: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"variant": variant, "priority": "urgent", "wait_days": waits,
                         "target_days": 2.0, "in_window": True})


def test_overflow_and_never_contacted_are_labelled() -> None:
    waits = [0.5] * 200 + [1.0] * 200 + [300.0, 400.0] + [np.nan] * 3
    frame = cases("default", waits)
    limit = wait_limit(frame)
    assert limit < 300.0
    hist, _ = wait_distribution_figure(frame).axes
    notes = [t.get_text() for t in hist.texts]
    assert any(f"2 waits > {limit:.0f} d" in n and "never contacted: 3" in n for n in notes)


def test_one_row_of_panels_per_variant() -> None:
    both = pd.concat([cases("a", [0.5, 1.0, 3.0]), cases("b", [5.0, 6.0, np.nan])])
    fig = wait_distribution_figure(both)
    assert len(fig.axes) == 4
    ecdf_a, ecdf_b = fig.axes[1], fig.axes[3]
    assert "(a)" in ecdf_a.get_title() and "(b)" in ecdf_b.get_title()
    last = [next(ln for ln in ax.get_lines() if ln.get_label() == "urgent").get_ydata()[-1]
            for ax in (ecdf_a, ecdf_b)]
    assert last == [1.0, 2 / 3]
