"""Caseload capacity policies: weights, caps, booked hours, and the reweigh hook.

Hand-made cases with known contacts, a calendar whose productive hours are counted by hand,
and one worker on continuous duty for the hook (every time follows from the inputs).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import simpy

from sim.agents.cases import STANDARD, Case
from sim.agents.demand import NeedSpec
from sim.agents.workers import Worker
from sim.allocation import Allocator
from sim.calendar import WorkCalendar
from sim.casework import Casework, Outcomes
from sim.checks import ConfigError
from sim.distributions import make_sampler
from sim.loading import load_config
from sim.policies.caseload import (
    CASELOAD,
    HardCap,
    Weighted,
    Workload,
    booked_hours,
    weigher,
)
from sim.policies.dispatch import make_dispatch
from sim.results.recorder import Recorder
from sim.scheduling import Scheduler
from sim.staff import Staff

H = 1.0 / 24.0
ALWAYS = WorkCalendar(tuple(range(7)), 0.0, 24.0, 0.0)
# Monday-Friday, 8 h of duty, a quarter fixed admin: 6 productive hours a workday.
OFFICE = WorkCalendar((0, 1, 2, 3, 4), 8.0, 8.0, 0.25)
# (work hours, home visit): the intake and three sessions
CONTACTS = [(2.0, True), (1.0, False), (1.5, True), (1.0, True)]


def make_case(contacts: list[tuple[float, bool]], recording: float = 0.25, need: int = 0,
              community: int = 0, weight: float = 1.0, case_id: int = 1) -> Case:
    """A case of known content."""
    return Case(case_id, need, case_id, community, 0, STANDARD, False, 0.0, 7.0, weight,
                contacts, recording, 0.5, 0.5)


# --------------------------------------------------------------------------- hard_cap


def test_hard_cap_keeps_the_scenarios_weights_and_cap() -> None:
    policy = HardCap()
    assert not policy.booked
    assert policy.need_weight("child_protection", 2.0) == 2.0
    assert policy.cap(17.0, OFFICE, 365.0) == 17.0
    assert policy.weight(make_case(CONTACTS, weight=2.0), 7.0, 0.5) == 2.0
    assert weigher(policy, [7.0], [0.5]) is None


def test_the_default_is_hard_cap_with_the_scenarios_cap() -> None:
    cfg = load_config([])
    assert type(cfg.policy.caseload) is HardCap
    assert cfg.scenario.workforce.caseload_cap == 17.0


# --------------------------------------------------------------------------- weighted


def test_weighted_gives_named_need_types_their_points_and_the_rest_the_default() -> None:
    policy = Weighted(weights={"child_protection": 3.0}, default_weight=1.0, cap_points=12.0)
    assert policy.need_weight("child_protection", 1.0) == 3.0
    assert policy.need_weight("policy_explanation", 1.0) == 1.0
    assert policy.cap(17.0, OFFICE, 365.0) == 12.0
    assert not policy.booked


@pytest.mark.parametrize(("params", "message"), [
    (Weighted(weights={"a": 0.0}), r"^policy\.caseload\.weights\.a = 0\.0 is not allowed: "
                                   r"must be > 0$"),
    (Weighted(weights={"a": 20.0}, cap_points=10.0),
     r"^policy\.caseload\.weights\.a = 20\.0 is not allowed: must be <= cap_points = 10$"),
    (Weighted(default_weight=-1.0), r"^policy\.caseload\.default_weight = -1\.0 is not"),
    (Weighted(cap_points=0.0), r"^policy\.caseload\.cap_points = 0\.0 is not allowed"),
    (Workload(utilisation=1.5), r"^policy\.caseload\.utilisation = 1\.5 is not allowed: "
                                r"must be <= 1$"),
    (Workload(lookahead_days=0.0), r"^policy\.caseload\.lookahead_days = 0\.0 is not"),
])
def test_bad_parameters_are_refused_naming_the_key(params: Weighted | Workload,
                                                    message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        CASELOAD.check(params)


def test_a_weight_for_an_unknown_need_type_is_refused_in_one_line() -> None:
    with pytest.raises(ConfigError) as info:
        load_config(["policy/caseload=weighted", "+policy.caseload.weights.elderly=2"])
    message = str(info.value)
    assert message.startswith("policy.caseload.weights.elderly = 2.0 is not allowed: elderly "
                              "is not a need type of the scenario: need types are elderly_care,")
    assert "\n" not in message


def test_mmc_has_one_need_type_so_the_default_weights_do_not_fit_it() -> None:
    with pytest.raises(ConfigError, match=r"weights\.child_protection .* need types are "
                                          r"service$"):
        load_config(["scenario=mmc", "policy/caseload=weighted"])
    cfg = load_config(["scenario=mmc", "policy/caseload=weighted", "policy.caseload.weights={}"])
    assert cfg.policy.caseload.weights == {}


# --------------------------------------------------------------------------- workload


def test_workload_cap_is_a_share_of_the_productive_hours_of_the_lookahead() -> None:
    """Ten weeks without holidays: 50 workdays x 6 productive hours over 70 days."""
    policy = Workload(lookahead_days=28.0, utilisation=0.85)
    assert policy.cap(17.0, OFFICE, 70.0) == pytest.approx(0.85 * 300.0 / 70.0 * 28.0)
    holiday = WorkCalendar((0, 1, 2, 3, 4), 8.0, 8.0, 0.25, holidays=(0, 1, 2, 3, 4))
    assert policy.cap(17.0, holiday, 70.0) == pytest.approx(0.85 * 270.0 / 70.0 * 28.0)
    heavier_admin = WorkCalendar((0, 1, 2, 3, 4), 8.0, 8.0, 0.5)
    assert policy.cap(17.0, heavier_admin, 70.0) < policy.cap(17.0, OFFICE, 70.0)


def test_booked_hours_of_a_hand_made_case() -> None:
    """Contacts due 0, 10, 20, 30 days from referral; 28-day look-ahead; each contact costs
    work + 0.25 h recording + 0.5 h travel if a home visit."""
    args = (10.0, 28.0, 0.25, 0.5)
    assert booked_hours(CONTACTS, 0, 0.0, *args) == pytest.approx(2.75 + 1.25 + 2.25)
    # after the intake: contacts 1, 2 due in 10 and 20 days, contact 3 in 30
    assert booked_hours(CONTACTS, 1, 10.0, *args) == pytest.approx(1.25 + 2.25)
    # after contact 1: contacts 2 and 3 (it came within the look-ahead)
    assert booked_hours(CONTACTS, 2, 10.0, *args) == pytest.approx(2.25 + 1.75)
    assert booked_hours(CONTACTS, 3, 10.0, *args) == pytest.approx(1.75)
    assert booked_hours(CONTACTS, 4, 10.0, *args) == 0.0


def test_the_next_contact_is_booked_even_after_the_lookahead() -> None:
    assert booked_hours(CONTACTS, 1, 40.0, 40.0, 28.0, 0.25, 0.5) == pytest.approx(1.25)


def test_contacts_without_an_interval_are_all_due_now() -> None:
    assert booked_hours(CONTACTS, 0, 0.0, 0.0, 1.0, 0.0, 0.0) == pytest.approx(5.5)


def test_workload_weighs_a_case_by_its_need_interval_and_community_travel() -> None:
    policy = Workload(lookahead_days=28.0)
    weigh = weigher(policy, intervals=[7.0, 10.0], travel=[9.9, 0.5])
    assert weigh is not None
    case = make_case(CONTACTS, need=1, community=1)
    assert weigh(case) == pytest.approx(6.25)
    case.next_contact = 1
    assert weigh(case) == pytest.approx(3.5)
    # need 0 (sessions 7 days apart) in community 0 (9.9 h round trip): all four booked
    assert weigh(make_case(CONTACTS)) == pytest.approx(5.5 + 4 * 0.25 + 3 * 9.9)


# --------------------------------------------------------------------------- the hook


def test_reweigh_keeps_the_caseload_the_sum_of_open_weights() -> None:
    sched = Scheduler(simpy.Environment())
    worker = Worker(sched, 0, 0, ALWAYS, 10.0, (0.0, 10.0), lambda _w, _c: None)
    a, b = make_case([(1.0, False)] * 3, weight=4.0, case_id=1), make_case([(1.0, False)],
                                                                           weight=3.0, case_id=2)
    worker.assign(a)
    worker.assign(b)
    worker.reweigh(a, 1.5)
    assert a.weight == 1.5 and worker.caseload == pytest.approx(4.5)
    assert worker.max_caseload == 7.0  # the most at allocation
    worker.release(a)
    assert worker.caseload == pytest.approx(b.weight)


def _need(interval: float) -> NeedSpec:
    return NeedSpec(index=0, name="n", eligible=np.arange(10), rate_per_day=0.0,
                    urgent_share=0.0, target_days=(1.0, 7.0), intake_hours=1.0,
                    sessions_mean=1.0, session_hours=1.0, sampler=make_sampler("fixed", 0.0),
                    session_interval_days=interval, home_visit_share=0.0, patience_days=None,
                    case_weight=1.0, recording_hours=0.0, success_prob=1.0)


class _Factory:
    """Hands out two-contact cases (1 h each) weighing what ``weigh`` says."""

    def __init__(self, weigh: Callable[[Case], float]) -> None:
        self.weigh = weigh
        self.made = 0

    def make(self, t: float, need: NeedSpec, household: int,
             generation: int = 0) -> tuple[Case, None]:
        self.made += 1
        case = make_case([(1.0, False), (1.0, False)], recording=0.0, case_id=self.made)
        case.referred_at = t
        case.weight = self.weigh(case)
        return case, None


def test_room_freed_by_a_contact_goes_to_a_waiting_case() -> None:
    """Booked hours of a case: 2 h at referral, 1 h after its intake. A worker with room
    for 3 h takes the first case, the second waits, and takes it when the first case's
    intake ends (hour 1), not when the first case closes (day 5)."""
    weigh = weigher(Workload(lookahead_days=28.0), [5.0], [0.0])
    assert weigh is not None
    sched = Scheduler(simpy.Environment())
    recorder = Recorder(0.0, 100.0, 100.0, 1)
    staff: Staff[Worker] = Staff()
    allocator = Allocator(sched, make_dispatch("fifo"), staff, recorder)
    casework = Casework(sched, [_need(5.0)], _Factory(weigh),  # type: ignore[arg-type]
                        allocator, recorder, Outcomes(), weigh)
    worker = Worker(sched, 0, 0, ALWAYS, 3.0, (0.0, 100.0), casework.on_contact_end,
                    staff.room_changed)
    staff.add(worker)
    for _ in range(2):
        casework.on_need(0.0, 0, 0, True)
    assert allocator.waiting == 1 and worker.caseload == 2.0
    sched.env.run(until=1.5 * H)
    assert allocator.waiting == 0
    assert worker.caseload == pytest.approx(sum(c.weight for c in worker.cases)) == 3.0
    sched.env.run(until=20.0)
    assert worker.caseload == pytest.approx(0.0) and not worker.cases
