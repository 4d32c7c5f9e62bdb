"""Test-wide settings.

Hypothesis runs derandomised (the same examples on every machine, so CI is reproducible) and
without per-example deadlines (the CI machines are shared; a slow example is not a failure).
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("swsim", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("swsim")
