"""The agencies and partner units of a scenario: the contracts several agencies hold
(``scenario.agencies``) and the partner organisations cases are referred out to
(``scenario.partners``); plain dataclasses, see :mod:`sim.contracts` and :mod:`sim.partners`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ContractConfig:
    """One agency of several, and the contract it holds (``scenario.agencies.<name>``).

    Leave ``scenario.agencies`` empty for the single-agency default (``scenario.agency`` and
    ``policy.funding``). The routing rule is :mod:`sim.routing`'s; money and re-tendering are
    :mod:`sim.contracts`'.

    Parameters
    ----------
    stations
        Stations where the agency's workers are based (each station at most one agency's;
        the staffing policy's target of a station is its owner's).
    areas
        Stations whose communities' cases it is contracted for (empty: its ``stations``).
    needs
        Need types it is contracted for (empty: every need type, an area contract).
    budget_share
        Its share of the purchasing body's total budget ``scenario.agency.budget_per_year``
        (``None``: in proportion to its initial target headcount's cost).
    cost_per_worker_year
        What one of its workers costs a year (``None``: ``scenario.agency``'s).
    funding
        A ``policy/funding`` option for this agency: ``name`` and that option's keys
        (empty: the run's ``policy.funding``).
    hiring_lag_days
        Its hiring lag (``None``: ``scenario.workforce.hiring_lag_days``).
    contract_years
        The contract period: it comes up for renewal every ``contract_years`` years (its
        funding streams still pay, and may fail to renew, each contract year).
    retender_prob
        Probability that the contract goes to a new provider at a renewal: the incumbent's
        workers are laid off, their open cases handed over, and the new provider hires anew.
    transition_cost
        What a re-tender costs the purchasing body (yuan, counted in the agency's cost).
    """

    stations: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    budget_share: float | None = None
    cost_per_worker_year: float | None = None
    funding: dict[str, Any] = field(default_factory=dict)
    hiring_lag_days: float | None = None
    contract_years: int = 1
    retender_prob: float = 0.0
    transition_cost: float = 0.0


@dataclass
class PartnerConfig:
    """A partner unit (the "N" of "1+1+N"): an outside organisation taking referrals out
    (``scenario.partners.<name>``; see :mod:`sim.partners`).

    Parameters
    ----------
    needs
        Need types it takes.
    refer_share
        Share of those cases the worker refers out after the intake (instead of sessions).
    referral_hours, follow_up_hours
        The worker's time to make the referral, and to follow it up when the partner is done
        (time category ``referral``).
    capacity
        Referrals it serves at once (0: none).
    wait_days
        Mean of its own intake delay before a referral can start (exponential).
    service_days
        Mean time it serves a referral (exponential).
    success_prob
        Probability that a referral it served succeeded.
    max_wait_days
        A referral not started this long after it was made fails (``None``: it waits on).
    """

    needs: list[str] = field(default_factory=list)
    refer_share: float = 0.5
    referral_hours: float = 1.0
    follow_up_hours: float = 0.5
    capacity: int = 5
    wait_days: float = 7.0
    service_days: float = 30.0
    success_prob: float = 0.8
    max_wait_days: float | None = 90.0
