"""The staffing search: marginal allocation with common random numbers.

Target mode (``plan.target``): from the queueing estimate, add one worker at a time where
the KPI gains most (every worker costs the same, so "most per yuan" is "most"), until the
KPI's confidence bound meets the target; then remove workers one at a time, where the KPI
allows, while the bound still meets it (and evaluate one worker more, for the curve). A
staffing whose interval straddles the target gets more replications (doubled, up to
``plan.max_replications``) before it is judged. When
adding a worker no longer raises the KPI, the staffing at the headcount cap is evaluated
once: if even that misses the target, the target is unreachable and the search stops with
the best value reached. The search never goes past ``plan.max_workers`` in total.

Budget mode (``plan.budget``): the most workers the budget pays for, placed by the same
marginal rule (workers that no longer raise the KPI are not bought), then moved one at a
time between stations while a move raises the KPI.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.planning.evaluate import Evaluation, Evaluator, Staffing
from sim.planning.settings import PlanConfig


@dataclass(frozen=True)
class Goal:
    """The KPI's target and which side of it is good."""

    target: float | None
    sense: str = "at_least"

    def score(self, ev: Evaluation) -> float:
        """Larger is better (the mean, negated for ``at_most``); NaN is worst."""
        mean = ev.interval.mean
        if math.isnan(mean):
            return -math.inf
        return mean if self.sense == "at_least" else -mean

    def meets(self, ev: Evaluation) -> bool:
        """Whether the confidence bound meets the target."""
        iv = ev.interval
        if self.target is None or math.isnan(iv.low):
            return self.target is None
        return iv.low >= self.target if self.sense == "at_least" else iv.high <= self.target

    def undecided(self, ev: Evaluation) -> bool:
        """Whether the interval holds the target (more replications may decide)."""
        iv = ev.interval
        if self.target is None or math.isnan(iv.low):
            return False
        return iv.low < self.target <= iv.high if self.sense == "at_least" \
            else iv.low <= self.target < iv.high


@dataclass
class Outcome:
    """What the search found: the plan, the best plan with one worker fewer, and why."""

    feasible: bool
    plan: Evaluation
    fewer: Evaluation | None
    reason: str = ""


def _moved(x: Staffing, station: str, step: int) -> Staffing:
    return {**x, station: x[station] + step}


class Search:
    """One plan's search over the headcount of ``allowed`` stations (others stay fixed).

    Parameters
    ----------
    evaluator
        Runs (and caches) the evaluations.
    settings
        The ``plan.*`` settings (caps, replications, target, budget).
    allowed
        Stations whose headcount may change.
    ceiling_reason
        Why the KPI may have a ceiling whatever the headcount (said when it is hit).
    """

    def __init__(self, evaluator: Evaluator, settings: PlanConfig, allowed: list[str],
                 ceiling_reason: str = "") -> None:
        self.ev, self.s, self.allowed = evaluator, settings, allowed
        self.goal = Goal(settings.target, settings.sense)
        self.ceiling_reason = ceiling_reason

    # ----------------------------------------------------------------- evaluations

    def quick(self, x: Staffing) -> Evaluation:
        """``x`` at the plan's base number of replications."""
        return self.ev.evaluate(x, self.s.replications)

    def decide(self, x: Staffing) -> Evaluation:
        """``x`` with replications doubled while its interval straddles the target."""
        n = self.s.replications
        ev = self.ev.evaluate(x, n)
        while self.goal.undecided(ev) and n < self.s.max_replications:
            n = min(2 * n, self.s.max_replications)
            ev = self.ev.evaluate(x, n)
        return ev

    def neighbours(self, x: Staffing, step: int) -> list[Evaluation]:
        """``x`` with one worker more (``step=1``) or fewer (``-1``) at each allowed station,
        best first; never down to no worker at all."""
        total = sum(x.values()) + step
        moves = [_moved(x, s, step) for s in self.allowed if x[s] + step >= 0 and total >= 1]
        return sorted((self.quick(m) for m in moves), key=self.goal.score, reverse=True)

    def best_seen(self) -> Evaluation:
        """The best evaluation of the whole search (the best reachable value)."""
        return max(self.ev.evaluations(), key=self.goal.score)

    # ----------------------------------------------------------------- target mode

    def for_target(self, start: Staffing) -> Outcome:
        """The smallest total headcount whose KPI bound meets the target (or why none)."""
        x, current = start, self.decide(start)
        ceiling_checked = False
        while not self.goal.meets(current):
            if sum(x.values()) >= self.s.max_workers:
                return self._unreachable(current, capped=True)
            best = self.neighbours(x, +1)[0]
            if not ceiling_checked and self._stalled(current, best):
                ceiling_checked = True
                top = self.decide(self._at_cap(x))
                if not self.goal.meets(top):
                    return self._unreachable(top, capped=False)
            x, current = best.workers, self.decide(best.workers)
        return self._trim(x, current)

    def _stalled(self, current: Evaluation, better: Evaluation) -> bool:
        iv = current.interval
        half = (iv.high - iv.low) / 2.0 if not math.isnan(iv.low) else 0.0
        return self.goal.score(better) - self.goal.score(current) <= max(0.5 * half, 1e-12)

    def _at_cap(self, x: Staffing) -> Staffing:
        """``x`` filled up to ``plan.max_workers`` in total, spread over the allowed stations."""
        out, k = dict(x), 0
        while sum(out.values()) < self.s.max_workers:
            station = self.allowed[k % len(self.allowed)]
            out[station] += 1
            k += 1
        return out

    def _trim(self, x: Staffing, current: Evaluation) -> Outcome:
        """Remove workers while the bound still meets the target."""
        while True:
            fewer = self.neighbours(x, -1)
            accepted = next((d for d in (self.decide(f.workers) for f in fewer
                                         if self.goal.meets(f) or self.goal.undecided(f))
                             if self.goal.meets(d)), None)
            if accepted is None:
                below = self.decide(fewer[0].workers) if fewer else None
                if sum(x.values()) < self.s.max_workers:
                    self.neighbours(x, +1)  # one worker more: the curve's next point
                return Outcome(True, current, below)
            x, current = accepted.workers, accepted

    def _unreachable(self, at: Evaluation, capped: bool) -> Outcome:
        best = self.best_seen()
        if capped:
            reason = (f"the headcount cap plan.max_workers={self.s.max_workers} was reached "
                      f"(raise it to search further)")
        else:
            reason = ("adding workers no longer raises it: even "
                      f"{at.total} workers (the cap plan.max_workers) reach only "
                      f"{at.interval.mean:.3f}")
            if self.ceiling_reason:
                reason += f"; {self.ceiling_reason}"
        plan = self._cheapest_near(best)
        fewer_list = self.neighbours(plan.workers, -1)
        return Outcome(False, plan, fewer_list[0] if fewer_list else None, reason)

    def _cheapest_near(self, best: Evaluation) -> Evaluation:
        """The smallest staffing whose mean lies within the best one's CI half-width of it
        (the ceiling is reached there; more workers buy nothing measurable)."""
        iv = best.interval
        slack = (iv.high - iv.low) / 2.0 if not math.isnan(iv.low) else 0.0
        floor = self.goal.score(best) - slack
        near = [e for e in self.ev.evaluations() if self.goal.score(e) >= floor]
        return min(near, key=lambda e: (e.total, -self.goal.score(e)))

    # ----------------------------------------------------------------- budget mode

    def _rebalance(self, x: Staffing) -> Staffing:
        """Move single workers between allowed stations while a move raises the KPI (at most
        ``plan.max_workers`` moves)."""
        current = self.quick(x)
        for _ in range(self.s.max_workers):
            moves = [{**x, a: x[a] - 1, b: x[b] + 1} for a in self.allowed
                     for b in self.allowed if a != b and x[a] > 0]
            if not moves:
                break
            best = max((self.quick(m) for m in moves), key=self.goal.score)
            if self.goal.score(best) <= self.goal.score(current):
                break
            x, current = best.workers, best
        return x

    def for_budget(self, start: Staffing, workers_paid: int) -> Outcome:
        """The best KPI with at most ``workers_paid`` workers in total."""
        x = dict(start)
        while sum(x.values()) > workers_paid and self.neighbours(x, -1):
            x = self.neighbours(x, -1)[0].workers
        current = self.quick(x)
        while sum(x.values()) < min(workers_paid, self.s.max_workers):
            best = self.neighbours(x, +1)[0]
            if self.goal.score(best) <= self.goal.score(current):
                break
            x, current = best.workers, best
        x = self._rebalance(x)
        current = self.decide(x)
        fewer = self.neighbours(x, -1)
        return Outcome(self.goal.meets(current), current, fewer[0] if fewer else None,
                       "" if self.goal.meets(current) else "the budget does not buy the target")
