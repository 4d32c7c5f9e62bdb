"""The categories of a worker's time: one enum that drives time use, tables, KPIs and plots.

Every hour of duty or overtime falls in exactly one category, so the categories add up to
duty + overtime. A new kind of task (supervision, training, on-call duty) adds one member
here and one row in :data:`INFO`; the workers table, the ``share_*`` KPIs and the time-use
figure follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class TimeCategory(IntEnum):
    """What a worker's hour was spent on (the value indexes per-category arrays)."""

    INTAKE = 0
    DIRECT = 1
    TRAVEL = 2
    RECORDING = 3
    COORDINATION = 4
    GROUP = 5
    ADMIN = 6
    IDLE = 7
    ABSENCE = 8
    LEAVE = 9
    TRAINING = 10
    SUPERVISION = 11
    REFERRAL = 12

    @property
    def column(self) -> str:
        """Column of the workers table holding this category's hours."""
        return f"{self.name.lower()}_hours"


@dataclass(frozen=True)
class CategoryInfo:
    """How a category is reported.

    ``work``: hours spent on a task (as opposed to idle, absence and fixed administration);
    ``share_kpi``: the KPI that reports it as a share of worked hours (``None``: folded into
    another, as recording is into administration); ``label`` and ``colour`` for figures.
    """

    work: bool
    share_kpi: str | None
    label: str
    colour: str


INFO: dict[TimeCategory, CategoryInfo] = {
    TimeCategory.INTAKE: CategoryInfo(True, "share_intake", "intake", "#c0392b"),
    TimeCategory.DIRECT: CategoryInfo(True, "share_direct", "direct work", "#2471a3"),
    TimeCategory.TRAVEL: CategoryInfo(True, "share_travel", "travel", "#b9770e"),
    TimeCategory.RECORDING: CategoryInfo(True, None, "recording", "#7d3c98"),
    TimeCategory.COORDINATION: CategoryInfo(True, "share_coordination",
                                            "volunteer coordination", "#17a589"),
    TimeCategory.GROUP: CategoryInfo(True, "share_group", "group work", "#d4ac0d"),
    TimeCategory.ADMIN: CategoryInfo(False, "share_admin", "administration", "#7d3c98"),
    TimeCategory.ABSENCE: CategoryInfo(False, "share_absent", "sickness absence", "#85929e"),
    TimeCategory.LEAVE: CategoryInfo(False, "share_leave", "annual leave", "#aab7b8"),
    TimeCategory.TRAINING: CategoryInfo(False, "share_training", "training", "#5d6d7e"),
    TimeCategory.SUPERVISION: CategoryInfo(True, "share_supervision", "supervision", "#a04000"),
    TimeCategory.REFERRAL: CategoryInfo(True, "share_referral", "referrals out", "#1e8449"),
    TimeCategory.IDLE: CategoryInfo(False, "share_idle", "idle", "#d5d8dc"),
}
#: Categories of time away from work (counted from the calendar when the absence begins).
AWAY = (TimeCategory.ABSENCE, TimeCategory.LEAVE, TimeCategory.TRAINING)

#: Categories of task hours (what a task's effort is split into).
WORK = tuple(c for c in TimeCategory if INFO[c].work)
