"""Participation: paired directions of the trust loop, points and activities, and its
invariants (trust in [0, 1] at every audit, participants within the venue, each household at
most once per activity).

Directions are paired (common random numbers: the same seed and replication numbers, hence
the same households and need draws) and asserted on the mean difference and on the sign of
every pair but at most one.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim import load_config, run
from sim.build import build

PAIRS = 6
# The feedback loop alone: no activities (their trust boost would also differ with staff),
# and three times the calibrated demand so that one worker falls behind.
LOOP = ["scenario.group_work.activities_per_year=0", "scenario.demand_scale=0.27"]
FEWER = ["scenario.stations.east_station.workers=0",
         "scenario.stations.service_centre.workers=1"]


def paired(a: list[str], b: list[str], kpis: tuple[str, ...]) -> dict[str, np.ndarray]:
    """KPI(b) - KPI(a) per replication, with common random numbers."""
    cfg_a, cfg_b = load_config(a), load_config(b)
    rows = [(run(cfg_a, seed=11, replication=i).kpis, run(cfg_b, seed=11, replication=i).kpis)
            for i in range(PAIRS)]
    return {k: np.array([rb[k] - ra[k] for ra, rb in rows]) for k in kpis}


def assert_direction(diff: np.ndarray, sign: int) -> None:
    assert sign * diff.mean() > 0, diff
    assert (sign * diff > 0).sum() >= PAIRS - 1, diff


@pytest.mark.slow
def test_fewer_workers_lower_trust_and_hide_more_need() -> None:
    """Too few staff -> untimely response and abandonment -> lower trust -> hidden need
    (source 002's loop); with the feedback switched off trust would not depend on staff."""
    diff = paired(LOOP, LOOP + FEWER, ("trust_mean_end", "hidden_unmet_need",
                                       "timely_coverage"))
    assert_direction(diff["timely_coverage"], -1)
    assert_direction(diff["trust_mean_end"], -1)
    assert_direction(diff["hidden_unmet_need"], +1)
    off = ["scenario.trust.timely_gain=0", "scenario.trust.untimely_loss=0",
           "scenario.trust.abandoned_loss=0"]
    flat = paired(LOOP + off, LOOP + off + FEWER, ("trust_mean_end",))
    np.testing.assert_allclose(flat["trust_mean_end"], 0.0, atol=1e-12)


@pytest.mark.slow
def test_points_raise_participants_and_referrals() -> None:
    diff = paired([], ["policy/engagement=points"],
                  ("activity_participants_per_year", "referrals", "trust_mean_end"))
    assert_direction(diff["activity_participants_per_year"], +1)
    assert_direction(diff["trust_mean_end"], +1)
    assert diff["referrals"].mean() > 0, diff["referrals"]


@pytest.mark.slow
def test_more_activities_serve_more_people() -> None:
    diff = paired([], ["scenario.group_work.activities_per_year=25"],
                  ("people_served_per_year", "group_activities_per_year"))
    assert_direction(diff["group_activities_per_year"], +1)
    assert_direction(diff["people_served_per_year"], +1)


@pytest.mark.parametrize("engagement", ["none", "points"])
def test_trust_attendance_and_venue_invariants(engagement: str) -> None:
    """Everything on (feedback, word of mouth, activities, points, a small venue)."""
    cfg = load_config([f"policy/engagement={engagement}", "scenario.group_work.capacity=60",
                       "scenario.demand_scale=0.3", "scenario.horizon_days=700"])
    built = build(cfg, seed=3, replication=0)
    model = built.model.run()
    audits = np.array(model.trust_audits)
    assert len(audits) == len(model.recorder.audits) > 50
    assert (audits[:, 1] >= 0.0).all() and (audits[:, 3] <= 1.0).all()
    assert (audits[:, 1] <= audits[:, 2]).all() and (audits[:, 2] <= audits[:, 3]).all()
    log = model.group_work.attendance.log if model.group_work.attendance else []
    assert len(log) > 10
    participants = np.array([n for _, _, n, _ in log])
    distinct = np.array([d for _, _, _, d in log])
    assert (participants <= 60).all() and participants.max() == 60  # the venue binds
    np.testing.assert_array_equal(participants, distinct)  # once per household per activity
    results = model.results()
    assert results["activity_participants"] == sum(
        n for t, _, n, _ in log if model.window.warmup <= t <= model.window.horizon)
