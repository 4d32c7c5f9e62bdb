"""run.precision: replications are added until each target half-width is met or the cap."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from sim import ConfigError, load_config
from sim.analysis.replications import achieved_halfwidth, format_precision, precision_status
from sim.config import SwsimConfig
from sim.precision import run_precise, run_until_precise

SD = 0.1


def synthetic(cfg: SwsimConfig, n: int, start: int) -> Iterator[dict[str, Any]]:
    """Replication i: a KPI drawn from N(0.5, SD^2) with its own generator (order-free)."""
    for i in range(start, start + n):
        value = float(np.random.default_rng([cfg.run.seed, i]).normal(0.5, SD))
        yield {"replication": i, "error": None, "timely_coverage": value}


def configured(targets: dict[str, float], replications: int = 5, cap: int = 500
               ) -> SwsimConfig:
    cfg = load_config(["scenario=mmc"])
    run = dataclasses.replace(cfg.run, replications=replications, precision=targets,
                              max_replications=cap)
    return dataclasses.replace(cfg, run=run)


def test_adds_replications_until_the_target_is_met() -> None:
    calls: list[int] = []
    rows, (status,) = run_precise(configured({"timely_coverage": 0.02}), synthetic,
                                  on_rows=lambda batch: calls.append(len(batch)))
    values = np.array([r["timely_coverage"] for r in rows])
    assert status.met and achieved_halfwidth(values) <= 0.02
    assert [r["replication"] for r in rows] == list(range(len(rows)))
    # about (1.96 * 0.1 / 0.02)^2 = 96 replications; not many more than it needs
    assert 70 <= len(rows) <= 130
    assert achieved_halfwidth(values[:-1]) > 0.02 or len(calls) == 1
    assert calls[0] == 5 and sum(calls) == len(rows)


def test_stops_at_the_cap_and_says_so() -> None:
    rows, (status,) = run_precise(configured({"timely_coverage": 0.001}, cap=40), synthetic)
    assert len(rows) == 40 and not status.met and status.needed > 40
    assert "no (cap 40" in format_precision([status], 40)[-1]


def test_without_targets_runs_the_configured_replications() -> None:
    rows, statuses = run_precise(configured({}, replications=7), synthetic)
    assert len(rows) == 7 and statuses == []


def test_a_kpi_undefined_everywhere_is_not_met_and_asks_for_more() -> None:
    rows = [{"error": None, "timely_coverage": float("nan")}] * 3
    (status,) = precision_status(rows, {"timely_coverage": 0.1})
    assert not status.met and status.needed == 6


@pytest.mark.parametrize(("override", "key"), [
    ("+run.precision.nope=0.1", "run.precision.nope"),
    ("+run.precision.timely_coverage=0", "run.precision.timely_coverage"),
    ("run.max_replications=1", "run.max_replications"),
])
def test_bad_precision_settings_are_refused(override: str, key: str) -> None:
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_config([override])


def test_cap_below_the_first_batch_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"run\.max_replications"):
        load_config(["+run.precision.timely_coverage=0.05", "run.replications=20",
                     "run.max_replications=10"])
    assert load_config(["+run.precision.timely_coverage=0.05"]).run.precision == {
        "timely_coverage": 0.05}


def test_the_api_runs_real_replications_until_precise() -> None:
    cfg = load_config(["scenario=mmc", "scenario.horizon_days=40", "scenario.warmup_days=5",
                       "+run.precision.share_idle=0.05", "run.replications=2",
                       "run.max_replications=30"])
    df, (status,) = run_until_precise(cfg, n_jobs=1)
    assert status.met and len(df) == status.n > 2  # two were not enough (12 are)
    assert list(df["replication"]) == list(range(len(df)))
    assert achieved_halfwidth(df["share_idle"].to_numpy()) <= 0.05
