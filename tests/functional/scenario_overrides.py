"""Overrides shared by functional tests (imported by name: pytest puts this folder on the path).

``STATIC_WORKFORCE`` switches off the processes whose feedback makes exact identities about
the core model hold only statistically: turnover (handovers put served cases back in the
queue, and so do on-call call-outs), absences, leave, training days and supervision, group
work and trust feedback (both change referrals), re-referral and funding renewal risk. The
invariants that must hold with everything on are checked in
``test_invariants_all_policies.py``.
"""

from __future__ import annotations

STATIC_WORKFORCE = [
    "scenario.workforce.exit_rate_per_year=0",
    "scenario.workforce.first_year_exit_rate_per_year=0",
    "scenario.workforce.absence_episodes_per_year=0",
    "scenario.group_work.activities_per_year=0",
    "scenario.rereferral_prob=0",
    "policy.funding.streams.government.renewal_prob=1.0",
    # leave, training days and supervision fall on random dates of each worker slot: a
    # worker added at one station shifts the slots (ids) of the others
    "scenario.workforce.annual_leave_days=0",
    "scenario.workforce.training_days_per_year=0",
    "scenario.workforce.supervision_hours_per_month=0",
    # call-outs hand the case back to allocation after its first contact: a hand-over
    "policy/cover=office_hours",
    # trust feedback: whether a first contact was timely changes later referrals
    "scenario.trust.timely_gain=0",
    "scenario.trust.untimely_loss=0",
    "scenario.trust.abandoned_loss=0",
]

# The incidences as j_community.yaml writes them, before its calibration to the 2023 counts
# (demand_scale 0.083, docs/calibration.md): about 11x the reported cases, the load that
# tests of queueing and policy mechanics need to keep workers busy.
UNCALIBRATED = ["scenario.demand_scale=1"]
