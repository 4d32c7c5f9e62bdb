"""plan.json, plan.md and the figure, from a known answer (no simulation)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.planning.bounds import Interval
from sim.planning.evaluate import Evaluation
from sim.planning.output import FIGURE, plan_markdown, plan_record, write_plan
from sim.planning.plan import PlanAnswer
from sim.planning.search import Outcome
from sim.planning.settings import PlanConfig


def ev(a: int, b: int, mean: float, half: float = 0.02, n: int = 10) -> Evaluation:
    return Evaluation({"a": a, "b": b}, Interval(n, mean, mean - half, mean + half), ())


def answer(feasible: bool = True, reason: str = "") -> PlanAnswer:
    plan, fewer = ev(2, 1, 0.95, n=20), ev(2, 0, 0.85)
    evaluations = [ev(1, 1, 0.80), fewer, ev(1, 2, 0.90), plan]
    return PlanAnswer(PlanConfig(), Outcome(feasible, plan, fewer, reason), evaluations,
                      70000.0, 50, 12.3, "tiny", "on_call")


REQUIRED = {"feasible", "kpi", "target", "workers", "total_workers", "kpi_mean", "kpi_ci_low",
            "kpi_ci_high", "cost_per_year", "replications"}


def test_plan_json_has_every_required_field_for_the_plan_and_one_fewer() -> None:
    record = plan_record(answer())
    assert set(record) >= REQUIRED
    assert REQUIRED - {"feasible", "kpi", "target"} <= set(record["one_fewer"])
    assert record["workers"] == {"a": 2, "b": 1} and record["total_workers"] == 3
    assert record["cost_per_year"] == 210000.0 and record["replications"] == 20
    assert record["one_fewer"]["total_workers"] == 2
    assert record["one_fewer"]["meets_target"] is False and record["meets_target"] is True
    assert len(record["evaluations"]) == 4


def test_markdown_states_the_answer_and_the_curve() -> None:
    text = plan_markdown(answer())
    assert "**3 workers (a 2, b 1), 210,000 yuan a year" in text
    assert "| one worker fewer | 2 (a 2, b 0) | 0.850 |" in text
    # the curve shows the best staffing of each headcount: at 3 the plan (0.95), not (1, 2)
    assert "| 3 | a 2, b 1 | 0.950 |" in text and "| 2 | a 2, b 0 | 0.850 |" in text


def test_an_unreachable_answer_says_why_and_the_best_value() -> None:
    text = answer(False, "adding workers no longer raises it").message
    assert text.startswith("the target timely_coverage_urgent >= 0.9 cannot be met: adding")
    assert "the best reachable value is timely_coverage_urgent 0.950" in text


def test_write_plan_writes_three_files(tmp_path: Path) -> None:
    written = write_plan(tmp_path, answer())
    assert {p.relative_to(tmp_path) for p in written} == {FIGURE, Path("plan.json"),
                                                          Path("plan.md")}
    assert json.loads((tmp_path / "plan.json").read_text())["feasible"] is True
    assert (tmp_path / FIGURE).read_bytes()[:4] == b"\x89PNG"
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_answer: PlanAnswer) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr("sim.planning.output.plan_markdown", broken)
    with pytest.raises(RuntimeError):
        write_plan(tmp_path, answer())
    assert not (tmp_path / "plan.md").exists()
    assert (tmp_path / "plan.json").exists()  # what was finished is kept
