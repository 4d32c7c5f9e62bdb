"""Demand: needs arising in households, and the cases that referred needs become.

Needs of every (need type x eligible household) arise as independent Poisson processes; their
superposition is one Poisson process whose events pick a need type by rate and then an
eligible household uniformly. One pending timeout at a time, whatever the number of
households. A need is referred with the household's trust as probability; the rest is hidden
unmet need.

With a non-flat :class:`~sim.agents.profile.ReferralProfile` (weekday, hour, season) the
superposed process runs at the envelope rate and each candidate is kept with probability
``intensity / peak`` of its need type (thinning); a flat profile draws exactly as before.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.agents.cases import STANDARD, URGENT, Case
from sim.agents.households import Households
from sim.agents.profile import ReferralProfile
from sim.agents.trust import Trust
from sim.distributions import Sampler, poisson
from sim.rng import Stream
from sim.scheduling import Scheduler


@dataclass(frozen=True)
class NeedSpec:
    """A need type, resolved for one region (eligible households, rate per day)."""

    index: int
    name: str
    eligible: np.ndarray
    rate_per_day: float
    urgent_share: float
    target_days: tuple[float, float]
    intake_hours: float
    sessions_mean: float
    session_hours: float
    sampler: Sampler
    session_interval_days: float
    home_visit_share: float
    patience_days: float | None
    case_weight: float
    recording_hours: float
    success_prob: float
    volunteer_eligible: bool = False


NeedHandler = Callable[[float, int, int, bool], None]
CaseHandler = Callable[[Case], None]
#: A case's weight from its drawn content (a caseload policy's, see sim.policies.caseload).
Weigh = Callable[[Case], float]


class CaseFactory:
    """Draws the content of a case at referral, in referral order.

    New referrals draw from the ``case`` stream and re-referrals from the ``rereferral``
    stream, so re-referrals (which depend on the policies) never shift the draws of new cases.
    A case weighs its need type's ``case_weight``, or what ``weigh`` says of its content.
    """

    def __init__(
        self,
        stream: Stream,
        rereferral_stream: Stream,
        households: Households,
        station_of: np.ndarray,
        weigh: Weigh | None = None,
        profile: ReferralProfile | None = None,
    ) -> None:
        self.stream = stream
        self._profile = profile if profile is not None and not profile.flat else None
        self.rereferral_stream = rereferral_stream
        self.households = households
        self.station_of = station_of.tolist()
        self._community = households.community.tolist()  # list lookups: once per case
        self._minority = households.minority_language.tolist()
        self._weigh = weigh
        self._next_id = 0

    @staticmethod
    def _contact(s: Stream, need: NeedSpec, mean_hours: float) -> tuple[float, bool]:
        return need.sampler(s, mean_hours), s.uniform() < need.home_visit_share

    def make(self, t: float, need: NeedSpec, household: int,
             generation: int = 0) -> tuple[Case, float | None]:
        """A new case for ``household``, and its patience (days) if it may abandon."""
        s = self.stream if generation == 0 else self.rereferral_stream
        urgent = need.urgent_share if self._profile is None \
            else self._profile.urgent_probability(need.urgent_share, t)
        priority = URGENT if s.uniform() < urgent else STANDARD
        patience = s.exponential(need.patience_days) if need.patience_days else None
        community = self._community[household]
        sessions = poisson(s, need.sessions_mean) if need.sessions_mean > 0.0 else 0
        # the intake (_contact, inlined: once per case), then the sessions
        contacts = [(need.sampler(s, need.intake_hours), s.uniform() < need.home_visit_share)]
        if sessions:
            contacts += [self._contact(s, need, need.session_hours) for _ in range(sessions)]
        success_u, rerefer_u = s.uniform(), s.uniform()
        self._next_id += 1
        case = Case(
            self._next_id, need.index, household, community, self.station_of[community],
            priority, self._minority[household], t,
            need.target_days[priority], need.case_weight, contacts, need.recording_hours,
            success_u, rerefer_u, generation, need.volunteer_eligible,
        )
        if self._weigh is not None:
            case.weight = self._weigh(case)
        return case, patience


class Demand:
    """The superposed need process of a region.

    Parameters
    ----------
    sched
        The replication's scheduler.
    needs
        Need types with their eligible households and rates.
    trust
        Households' referral propensities (read at every need).
    arrivals, referral
        Streams for needs (time, type, household) and for the referral decision.
    on_need
        Called for every need: ``(t, need index, household, referred)``.
    profile
        When needs arise over the week and the year (``None``: at a constant rate).
    """

    def __init__(
        self,
        sched: Scheduler,
        needs: list[NeedSpec],
        trust: Trust,
        arrivals: Stream,
        referral: Stream,
        on_need: NeedHandler,
        profile: ReferralProfile | None = None,
    ) -> None:
        self.env = sched.env
        self._after = sched.after
        self.needs = needs
        self._own, self._offset, self._scale, self._grid_of = trust.tables()
        self.arrivals = arrivals
        self.referral = referral
        self.on_need = on_need
        self._next_need = self._arrive  # bound once: a timer per need calls it back
        rates = [n.rate_per_day for n in needs]
        self.total_rate = float(sum(rates))
        self.profile = profile if profile is not None and not profile.flat else None
        if self.profile is not None:  # the thinning envelope
            self._peaks = [self.profile.peak(n.urgent_share) for n in needs]
            rates = [r * p for r, p in zip(rates, self._peaks, strict=True)]
        self.candidate_rate = float(sum(rates))
        self._cumulative = np.cumsum(rates).tolist()  # (of the envelope, when thinning)
        # Python lists: indexing one is several times cheaper than a numpy array, once per
        # need. ``None``: every household is eligible, the drawn position is the household.
        n = len(trust)
        self._last = len(needs) - 1
        self._sizes = [need.eligible.shape[0] for need in needs]
        # compact C arrays of household rows (one 8-byte number each, not a Python int)
        self._eligible: list[array[int] | None] = [
            None if need.eligible.shape[0] == n
            else array("q", need.eligible.astype(np.int64).tobytes()) for need in needs]

    def results(self) -> dict[str, float]:
        """What demand reports."""
        return {"arrival_rate_per_day": self.total_rate}

    def start(self) -> None:
        """Schedule the first need (nothing happens if no household is eligible for any)."""
        if self.total_rate > 0.0:
            self._schedule()

    def _schedule(self) -> None:
        gap = self.arrivals.exponential(1.0 / self.candidate_rate)
        self._after(gap, self._arrive if self.profile is None else self._candidate)

    def _candidate(self, _event: Any) -> None:
        """A candidate of the envelope process: kept with probability intensity / peak."""
        u = self.arrivals.uniform() * self.candidate_rate
        i = min(bisect.bisect_right(self._cumulative, u), self._last) if self._last else 0
        assert self.profile is not None
        keep = self.arrivals.uniform() * self._peaks[i] \
            < self.profile.intensity(self.needs[i].urgent_share, self.env.now)
        if keep:
            self._need(i)
        self._schedule()

    def _need(self, i: int) -> None:
        """A need of type ``i`` arises: an eligible household, the referral decision."""
        pick = int(self.arrivals.uniform() * self._sizes[i])
        eligible = self._eligible[i]
        household = pick if eligible is None else eligible[pick]
        g = self._grid_of[household]
        trust = 1.0 - self._offset[g] - self._scale[g] * self._own[household]
        self.on_need(self.env._now, i, household, self.referral.uniform() < trust)

    def _arrive(self, _event: Any) -> None:
        # Once per need: the need type by rate, an eligible household, the referral decision
        # (the order of the draws is part of the results), then the next gap.
        u = self.arrivals.uniform() * self.total_rate
        self._need(min(bisect.bisect_right(self._cumulative, u), self._last)
                   if self._last else 0)
        gap = self.arrivals.exponential(1.0 / self.total_rate)  # _schedule, inlined
        self._after(gap, self._next_need)
