"""Demand: superposed Poisson needs, their types and households, referral, case content."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
import simpy

from sim.agents.cases import STANDARD, URGENT, WAITING
from sim.agents.demand import CaseFactory, Demand, NeedSpec
from sim.agents.households import Households
from sim.agents.profile import ReferralProfile
from sim.agents.trust import Trust
from sim.distributions import make_sampler
from sim.rng import Streams
from sim.scheduling import Scheduler

N_HH = 1000


def households(trust: np.ndarray | float = 0.5, n: int = N_HH) -> Households:
    """Hand-made households: two communities (even rows 0, odd rows 1), every 3rd minority."""
    idx = np.arange(n)
    trust_col = np.full(n, trust) if np.isscalar(trust) else np.asarray(trust)
    return Households(community=(idx % 2).astype(np.int32), size=np.full(n, 2, np.int16),
                      has_elderly=idx % 4 == 0, has_disabled=np.zeros(n, bool),
                      has_minor=np.zeros(n, bool), low_income=np.zeros(n, bool),
                      minority_language=idx % 3 == 0, trust=trust_col)


def need(index: int, rate: float, eligible: np.ndarray | None = None, **kw: object) -> NeedSpec:
    """A need type with defaults that tests override."""
    values: dict[str, object] = {
        "name": f"need{index}", "urgent_share": 0.25, "target_days": (2.0, 14.0),
        "intake_hours": 1.5, "sessions_mean": 2.0, "session_hours": 1.0,
        "sampler": make_sampler("fixed"), "session_interval_days": 7.0,
        "home_visit_share": 0.5, "patience_days": None, "case_weight": 1.0,
        "recording_hours": 0.25, "success_prob": 0.8, **kw,
    }
    elig = np.arange(N_HH) if eligible is None else eligible
    return NeedSpec(index=index, eligible=elig, rate_per_day=rate, **values)  # type: ignore[arg-type]


def trust_of(hh: Households) -> Trust:
    """The households' trust; each community is served by its own station."""
    return Trust(hh.trust, hh.community, 2)


def run_demand(needs: list[NeedSpec], hh: Households, days: float,
               seed: int = 1) -> list[tuple[float, int, int, bool]]:
    """Every need ``(t, need, household, referred)`` arising in ``days``."""
    sched = Scheduler(simpy.Environment())
    seen: list[tuple[float, int, int, bool]] = []
    streams = Streams(seed, 0)
    demand = Demand(sched, needs, trust_of(hh), streams["arrivals"], streams["referral"],
                    lambda *event: seen.append(event))
    demand.start()
    sched.env.run(until=days)
    return seen


def close_to(count: float, mean: float) -> bool:
    """A Poisson (or binomial) count within 4.5 standard deviations of its mean."""
    return abs(count - mean) <= 4.5 * math.sqrt(mean)


# --------------------------------------------------------------------------- arrivals


def test_superposed_rate_is_the_sum_of_rates() -> None:
    events = run_demand([need(0, 3.0), need(1, 1.0), need(2, 0.5)], households(), 3000.0)
    assert close_to(len(events), 4.5 * 3000.0)
    times = [t for t, *_ in events]
    assert times == sorted(times)
    gaps = np.diff(times)
    assert gaps.mean() == pytest.approx(1 / 4.5, rel=0.03)
    assert gaps.std() / gaps.mean() == pytest.approx(1.0, abs=0.05)  # exponential gaps


def test_need_mix_follows_rates() -> None:
    events = run_demand([need(0, 3.0), need(1, 1.0), need(2, 0.5)], households(), 3000.0)
    counts = Counter(n for _, n, _, _ in events)
    total = len(events)
    for index, rate in enumerate((3.0, 1.0, 0.5)):
        p = rate / 4.5
        assert abs(counts[index] / total - p) <= 4.5 * math.sqrt(p * (1 - p) / total)


def test_households_drawn_uniformly_from_the_eligible() -> None:
    eligible = np.array([1, 3, 5, 8])
    events = run_demand([need(0, 2.0, eligible)], households(), 4000.0)
    counts = Counter(h for _, _, h, _ in events)
    assert set(counts) == set(eligible.tolist())
    for h in eligible:
        assert close_to(counts[int(h)], len(events) / 4)


def test_results_report_the_total_rate() -> None:
    streams = Streams(1, 0)
    demand = Demand(Scheduler(simpy.Environment()), [need(0, 3.0), need(1, 1.5)],
                    trust_of(households()), streams["arrivals"], streams["referral"],
                    lambda *_: None)
    assert demand.results() == {"arrival_rate_per_day": pytest.approx(4.5)}


def test_zero_rate_schedules_nothing() -> None:
    assert run_demand([need(0, 0.0, np.array([], dtype=np.int64))], households(), 100.0) == []


# --------------------------------------------------------------------------- referral


def test_referral_share_is_the_trust() -> None:
    events = run_demand([need(0, 5.0)], households(trust=0.3), 2000.0)
    referred = np.array([r for *_, r in events])
    p = 0.3
    assert abs(referred.mean() - p) <= 4.5 * math.sqrt(p * (1 - p) / referred.size)


def test_referral_follows_each_households_trust() -> None:
    trust = np.where(np.arange(N_HH) < N_HH // 2, 0.1, 0.9)
    events = run_demand([need(0, 5.0)], households(trust=trust), 2000.0)
    low = [r for _, _, h, r in events if h < N_HH // 2]
    high = [r for _, _, h, r in events if h >= N_HH // 2]
    assert np.mean(low) == pytest.approx(0.1, abs=0.02)
    assert np.mean(high) == pytest.approx(0.9, abs=0.02)
    assert all(isinstance(r, bool) for _, _, _, r in events[:50])


def test_referral_reads_the_trust_of_the_moment() -> None:
    """A boost of a station's trust (group work) changes the referrals that follow at once:
    the demand process keeps no copy of the trust to refresh."""
    sched = Scheduler(simpy.Environment())
    seen: list[tuple[float, int, int, bool]] = []
    streams = Streams(3, 0)
    trust = trust_of(households(trust=0.0))
    demand = Demand(sched, [need(0, 5.0)], trust, streams["arrivals"], streams["referral"],
                    lambda *event: seen.append(event))
    demand.start()
    sched.after(200.0, lambda _e: trust.gain_grid(0, 1.0))  # community 0: full trust
    sched.env.run(until=400.0)
    before = [r for t, _, _, r in seen if t < 200.0]
    after = [(h % 2, r) for t, _, h, r in seen if t > 200.0]
    assert before and not any(before)
    assert after and all(r == (community == 0) for community, r in after)
    assert {community for community, _ in after} == {0, 1}


def test_same_seed_same_needs() -> None:
    needs = [need(0, 2.0), need(1, 1.0, np.array([2, 4, 6]))]
    assert run_demand(needs, households(), 200.0, seed=4) == run_demand(needs, households(),
                                                                       200.0, seed=4)


def test_eligible_lists_skip_the_full_one() -> None:
    """A need every household is eligible for keeps no list (the drawn position is the
    household); the others keep their eligible households as a compact array."""
    evens = np.arange(0, N_HH, 2)
    streams = Streams(1, 0)
    demand = Demand(Scheduler(simpy.Environment()),
                    [need(0, 1.0), need(1, 1.0, evens), need(2, 1.0, evens.copy())],
                    trust_of(households()), streams["arrivals"], streams["referral"],
                    lambda *_: None)
    assert demand._eligible[0] is None
    assert list(demand._eligible[1] or []) == evens.tolist()
    assert list(demand._eligible[2] or []) == evens.tolist()


def test_households_drawn_uniformly_when_all_are_eligible() -> None:
    events = run_demand([need(0, 20.0)], households(), 2000.0)
    drawn = np.array([h for _, _, h, _ in events])
    assert drawn.min() == 0 and drawn.max() == N_HH - 1
    # uniform on 0..N-1: mean (N-1)/2, sd ~ N/sqrt(12)
    sd_of_mean = N_HH / math.sqrt(12 * drawn.size)
    assert abs(drawn.mean() - (N_HH - 1) / 2) <= 4.5 * sd_of_mean
    halves = np.count_nonzero(drawn < N_HH // 2)
    assert close_to(halves, drawn.size / 2)


# --------------------------------------------------------------------------- cases


def factory(hh: Households | None = None, seed: int = 2) -> CaseFactory:
    """A case factory: community 0 is served from station 0, community 1 from station 1."""
    streams = Streams(seed, 0)
    return CaseFactory(streams["case"], streams["rereferral"], hh or households(),
                       np.array([0, 1]))


def test_case_content() -> None:
    fac = factory()
    spec = need(0, 1.0, home_visit_share=1.0, sessions_mean=0.0, patience_days=None)
    case, patience = fac.make(4.0, spec, household=3)
    assert patience is None
    assert case.status == WAITING and case.referred_at == 4.0
    assert case.household == 3 and case.community == 1 and case.station == 1
    assert case.minority is True  # 3 % 3 == 0
    # fixed intake effort, a home visit (travel depends on the worker, added at the contact)
    assert case.contacts == [(1.5, True)]
    assert case.target_days == (2.0 if case.priority == URGENT else 14.0)
    assert case.weight == 1.0 and case.recording_hours == 0.25
    assert case.generation == 0 and case.volunteer_ok is False
    assert 0.0 <= case.success_u < 1.0 and 0.0 <= case.rerefer_u < 1.0
    assert case.success is False  # decided at closure


def test_case_keeps_volunteer_eligibility_of_its_need() -> None:
    case, _ = factory().make(0.0, need(0, 1.0, volunteer_eligible=True), 4)
    assert case.volunteer_ok is True and case.minority is False  # 4 % 3 != 0


def test_case_ids_increase() -> None:
    fac = factory()
    ids = [fac.make(0.0, need(0, 1.0), 0)[0].id for _ in range(5)]
    assert ids == [1, 2, 3, 4, 5]


def test_case_draws_follow_the_need() -> None:
    fac = factory()
    spec = need(0, 1.0, urgent_share=0.3, sessions_mean=2.5, home_visit_share=0.4,
                success_prob=0.8, patience_days=10.0)
    made = [fac.make(0.0, spec, h % N_HH) for h in range(20_000)]
    cases = [c for c, _ in made]
    n = len(cases)
    urgent = np.mean([c.priority == URGENT for c in cases])
    assert abs(urgent - 0.3) <= 4.5 * math.sqrt(0.21 / n)
    assert {c.priority for c in cases} == {URGENT, STANDARD}
    contacts = np.array([len(c.contacts) for c in cases])
    assert contacts.min() >= 1
    assert contacts.mean() == pytest.approx(1 + 2.5, abs=0.05)
    # success is decided at closure as success_u < p: with p = success_prob, the share is p
    assert np.mean([c.success_u < 0.8 for c in cases]) == pytest.approx(0.8, abs=0.015)
    assert np.mean([c.rerefer_u for c in cases]) == pytest.approx(0.5, abs=0.01)
    patience = np.array([p for _, p in made])
    assert patience.mean() == pytest.approx(10.0, rel=0.04)
    visits = [home for c in cases for _, home in c.contacts]
    assert all(isinstance(home, bool) for home in visits)
    assert np.mean(visits) == pytest.approx(0.4, abs=0.01)
    sessions = [work for c in cases for work, _ in c.contacts[1:]]
    assert set(sessions) == {1.0}  # fixed session effort


def test_no_home_visits() -> None:
    case, _ = factory().make(0.0, need(0, 1.0, home_visit_share=0.0, sessions_mean=3.0), 5)
    assert len(case.contacts) >= 1
    assert not any(home for _, home in case.contacts)


def test_no_sessions_means_intake_only() -> None:
    case, _ = factory().make(0.0, need(0, 1.0, sessions_mean=0.0), 5)
    assert len(case.contacts) == 1 and case.contacts[0][0] == 1.5


def test_rereferrals_draw_from_their_own_stream() -> None:
    """Re-referrals (which depend on the policies) never shift the draws of new cases."""
    spec = need(0, 1.0, urgent_share=0.5, sessions_mean=2.0, home_visit_share=0.5,
                sampler=make_sampler("lognormal", 0.5), patience_days=5.0)
    plain, mixed = factory(seed=9), factory(seed=9)
    new_plain = [plain.make(float(i), spec, i)[0] for i in range(50)]
    new_mixed = []
    for i in range(50):
        new_mixed.append(mixed.make(float(i), spec, i)[0])
        rerefer, _ = mixed.make(float(i), spec, i, generation=1 + i % 2)
        assert rerefer.generation == 1 + i % 2
    assert [(c.priority, c.contacts, c.success_u, c.rerefer_u) for c in new_plain] == \
        [(c.priority, c.contacts, c.success_u, c.rerefer_u) for c in new_mixed]


def test_thinning_keeps_the_mean_rate_and_puts_standard_referrals_in_office_hours() -> None:
    """Office share 0.8 of standard needs in office hours (mean rate unchanged); the urgent
    part of a need type arrives at any hour."""
    profile = ReferralProfile(office_share=0.8)
    sched = Scheduler(simpy.Environment())
    seen: list[tuple[float, int, int, bool]] = []
    streams = Streams(3, 0)
    hh = households(1.0)
    rate, days = 20.0, 700.0
    demand = Demand(sched, [need(0, rate, urgent_share=0.0), need(1, rate, urgent_share=1.0)],
                    trust_of(hh), streams["arrivals"], streams["referral"],
                    lambda *event: seen.append(event), profile)
    demand.start()
    sched.env.run(until=days)
    for i, office_share in ((0, 0.8), (1, profile.office_fraction)):
        times = [t for t, n, _, _ in seen if n == i]
        assert len(times) == pytest.approx(rate * days, rel=0.03)  # sd ~0.85%
        inside = sum(profile.in_office(t) for t in times) / len(times)
        assert inside == pytest.approx(office_share, abs=0.015)


def test_a_case_out_of_office_hours_is_more_likely_urgent() -> None:
    profile = ReferralProfile(office_share=0.8)
    streams = Streams(4, 0)
    hh = households()
    factory = CaseFactory(streams["case"], streams["rereferral"], hh, np.array([0, 1]),
                          profile=profile)
    spec = need(0, 1.0, urgent_share=0.2)
    night = [factory.make(0.1, spec, 0)[0].priority for _ in range(4000)]
    office = [factory.make(0.5, spec, 0)[0].priority for _ in range(4000)]
    expected_night = profile.urgent_probability(0.2, 0.1)
    assert night.count(URGENT) / 4000 == pytest.approx(expected_night, abs=0.03)
    assert office.count(URGENT) / 4000 == pytest.approx(
        profile.urgent_probability(0.2, 0.5), abs=0.03)
    assert expected_night > 0.2 > profile.urgent_probability(0.2, 0.5)
