"""The KPI row of a run, and the dictionary that documents every KPI name.

Case KPIs count the cases referred inside the measurement window
``[warm-up, horizon - longest response target]``, so every counted case has a known outcome.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

KPI_DICTIONARY: dict[str, str] = {
    "referrals": "cases referred inside the measurement window",
    "timely_coverage": "share of counted cases first contacted within their response target "
                       "(abandoned and still-waiting cases count as not covered)",
    "timely_coverage_urgent": "timely coverage of urgent cases",
    "timely_coverage_standard": "timely coverage of standard cases",
    "timely_coverage_minority": "timely coverage of minority-language households' cases",
    "timely_coverage_majority": "timely coverage of majority-language households' cases",
    "equity_gap_language": "timely_coverage_majority - timely_coverage_minority",
    "served_share": "share of counted cases that had a first contact by the horizon",
    "abandonment_rate": "share of counted cases abandoned while waiting for allocation",
    "success_rate": "share of counted cases closed by the horizon that closed successfully",
    "success_rate_minority": "success_rate of minority-language households' cases",
    "rereferral_rate": "share of counted cases that are re-referrals of a failed case",
    "hidden_unmet_need": "share of needs arising in the window that were never referred",
    "wait_mean_days": "mean days from referral to first contact, over served counted cases",
    "wait_mean_days_urgent": "wait_mean_days of urgent cases",
    "wait_mean_days_standard": "wait_mean_days of standard cases",
    "wait_median_days": "median days from referral to first contact (served counted cases)",
    "wait_p90_days": "90th percentile of days from referral to first contact",
    "p_wait": "share of served counted cases whose first contact came after a positive wait",
    "queue_wait_mean_days": "mean days in the allocation queue (allocated or abandoned cases)",
    "backlog_mean": "time-average number of cases waiting for allocation after warm-up",
    "backlog_max": "largest number of cases waiting for allocation after warm-up",
    "caseload_mean": "time-average open cases per worker after warm-up",
    "caseload_max": "largest weighted caseload any worker held",
    "share_intake": "share of worked hours (duty + overtime) spent on intakes",
    "share_direct": "share of worked hours spent in sessions",
    "share_travel": "share of worked hours spent travelling to home visits",
    "share_admin": "share of worked hours spent on administration (fixed share + recording)",
    "share_coordination": "share of worked hours spent coordinating volunteers",
    "share_group": "share of worked hours spent on group activities",
    "share_idle": "share of worked hours with no contact to do",
    "share_absent": "share of worked hours lost to sickness and leave",
    "overtime_share": "overtime hours / duty hours",
    "workers": "time-average number of social workers employed after warm-up",
    "exits": "workers who left after warm-up",
    "vacancy_days": "days posts stood vacant after warm-up (summed over posts)",
    "layoffs": "workers laid off after warm-up because the balance could not pay them",
    "budget_shortfall_days": "days after warm-up with open posts left unfilled for lack of money",
    "trained": "workers who started bilingual training after warm-up",
    "volunteer_hours": "session hours volunteers gave after warm-up",
    "group_activities": "group activities held after warm-up",
    "cases_handed_over": "open cases handed back to allocation by leavers after warm-up",
    "burnout_mean": "mean burnout (0-1) of active workers at monthly reviews after warm-up",
    "share_over_cap": "share of worker reviews with the caseload above the cap",
    "closed_cases": "cases closed between warm-up and horizon",
    "cost_total": "spend between warm-up and horizon: payroll and training (yuan)",
    "cost_per_closed_case": "cost_total / closed_cases",
}


def _share(mask: pd.Series) -> float:
    return float(mask.mean()) if len(mask) else math.nan


def _mean(values: pd.Series) -> float:
    return float(values.mean()) if len(values) else math.nan


def _coverage(counted: pd.DataFrame) -> dict[str, float]:
    minority = counted["minority"].astype(bool)
    urgent = counted["priority"] == "urgent"
    out = {
        "timely_coverage": _share(counted["timely"]),
        "timely_coverage_urgent": _share(counted.loc[urgent, "timely"]),
        "timely_coverage_standard": _share(counted.loc[~urgent, "timely"]),
        "timely_coverage_minority": _share(counted.loc[minority, "timely"]),
        "timely_coverage_majority": _share(counted.loc[~minority, "timely"]),
    }
    out["equity_gap_language"] = out["timely_coverage_majority"] - out["timely_coverage_minority"]
    return out


def _waits(counted: pd.DataFrame) -> dict[str, float]:
    served = counted[counted["first_contact_at"].notna()]
    wait = served["wait_days"]
    urgent = served["priority"] == "urgent"
    left = counted["allocated_at"].fillna(counted["abandoned_at"])
    queued = (left - counted["referred_at"]).dropna()
    return {
        "wait_mean_days": _mean(wait),
        "wait_mean_days_urgent": _mean(wait[urgent]),
        "wait_mean_days_standard": _mean(wait[~urgent]),
        "wait_median_days": float(wait.median()) if len(wait) else math.nan,
        "wait_p90_days": float(wait.quantile(0.9)) if len(wait) else math.nan,
        "p_wait": _share(wait > 1e-12),
        "queue_wait_mean_days": _mean(queued),
    }


def _outcomes(counted: pd.DataFrame, scalars: dict[str, Any]) -> dict[str, float]:
    closed = counted[counted["status"] == "closed"]
    arisen = scalars["needs_arisen"]
    return {
        "referrals": float(len(counted)),
        "served_share": _share(counted["first_contact_at"].notna()),
        "abandonment_rate": _share(counted["status"] == "abandoned"),
        "success_rate": _share(closed["success"].astype(bool)),
        "success_rate_minority": _share(closed.loc[closed["minority"].astype(bool), "success"]
                                        .astype(bool)),
        "rereferral_rate": _share(counted["generation"] > 0),
        "hidden_unmet_need": 1.0 - scalars["needs_referred"] / arisen if arisen else math.nan,
    }


def _time_use(workers: pd.DataFrame) -> dict[str, float]:
    duty = float(workers["duty_hours"].sum())
    overtime = float(workers["overtime_hours"].sum())
    total = duty + overtime
    def share(col: str) -> float:
        return float(workers[col].sum()) / total if total > 0 else math.nan
    return {
        "share_intake": share("intake_hours"),
        "share_direct": share("direct_hours"),
        "share_travel": share("travel_hours"),
        "share_admin": share("admin_hours"),
        "share_coordination": share("coordination_hours"),
        "share_group": share("group_hours"),
        "share_idle": share("idle_hours"),
        "share_absent": share("absence_hours"),
        "overtime_share": overtime / duty if duty > 0 else math.nan,
    }


def _load_and_cost(cases: pd.DataFrame, workers: pd.DataFrame,
                   scalars: dict[str, Any]) -> dict[str, float]:
    n = scalars["workers"]
    closed = int(np.count_nonzero(cases["closed_at"] >= scalars["measure_from"]))
    cost = float(scalars["cost_total"])
    return {
        "backlog_mean": float(scalars["backlog_mean"]),
        "backlog_max": float(scalars["backlog_max"]),
        "caseload_mean": scalars["open_cases_mean"] / n if n else math.nan,
        "caseload_max": float(workers["caseload_max"].max()) if n else math.nan,
        "workers": float(n),
        "exits": float(scalars["exits"]),
        "vacancy_days": float(scalars["vacancy_days"]),
        "layoffs": float(scalars["layoffs"]),
        "budget_shortfall_days": float(scalars["budget_shortfall_days"]),
        "trained": float(scalars["trained"]),
        "volunteer_hours": float(scalars["volunteer_hours"]),
        "group_activities": float(scalars["group_activities"]),
        "cases_handed_over": float(scalars["cases_handed_over"]),
        "burnout_mean": float(scalars["burnout_mean"]),
        "share_over_cap": float(scalars["share_over_cap"]),
        "closed_cases": float(closed),
        "cost_total": cost,
        "cost_per_closed_case": cost / closed if closed else math.nan,
    }


def compute_kpis(cases: pd.DataFrame, workers: pd.DataFrame,
                 scalars: dict[str, Any]) -> dict[str, float]:
    """The KPI row of one run (keys in :data:`KPI_DICTIONARY` order)."""
    counted = cases[cases["in_window"]]
    row = {**_outcomes(counted, scalars), **_coverage(counted), **_waits(counted),
           **_time_use(workers), **_load_and_cost(cases, workers, scalars)}
    return {key: row[key] for key in KPI_DICTIONARY}
