"""Every KPI of a run, declared once: name, unit, range, meaning and computation.

Case KPIs count the cases referred inside the measurement window
``[warm-up, horizon - longest response target]``, so every counted case has a known outcome.

To add a KPI, append one ``KPI(name, unit, range, meaning, compute)`` to :data:`KPIS` (its
place there is its column's place in the KPI row)::

    KPI("name", "share", SHARE, "one-line meaning", lambda c: share(c.counted["column"])),

``c`` is a :class:`~sim.analysis.context.KPIContext`: the run's tables plus cached subsets
(``counted``, ``closed_success``, ``wait``, ``worked_share(...)``, ...) and other KPIs' values
(``c.value(name)``). Then run ``make docs`` to regenerate ``docs/kpis.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from sim.analysis.context import NAN, KPIContext, mean, quantile, ratio, share
from sim.analysis.registry import KPI, NONNEGATIVE, SHARE, SIGNED_SHARE, index

__all__ = ["KPIS", "KPI_BY_NAME", "KPI_DICTIONARY", "compute_kpis"]


def _scalar(key: str) -> Callable[[KPIContext], float]:
    """A KPI that is the run scalar ``key`` as it is."""
    return lambda c: c.scalar(key)


def _per_year(key: str) -> Callable[[KPIContext], float]:
    """A KPI that is the run scalar ``key`` (counted after warm-up) per measured year."""
    return lambda c: ratio(c.scalar(key), c.scalar("measured_years"))


def _worked(column: str) -> Callable[[KPIContext], float]:
    """A KPI that is the share of worked hours in ``column``."""
    return lambda c: c.worked_share(column)


KPIS: tuple[KPI, ...] = (
    KPI("referrals", "cases", NONNEGATIVE, "cases referred inside the measurement window",
        lambda c: float(len(c.counted))),
    KPI("uncontracted_share", "share", SHARE,
        "share of counted cases whose need type and area no agency is contracted for "
        "(they wait unserved and count as not covered; see sim.routing)",
        lambda c: share(c.counted["agency"] < 0) if "agency" in c.counted else 0.0),
    KPI("timely_coverage", "share", SHARE,
        "share of counted cases first contacted within their response target "
        "(abandoned and still-waiting cases count as not covered)",
        lambda c: share(c.counted["timely"])),
    KPI("timely_coverage_urgent", "share", SHARE, "timely coverage of urgent cases",
        lambda c: share(c.counted.loc[c.urgent, "timely"])),
    KPI("timely_coverage_standard", "share", SHARE, "timely coverage of standard cases",
        lambda c: share(c.counted.loc[~c.urgent, "timely"])),
    KPI("timely_coverage_minority", "share", SHARE,
        "timely coverage of minority-language households' cases",
        lambda c: share(c.counted.loc[c.minority, "timely"])),
    KPI("timely_coverage_majority", "share", SHARE,
        "timely coverage of majority-language households' cases",
        lambda c: share(c.counted.loc[~c.minority, "timely"])),
    KPI("equity_gap_language", "share", SIGNED_SHARE,
        "timely_coverage_majority - timely_coverage_minority",
        lambda c: c.value("timely_coverage_majority") - c.value("timely_coverage_minority")),
    KPI("spatial_access", "share", SHARE,
        "share of households whose community is within access_threshold_minutes of its "
        "station (one way, distance_km at travel_speed_kmh)",
        lambda c: ratio(c.scalars["households_within_threshold"],
                        c.scalars["households_total"])),
    KPI("coverage_gap_remote", "share", SIGNED_SHARE,
        "timely coverage of cases from communities within the access threshold minus that "
        "of cases from communities beyond it (NaN if either has no counted case)",
        lambda c: share(c.counted.loc[c.central, "timely"])
        - share(c.counted.loc[~c.central, "timely"])),
    KPI("served_share", "share", SHARE,
        "share of counted cases that had a first contact by the horizon",
        lambda c: share(c.is_served)),
    KPI("abandonment_rate", "share", SHARE,
        "share of counted cases abandoned before their first contact",
        lambda c: share(c.counted["status"] == "abandoned")),
    KPI("abandonment_after_allocation_rate", "share", SHARE,
        "share of counted cases abandoned after allocation, waiting for the first contact",
        lambda c: share((c.counted["status"] == "abandoned")
                        & c.counted["allocated_at"].notna())),
    KPI("success_rate", "share", SHARE,
        "share of counted cases closed by the horizon that closed successfully",
        lambda c: share(c.closed_success)),
    KPI("success_rate_minority", "share", SHARE,
        "success_rate of minority-language households' cases",
        lambda c: share(c.closed_success[c.closed_minority])),
    KPI("rereferral_rate", "share", SHARE,
        "share of counted cases that are re-referrals of a failed case",
        lambda c: share(c.counted["generation"] > 0)),
    KPI("hidden_unmet_need", "share", SHARE,
        "share of needs arising in the window that were never referred",
        lambda c: 1.0 - ratio(c.scalars["needs_referred"], c.scalars["needs_arisen"])),
    KPI("wait_mean_days", "days", NONNEGATIVE,
        "mean days from referral to first contact, over served counted cases",
        lambda c: mean(c.wait)),
    KPI("wait_mean_days_urgent", "days", NONNEGATIVE, "wait_mean_days of urgent cases",
        lambda c: mean(c.wait[c.wait_urgent])),
    KPI("wait_mean_days_standard", "days", NONNEGATIVE, "wait_mean_days of standard cases",
        lambda c: mean(c.wait[~c.wait_urgent])),
    KPI("wait_median_days", "days", NONNEGATIVE,
        "median days from referral to first contact (served counted cases)",
        lambda c: float(c.wait.median()) if len(c.wait) else NAN),
    KPI("wait_p90_days", "days", NONNEGATIVE,
        "90th percentile of days from referral to first contact",
        lambda c: quantile(c.wait, 0.9)),
    KPI("p_wait", "share", SHARE,
        "share of served counted cases whose first contact came after a positive wait",
        lambda c: share(c.wait > 1e-12)),
    KPI("queue_wait_mean_days", "days", NONNEGATIVE,
        "mean days in the allocation queue (allocated or abandoned cases)",
        lambda c: mean(c.queue_days)),
    KPI("backlog_mean", "cases", NONNEGATIVE,
        "time-average number of cases waiting for allocation after warm-up",
        _scalar("backlog_mean")),
    KPI("backlog_max", "cases", NONNEGATIVE,
        "largest number of cases waiting for allocation after warm-up",
        _scalar("backlog_max")),
    KPI("caseload_mean", "cases", NONNEGATIVE, "time-average open cases per worker after warm-up",
        lambda c: ratio(c.scalars["open_cases_mean"], c.scalars["workers"])),
    KPI("caseload_max", "cases", NONNEGATIVE,
        "largest weighted caseload any worker took on (policy/caseload=weighted: points; "
        "workload: booked hours)",
        lambda c: float(c.workers["caseload_max"].max()) if c.staffed else NAN),
    KPI("share_intake", "share", SHARE,
        "share of worked hours (duty + overtime) spent on intakes", _worked("intake_hours")),
    KPI("share_direct", "share", SHARE, "share of worked hours spent in sessions",
        _worked("direct_hours")),
    KPI("share_travel", "share", SHARE, "share of worked hours spent travelling to home visits",
        _worked("travel_hours")),
    KPI("share_admin", "share", SHARE,
        "share of worked hours spent on administration (fixed share + recording)",
        _worked("admin_hours")),
    KPI("share_coordination", "share", SHARE,
        "share of worked hours spent coordinating volunteers", _worked("coordination_hours")),
    KPI("share_group", "share", SHARE, "share of worked hours spent on group activities",
        _worked("group_hours")),
    KPI("share_idle", "share", SHARE, "share of worked hours with no contact to do",
        _worked("idle_hours")),
    KPI("share_absent", "share", SHARE, "share of worked hours lost to sickness absence",
        _worked("absence_hours")),
    KPI("share_leave", "share", SHARE, "share of worked hours on annual leave",
        _worked("leave_hours")),
    KPI("share_training", "share", SHARE, "share of worked hours away in training",
        _worked("training_hours")),
    KPI("share_supervision", "share", SHARE, "share of worked hours in professional supervision",
        _worked("supervision_hours")),
    KPI("share_referral", "share", SHARE,
        "share of worked hours making and following up referrals out to partner units",
        _worked("referral_hours")),
    KPI("referrals_out", "cases", NONNEGATIVE,
        "cases referred out to partner units in the measurement period (the N of 1+1+N)",
        _scalar("referrals_out")),
    KPI("referral_out_success_rate", "share", SHARE,
        "share of referrals out with an outcome in the measurement period that a partner "
        "served with success (failed ones count as not successful)",
        lambda c: ratio(c.scalar("partner_successes"), c.scalar("partner_outcomes"))),
    KPI("referral_out_failed_share", "share", SHARE,
        "share of referrals out with an outcome that failed: no partner place within the "
        "partner's max_wait_days",
        lambda c: ratio(c.scalar("partner_failures"), c.scalar("partner_outcomes"))),
    KPI("referral_out_wait_mean_days", "days", NONNEGATIVE,
        "mean days from a referral out to the partner starting it (started ones)",
        _scalar("partner_wait_mean_days")),
    KPI("overtime_share", "ratio", NONNEGATIVE, "overtime hours / duty hours",
        lambda c: ratio(c.overtime_hours, c.duty_hours)),
    KPI("workers", "workers", NONNEGATIVE,
        "time-average number of social workers employed after warm-up", _scalar("workers")),
    KPI("exits", "workers", NONNEGATIVE, "workers who left after warm-up", _scalar("exits")),
    KPI("vacancy_days", "days", NONNEGATIVE,
        "days posts stood vacant after warm-up (summed over posts)", _scalar("vacancy_days")),
    KPI("layoffs", "workers", NONNEGATIVE,
        "workers laid off after warm-up because the balance could not pay them",
        _scalar("layoffs")),
    KPI("budget_shortfall_days", "days", NONNEGATIVE,
        "days after warm-up with open posts left unfilled for lack of money",
        _scalar("budget_shortfall_days")),
    KPI("funding_gap_days", "days", NONNEGATIVE,
        "days after warm-up during which at least one funding stream was in a re-tender gap "
        "after a failed renewal", _scalar("funding_gap_days")),
    KPI("trained", "workers", NONNEGATIVE,
        "workers who started bilingual training after warm-up", _scalar("trained")),
    KPI("volunteer_hours", "hours", NONNEGATIVE, "session hours volunteers gave after warm-up",
        _scalar("volunteer_hours")),
    KPI("group_activities", "count", NONNEGATIVE, "group activities held after warm-up",
        _scalar("group_activities")),
    KPI("cases_handed_over", "cases", NONNEGATIVE,
        "open cases handed back to allocation by leavers after warm-up",
        _scalar("cases_handed_over")),
    KPI("burnout_mean", "index", SHARE,
        "mean burnout (0-1) of active workers at monthly reviews after warm-up",
        _scalar("burnout_mean")),
    KPI("share_over_cap", "share", SHARE,
        "share of worker reviews with the caseload above the cap", _scalar("share_over_cap")),
    KPI("closed_cases", "cases", NONNEGATIVE, "cases closed between warm-up and horizon",
        lambda c: float(c.closed_after_warmup)),
    KPI("cost_total", "yuan", NONNEGATIVE,
        "spend between warm-up and horizon: payroll and training (yuan)", _scalar("cost_total")),
    KPI("cost_per_closed_case", "yuan", NONNEGATIVE, "cost_total / closed_cases",
        lambda c: ratio(c.value("cost_total"), c.value("closed_cases"))),
    KPI("cases_opened_per_year", "cases", NONNEGATIVE,
        "cases referred (new and re-referred) between warm-up and horizon, per year",
        lambda c: ratio(float(c.cases["referred_at"].between(c.scalars["measure_from"],
                                                             c.scalars["horizon"]).sum()),
                        c.scalars["measured_years"])),
    KPI("home_visits_per_year", "count", NONNEGATIVE,
        "contacts held at the household's home (intakes and sessions) after warm-up, per year",
        _per_year("home_visits")),
    KPI("group_activities_per_year", "count", NONNEGATIVE,
        "group activities held after warm-up, per year", _per_year("group_activities")),
    KPI("activity_participants_per_year", "count", NONNEGATIVE,
        "people taking part in activities after warm-up (one per attending household and "
        "activity), per year", _per_year("activity_participants")),
    KPI("people_served_per_year", "count", NONNEGATIVE,
        "people in households whose case had its first contact in the year plus distinct "
        "activity participants from other households, mean over measurement years",
        _scalar("people_served_per_year")),
    KPI("volunteers_active", "count", NONNEGATIVE, "volunteers active at the horizon",
        _scalar("volunteers_active")),
    KPI("trust_mean_end", "share", SHARE, "mean household trust at the horizon",
        _scalar("trust_mean_end")),
)
"""The registry: every KPI in KPI-row order."""

KPI_BY_NAME: dict[str, KPI] = index(KPIS)
"""The registry by name (building it rejects a name declared twice)."""

KPI_DICTIONARY: dict[str, str] = {item.name: item.meaning for item in KPIS}
"""KPI name -> one-line meaning, in KPI-row order."""


def compute_kpis(cases: pd.DataFrame, workers: pd.DataFrame,
                 scalars: dict[str, Any]) -> dict[str, float]:
    """The KPI row of one run (keys in :data:`KPIS` order).

    Parameters
    ----------
    cases, workers
        The run's case and worker tables.
    scalars
        The run's scalars (``measure_from``, ``needs_arisen``, ``workers``, ``cost_total``, ...).
    """
    context = KPIContext(cases, workers, scalars, KPI_BY_NAME)
    return {item.name: context.value(item.name) for item in KPIS}
