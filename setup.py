"""Packaging beside pyproject.toml: the ``sim`` packages and the configuration.

The configuration stays in ``conf/`` in the repository (Hydra reads it there in a checkout)
and ships as the package ``swsim_conf``, so a plain ``pip install .`` works from any folder.

With ``SWSIM_COMPILE=1`` the modules of the per-case hot path (:data:`COMPILED`) are also
compiled to C extensions with mypyc (part of mypy, which must be installed: build with
``--no-build-isolation`` from an environment that has swsim's ``dev`` extra). The compiled
modules behave exactly as the Python ones (the test suite checks identical seeded tables);
they only run faster. ``make compiled`` installs such a build into ``build/compiled`` for the
benchmarks; a checkout used for development stays pure Python.
"""

from __future__ import annotations

import os

from setuptools import find_packages, setup

#: The per-case hot path: every referral, contact and closure runs through these.
COMPILED = [
    "sim/agents/cases.py",
    "sim/agents/caseholder.py",
    "sim/agents/timekeeping.py",
    "sim/agents/workers.py",
    "sim/agents/account.py",
    "sim/agents/timeuse.py",
    "sim/agents/tasks.py",
    "sim/agents/effort.py",
    "sim/agents/demand.py",
    "sim/casework.py",
    "sim/allocation.py",
    "sim/staff.py",
    "sim/results/recorder.py",
    "sim/results/monitors.py",
    "sim/results/reach.py",
    "sim/policies/ranked_queue.py",
    "sim/rng.py",
    "sim/distributions.py",
]


def _extensions() -> list[object]:
    if os.environ.get("SWSIM_COMPILE", "0") != "1":
        return []
    from mypyc.build import mypycify  # only needed for a compiled build

    return list(mypycify(COMPILED, opt_level="3"))


setup(
    packages=[*find_packages(include=["sim", "sim.*"]), "swsim_conf"],
    package_dir={"swsim_conf": "conf"},
    ext_modules=_extensions(),
)
