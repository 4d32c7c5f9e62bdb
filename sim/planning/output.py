"""Writing a plan: ``plan.json``, ``plan.md`` and ``figures/staffing_curve.png``, atomically.

``plan.json`` holds ``feasible``, ``kpi``, ``target``, ``workers`` (station -> headcount),
``total_workers``, ``kpi_mean``, ``kpi_ci_low``, ``kpi_ci_high``, ``cost_per_year``,
``replications``, the same for the best staffing with one worker fewer (``one_fewer``),
the message, and every staffing evaluated (``evaluations``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from sim.bundle import atomic_write, atomic_write_text
from sim.planning.evaluate import Evaluation
from sim.planning.figure import curve_points, staffing_curve_figure
from sim.planning.plan import PlanAnswer
from sim.plots.style import DPI

FIGURE = Path("figures") / "staffing_curve.png"


def _number(x: float) -> float | None:
    return None if math.isnan(x) else round(float(x), 6)


def staffing_record(answer: PlanAnswer, ev: Evaluation) -> dict[str, Any]:
    """One staffing as the fields of ``plan.json``."""
    iv = ev.interval
    goal_met = answer.settings.target is None or (
        not math.isnan(iv.low) and (iv.low >= answer.settings.target
                                    if answer.settings.sense == "at_least"
                                    else iv.high <= answer.settings.target))
    return {"workers": dict(ev.workers), "total_workers": ev.total,
            "kpi_mean": _number(iv.mean), "kpi_ci_low": _number(iv.low),
            "kpi_ci_high": _number(iv.high), "cost_per_year": answer.cost(ev),
            "replications": iv.n, "meets_target": goal_met}


def plan_record(answer: PlanAnswer) -> dict[str, Any]:
    """Everything ``plan.json`` holds."""
    s, out = answer.settings, answer.outcome
    record: dict[str, Any] = {
        "feasible": out.feasible, "kpi": s.kpi, "target": s.target, "sense": s.sense,
        "confidence": s.confidence, "budget": s.budget,
        **staffing_record(answer, out.plan),
        "one_fewer": None if out.fewer is None else staffing_record(answer, out.fewer),
        "message": answer.message, "reason": out.reason or None,
        "scenario": answer.scenario, "cover": answer.cover,
        "cost_per_worker_year": answer.cost_per_worker_year,
        "max_workers": s.max_workers, "max_replications": s.max_replications,
        "replications_simulated": answer.replications_run,
        "seconds": round(answer.seconds, 1),
        "evaluations": [staffing_record(answer, ev) for ev in answer.evaluations],
    }
    return record


def _row(answer: PlanAnswer, label: str, ev: Evaluation) -> str:
    iv = ev.interval
    staffing = ", ".join(f"{k} {v}" for k, v in ev.workers.items())
    return (f"| {label} | {ev.total} ({staffing}) | {iv.mean:.3f} | {iv.low:.3f} to "
            f"{iv.high:.3f} | {iv.n} | {answer.cost(ev):,.0f} |")


def plan_markdown(answer: PlanAnswer) -> str:
    """``plan.md``: the answer, the plan against one worker fewer, and the staffing curve."""
    s, out = answer.settings, answer.outcome
    goal = (f" {'>=' if s.sense == 'at_least' else '<='} {s.target} for the "
            f"{'lower' if s.sense == 'at_least' else 'upper'} end of its {s.confidence:.0%} "
            "confidence interval") if s.target is not None else ""
    budget = f"; budget {s.budget:,.0f} yuan a year" if s.budget is not None else ""
    head = ["# Staffing plan", "",
            f"Scenario `{answer.scenario}`, cover `{answer.cover}`; KPI `{s.kpi}`{goal}{budget}.",
            "",
            f"**{answer.message[0].upper()}{answer.message[1:]}.**", "",
            "| staffing | workers | mean | CI | replications | cost (yuan/year) |",
            "|---|---|---|---|---|---|", _row(answer, "plan", out.plan)]
    if out.fewer is not None:
        head.append(_row(answer, "one worker fewer", out.fewer))
    curve = ["", f"Staffing curve (best allocation evaluated at each headcount; "
             f"figure `{FIGURE.as_posix()}`):", "",
             "| workers | staffing | mean | CI | replications |", "|---|---|---|---|---|"]
    for ev in curve_points(answer.evaluations, s.sense):
        staffing = ", ".join(f"{k} {v}" for k, v in ev.workers.items())
        iv = ev.interval
        curve.append(f"| {ev.total} | {staffing} | {iv.mean:.3f} | {iv.low:.3f} to "
                     f"{iv.high:.3f} | {iv.n} |")
    foot = ["", f"{len(answer.evaluations)} staffings evaluated, "
            f"{answer.replications_run} replications simulated in {answer.seconds:.0f} s. "
            "All staffings share their random numbers (same seed and replication numbers). "
            f"Cost = headcount x {answer.cost_per_worker_year:,.0f} yuan per worker-year."]
    return "\n".join(head + curve + foot) + "\n"


def write_plan(folder: Path, answer: PlanAnswer) -> list[Path]:
    """Write ``plan.json``, ``plan.md`` and the figure into ``folder``, each atomically."""
    fig = staffing_curve_figure(answer.evaluations, answer.settings.kpi,
                                answer.settings.target, answer.outcome.plan,
                                answer.settings.sense, answer.settings.confidence)
    try:
        written = [atomic_write(folder / FIGURE, lambda tmp: fig.savefig(
            tmp, format="png", dpi=DPI, bbox_inches="tight"))]
    finally:
        fig.clear()
    written.append(atomic_write_text(folder / "plan.json",
                                     json.dumps(plan_record(answer), indent=2) + "\n"))
    written.append(atomic_write_text(folder / "plan.md", plan_markdown(answer)))
    return written
