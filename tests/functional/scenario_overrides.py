"""Overrides shared by functional tests (imported by name: pytest puts this folder on the path).

``STATIC_WORKFORCE`` switches off the processes whose feedback makes exact identities about
the core model hold only statistically: turnover (handovers put served cases back in the
queue), absences, group work (trust feedback changes referrals), re-referral and funding
renewal risk. The invariants that must hold with everything on are checked in
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
]
