"""Shared helpers of the unit tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


def write_scenario(folder: Path, name: str, body: str) -> Path:
    """A scenario ``name`` in ``folder/scenario`` that extends ``mmc`` with ``body``; its
    fifth line is the first of ``body``."""
    (folder / "scenario").mkdir(parents=True, exist_ok=True)
    path = folder / "scenario" / f"{name}.yaml"
    path.write_text(f"defaults:\n  - mmc\n  - _self_\n{body}", encoding="utf-8")
    return path


@pytest.fixture
def scenario_file() -> Callable[[Path, str, str], Path]:
    """:func:`write_scenario`, for tests of config folders and search paths."""
    return write_scenario
