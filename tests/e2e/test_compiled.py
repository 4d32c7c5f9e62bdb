"""The optional compiled build (``SWSIM_COMPILE=1``, mypyc) is the same model, only faster.

A copy of this checkout is built the way ``make compiled`` builds it (pip, no build isolation,
into a folder), and a fresh process with that folder first on ``PYTHONPATH`` runs several
scenarios: every seeded table (cases, workers, time series) and the KPI row must equal the
pure-Python run's exactly, and the hot path must really have come from C extensions.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim import load_config, run

REPO = Path(__file__).resolve().parents[2]
SEED, REPLICATION = 11, 2
#: Every mechanism the compiled modules carry: abandonment and priorities (mmc), calendars,
#: sessions, absences, exits and hiring (the default, heavier), out-of-hours cover, the
#: continuity rule (an interpreted subclass of a compiled class), weighted caseloads, and
#: two agencies with their own contracts.
CONFIGS = {
    "mmc": ["scenario=mmc", "scenario.horizon_days=600", "scenario.patience_mean=2",
            "scenario.urgent_share=0.3", "policy/dispatch=priority"],
    "default": [],
    "on_call": ["scenario.demand_scale=1", "policy/cover=on_call", "scenario.horizon_days=500"],
    "continuity": ["scenario.demand_scale=1", "policy/dispatch=continuity",
                   "policy/caseload=weighted", "scenario.horizon_days=500"],
    "agencies": ["scenario=j_two_agencies", "scenario.demand_scale=1",
                 "scenario.horizon_days=500"],
}
SCRIPT = """
import pickle, sys
import sim.casework
from sim import load_config, run
configs, seed, rep = pickle.loads(sys.stdin.buffer.read())
out = {"casework": sim.casework.__file__}
for name, overrides in configs.items():
    r = run(load_config(overrides), seed=seed, replication=rep)
    out[name] = (r.cases, r.workers, r.timeseries, r.kpis)
sys.stdout.buffer.write(pickle.dumps(out))
"""

pytestmark = pytest.mark.skipif(shutil.which("cc") is None and shutil.which("gcc") is None,
                                reason="the compiled build needs a C compiler")


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of this checkout built with ``SWSIM_COMPILE=1`` into a folder."""
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.so")
    for folder in ("sim", "conf"):
        shutil.copytree(REPO / folder, source / folder, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPO / name, source / name)
    target = tmp_path_factory.mktemp("compiled")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-build-isolation", "--no-deps",
         "--target", str(target), str(source)],
        env={**os.environ, "SWSIM_COMPILE": "1"}, capture_output=True, text=True,
        timeout=1200, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return target


def test_the_compiled_build_gives_identical_tables(compiled: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(compiled)}
    proc = subprocess.run([sys.executable, "-c", SCRIPT],
                          input=pickle.dumps((CONFIGS, SEED, REPLICATION)),
                          capture_output=True, env=env, cwd=compiled, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    out = pickle.loads(proc.stdout)
    assert Path(out["casework"]).parent == compiled / "sim"
    assert not out["casework"].endswith(".py"), "the hot path was not compiled"
    for name, overrides in CONFIGS.items():
        pure = run(load_config(overrides), seed=SEED, replication=REPLICATION)
        cases, workers, timeseries, kpis = out[name]
        assert len(cases) > 50, name
        pd.testing.assert_frame_equal(cases, pure.cases, obj=f"{name} cases")
        pd.testing.assert_frame_equal(workers, pure.workers, obj=f"{name} workers")
        pd.testing.assert_frame_equal(timeseries, pure.timeseries, obj=f"{name} timeseries")
        pd.testing.assert_series_equal(pd.Series(kpis), pd.Series(pure.kpis), obj=name)
