"""The one enum of time categories and how each is reported."""

from __future__ import annotations

from sim.agents.timeuse import TIME_CATEGORIES
from sim.analysis.kpis import KPI_DICTIONARY
from sim.timecategory import AWAY, INFO, WORK, TimeCategory


def test_values_index_arrays() -> None:
    assert [int(c) for c in TimeCategory] == list(range(len(TimeCategory)))


def test_every_category_has_info() -> None:
    assert set(INFO) == set(TimeCategory)
    labels = [INFO[c].label for c in TimeCategory]
    assert len(set(labels)) == len(labels)
    assert all(INFO[c].colour.startswith("#") and len(INFO[c].colour) == 7 for c in TimeCategory)


def test_columns_are_unique_hours_columns() -> None:
    columns = [c.column for c in TimeCategory]
    assert len(set(columns)) == len(columns)
    assert columns == [f"{name}_hours" for name in TIME_CATEGORIES]
    assert TimeCategory.INTAKE.column == "intake_hours"
    assert TimeCategory.ABSENCE.column == "absence_hours"


def test_time_categories_are_the_lowercase_names_in_order() -> None:
    assert TIME_CATEGORIES == ("intake", "direct", "travel", "recording", "coordination",
                               "group", "admin", "idle", "absence", "leave", "training",
                               "supervision", "referral")


def test_work_categories_are_the_task_hours() -> None:
    """Idle, time away and fixed administration are not work; everything a task costs is."""
    assert [c.name for c in WORK] == ["INTAKE", "DIRECT", "TRAVEL", "RECORDING",
                                      "COORDINATION", "GROUP", "SUPERVISION", "REFERRAL"]
    assert [c.name for c in AWAY] == ["ABSENCE", "LEAVE", "TRAINING"]
    assert all(INFO[c].work == (c in WORK) for c in TimeCategory)


def test_share_kpis_are_unique_kpi_names() -> None:
    kpis = [INFO[c].share_kpi for c in TimeCategory if INFO[c].share_kpi is not None]
    assert len(set(kpis)) == len(kpis)
    assert all(name.startswith("share_") and name in KPI_DICTIONARY for name in kpis)
    # recording is reported with administration (share_admin), not on its own
    assert INFO[TimeCategory.RECORDING].share_kpi is None
    assert set(kpis) == {"share_intake", "share_direct", "share_travel", "share_coordination",
                         "share_group", "share_admin", "share_idle", "share_absent",
                         "share_leave", "share_training", "share_supervision",
                         "share_referral"}
