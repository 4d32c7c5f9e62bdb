"""The recorder: counters, per-case tuples, the backlog monitor and audits."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.agents.cases import ABANDONED, CLOSED, OPEN, STANDARD, STATUSES, Case
from sim.results.recorder import CASE_FIELDS, Recorder, case_record


def make_case(case_id: int, t: float) -> Case:
    """A one-contact case referred at ``t``."""
    return Case(case_id, 0, case_id, 0, 0, STANDARD, False, t, 14.0, 1.0, [(1.0, False)], 0.0,
                0.5, 0.5)


def recorder() -> Recorder:
    """Measurement window [10, 90], horizon 100, two need types."""
    return Recorder(measure_from=10.0, measure_to=90.0, horizon=100.0, n_needs=2)


def test_needs_count_only_inside_the_window() -> None:
    rec = recorder()
    for t, need, referred in [(5.0, 0, True), (10.0, 0, True), (50.0, 1, False),
                              (90.0, 1, True), (95.0, 0, True)]:
        rec.need(t, need, referred)
    assert rec.needs_arisen == [1, 2]
    assert rec.needs_referred == [1, 1]


def test_case_record_follows_case_fields() -> None:
    case = make_case(3, 12.0)
    record = dict(zip(CASE_FIELDS, case_record(case), strict=True))
    assert record["case_id"] == 3 and record["referred_at"] == 12.0
    assert record["contacts_planned"] == 1 and record["contacts_done"] == 0
    assert STATUSES[record["status"]] == "waiting" and math.isnan(record["closed_at"])
    assert record["generation"] == 0 and record["interpreted"] is False
    case.generation, case.interpreted = 2, True
    record = dict(zip(CASE_FIELDS, case_record(case), strict=True))
    assert record["generation"] == 2 and record["interpreted"] is True
    assert CASE_FIELDS[-3:] == ("generation", "interpreted", "agency")
    assert record["agency"] == 0  # the one agency of the default form


def test_life_of_a_case() -> None:
    rec = recorder()
    rec.mark_warmup(10.0)
    case = make_case(1, 20.0)
    rec.referral(case)
    assert rec.referred == 1 and rec.live == {1: case} and rec.records == []
    case.status, case.allocated_at = OPEN, 23.0
    rec.allocation(case, 23.0)
    case.status, case.closed_at, case.next_contact = CLOSED, 30.0, 1
    rec.closure(case, 30.0)
    assert rec.closed == 1 and rec.live == {}
    assert rec.records == [case_record(case)]
    assert rec.backlog.area(100.0) == pytest.approx(3.0)  # waited 20 -> 23
    assert rec.backlog_mean(100.0) == pytest.approx(3.0 / 90.0)
    assert rec.backlog.max_level == 1
    assert rec.open_cases.area(100.0) == pytest.approx(7.0)  # open 23 -> 30


def test_a_case_allocated_at_once_never_enters_the_backlog() -> None:
    rec = recorder()
    case = make_case(1, 20.0)
    rec.referral(case, queued=False)
    rec.allocation(case, 20.0, queued=False)
    assert rec.backlog.max_level == 0 and rec.backlog.level == 0
    assert rec.backlog.area(100.0) == 0.0
    assert rec.open_cases.level == 1 and rec.referred == 1 and rec.live == {1: case}


def test_handover_reopens_the_backlog_only_when_queued() -> None:
    rec = recorder()
    a, b = make_case(1, 20.0), make_case(2, 20.0)
    for case in (a, b):
        rec.referral(case, queued=False)
        rec.allocation(case, 20.0, queued=False)
    assert rec.open_cases.level == 2
    rec.handover(a, 30.0)  # no worker has room: it waits again
    rec.handover(b, 30.0, queued=False)  # straight to another worker
    assert rec.backlog.level == 1 and rec.open_cases.level == 0
    rec.allocation(a, 34.0)
    rec.allocation(b, 30.0, queued=False)
    assert rec.backlog.level == 0 and rec.open_cases.level == 2
    assert rec.backlog.area(100.0) == pytest.approx(4.0)  # a waited 30 -> 34
    assert rec.referred == 2  # a handover is not a new referral


def test_staff_counts_active_workers_after_warm_up() -> None:
    rec = recorder()
    rec.staff(0.0, 3)
    rec.staff(50.0, -1)
    rec.staff(70.0, 2)
    # 3 on [10, 50), 2 on [50, 70), 4 on [70, 100]: (120 + 40 + 120) / 90
    assert rec.staffed.mean(100.0) == pytest.approx(280.0 / 90.0)
    assert rec.staffed.level == 4


def test_abandonment_leaves_the_backlog() -> None:
    rec = recorder()
    case = make_case(1, 40.0)
    rec.referral(case)
    case.status, case.abandoned_at = ABANDONED, 45.0
    rec.abandonment(case, 45.0)
    assert rec.abandoned == 1 and rec.backlog.level == 0
    assert rec.backlog.area(100.0) == pytest.approx(5.0)
    assert rec.records[0][CASE_FIELDS.index("status")] == ABANDONED


def test_backlog_before_warm_up_is_not_measured() -> None:
    rec = recorder()
    case = make_case(1, 2.0)
    rec.referral(case)
    rec.mark_warmup(10.0)
    rec.allocation(case, 12.0)
    assert rec.backlog_mean(100.0) == pytest.approx(2.0 / 90.0)  # only 10 -> 12
    assert rec.backlog.area(100.0) == pytest.approx(10.0)  # the whole run (for audits)


def test_backlog_peak_before_warm_up_is_not_the_max() -> None:
    rec = recorder()
    cases = [make_case(i, float(i)) for i in range(1, 4)]
    for case in cases:
        rec.referral(case)
    rec.allocation(cases[0], 5.0)
    rec.allocation(cases[1], 6.0)
    rec.mark_warmup(10.0)
    assert rec.backlog.max_level == 1  # 3 waited before warm-up; 1 still waits at warm-up
    rec.allocation(cases[2], 20.0)
    later = make_case(9, 30.0)
    rec.referral(later)
    assert rec.backlog.max_level == 1
    assert rec.backlog_mean(100.0) == pytest.approx((10.0 + 70.0) / 90.0)


def test_backlog_mean_before_the_window_has_nothing_to_average() -> None:
    rec = recorder()
    rec.mark_warmup(10.0)
    assert math.isnan(rec.backlog_mean(10.0))


def test_audit_backlog_mean_is_per_interval() -> None:
    rec = recorder()
    rec.audit(0.0, waiting=0, open_cases=0, workers=2, tasks=0)
    a, b = make_case(1, 1.0), make_case(2, 3.0)
    rec.referral(a)
    rec.referral(b)
    rec.audit(7.0, waiting=2, open_cases=0, workers=2, tasks=0)
    rec.allocation(a, 8.0)
    rec.audit(14.0, waiting=1, open_cases=1, workers=2, tasks=1)
    rows = [dict(zip(("t", "referred", "waiting", "open", "closed", "abandoned",
                      "backlog_mean", "workers", "tasks_waiting", "referred_out"), row,
                     strict=True))
            for row in rec.audits]
    assert rows[0]["backlog_mean"] == 0.0
    assert rows[1]["backlog_mean"] == pytest.approx((6.0 + 4.0) / 7.0)
    assert rows[2]["backlog_mean"] == pytest.approx((2.0 + 6.0) / 7.0)
    assert rows[2]["referred"] == 2 and rows[2]["tasks_waiting"] == 1


def test_final_records_include_cases_still_live() -> None:
    rec = recorder()
    done, waiting = make_case(1, 20.0), make_case(2, 21.0)
    rec.referral(done)
    rec.referral(waiting)
    rec.allocation(done, 22.0)
    rec.closure(done, 25.0)
    ids = [r[0] for r in rec.final_records()]
    assert ids == [1, 2]


def level_at(steps: list[tuple[float, int]], t: float) -> int:
    """The level of a step function (``(time, level from then on)``, sorted) at ``t``."""
    return next((level for at, level in reversed(steps) if at <= t), 0)


@given(st.lists(st.tuples(st.floats(0.0, 60.0), st.booleans()), max_size=40),
       st.floats(0.0, 60.0), st.floats(60.5, 120.0))
def test_backlog_kpis_match_a_brute_force_step_function(
    events: list[tuple[float, bool]], warmup: float, until: float
) -> None:
    """One monitor over the whole run plus the warm-up mark gives the time average and the
    maximum of the backlog over [warm-up, until], as a direct integration does."""
    rec = Recorder(measure_from=warmup, measure_to=until, horizon=until, n_needs=1)
    waiting: list[Case] = []
    steps: list[tuple[float, int]] = []
    marked = False
    for i, (t, arrive) in enumerate(sorted(events)):
        if not marked and t >= warmup:
            rec.mark_warmup(warmup)
            marked = True
        if arrive or not waiting:
            case = make_case(i, t)
            rec.referral(case)
            waiting.append(case)
        else:
            rec.allocation(waiting.pop(0), t)
        steps.append((t, len(waiting)))
    if not marked:
        rec.mark_warmup(warmup)
    edges = [warmup, *(t for t, _ in steps if t > warmup), until]
    area = sum(level_at(steps, lo) * (hi - lo) for lo, hi in itertools.pairwise(edges))
    # every level reached from the warm-up on counts, even for an instant
    carried = next((level for t, level in reversed(steps) if t < warmup), 0)
    peak = max([carried, *(level for t, level in steps if t >= warmup)])
    assert rec.backlog_mean(until) == pytest.approx(area / (until - warmup), abs=1e-9)
    assert rec.backlog.max_level == peak
