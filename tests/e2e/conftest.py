"""Shared helpers of the end-to-end tests: how to start the CLI."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def swsim_command() -> list[str]:
    """The installed ``swsim`` script next to this interpreter, else ``python -m sim``."""
    script = shutil.which("swsim", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "sim"]


@pytest.fixture(scope="session")
def cli_env() -> dict[str, str]:
    """The environment without switches that make Hydra print full tracebacks."""
    env = dict(os.environ)
    env.pop("HYDRA_FULL_ERROR", None)
    return env
