"""Summaries across replications: mean, standard deviation, t-based 95% CI half-width."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

LABELS = ("scenario", "dispatch", "replication", "seed", "error", "wall_seconds")


def t_halfwidth(values: np.ndarray, confidence: float = 0.95) -> float:
    """Half-width of the t confidence interval of the mean of ``values``."""
    n = values.shape[0]
    if n < 2:
        return math.nan
    from scipy import stats  # noqa: PLC0415 - scipy costs ~0.5 s to import; only needed here

    sd = float(np.std(values, ddof=1))
    return float(stats.t.ppf(0.5 + confidence / 2.0, n - 1)) * sd / math.sqrt(n)


def summarise(df: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """One row per KPI: n, mean, sd, CI half-width, CI low and high (failed runs left out)."""
    ok = df[df["error"].isna()] if "error" in df else df
    kpis = [c for c in ok.columns if c not in LABELS and pd.api.types.is_numeric_dtype(ok[c])]
    rows = []
    for name in kpis:
        values = ok[name].dropna().to_numpy(dtype=float)
        mean = float(values.mean()) if values.size else math.nan
        half = t_halfwidth(values, confidence)
        sd = float(np.std(values, ddof=1)) if values.size > 1 else math.nan
        rows.append({"kpi": name, "n": int(values.size), "mean": mean, "sd": sd,
                     "ci_halfwidth": half, "ci_low": mean - half, "ci_high": mean + half})
    columns = ["kpi", "n", "mean", "sd", "ci_halfwidth", "ci_low", "ci_high"]
    return pd.DataFrame(rows, columns=columns).set_index("kpi")
