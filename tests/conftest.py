"""Test-wide settings.

Hypothesis runs derandomised (the same examples on every machine, so CI is reproducible) and
without per-example deadlines (the CI machines are shared; a slow example is not a failure).
The result store of every run in the tests is a session folder (``$SWSIM_STORE``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

from sim.store import STORE_ENV

settings.register_profile("swsim", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("swsim")


@pytest.fixture(scope="session", autouse=True)
def _private_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Runs in the tests store their replications in a session folder, not the user's."""
    old = os.environ.get(STORE_ENV)
    os.environ[STORE_ENV] = str(tmp_path_factory.mktemp("store"))
    yield
    if old is None:
        os.environ.pop(STORE_ENV, None)
    else:
        os.environ[STORE_ENV] = old
