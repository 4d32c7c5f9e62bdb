"""``pip install .`` (not editable): ``swsim`` and ``load_config`` work from any folder.

The wheel is built once (pip, with the build requirements of pyproject.toml), installed
without dependencies into a folder (they are this interpreter's), and used from an empty
working folder with that folder first on ``PYTHONPATH``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of a copy of this checkout (the build leaves nothing in the checkout)."""
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("sim", "conf"):
        shutil.copytree(REPO / folder, source / folder, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                           "-w", str(out), str(source)], capture_output=True, text=True,
                          timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    (found,) = out.glob("swsim-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed (no dependencies) into a folder."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    return target


def _env(site: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(site)
    env.pop("HYDRA_FULL_ERROR", None)
    return env


def test_wheel_holds_every_module_and_config_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "sim").rglob("*.py")}
    configs = {"swsim_conf/" + p.relative_to(REPO / "conf").as_posix()
               for p in (REPO / "conf").rglob("*.yaml")}
    assert modules <= names
    assert configs <= names
    assert not any(name.startswith(("tests/", "conf/")) for name in names)


def test_load_config_from_the_installed_package(installed: Path, tmp_path: Path) -> None:
    code = ("import sim, sim.config as c; from sim import load_config; "
            "cfg = load_config(['scenario=mmc', 'policy/dispatch=priority']); "
            "print(sim.__file__); print(c.CONF_DIR); print(cfg.policy.dispatch.name)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=_env(installed),
                          capture_output=True, text=True, timeout=120, check=True)
    module, conf, dispatch = proc.stdout.split()
    assert Path(module).is_relative_to(installed) and Path(conf).is_relative_to(installed)
    assert Path(conf).name == "swsim_conf" and dispatch == "priority"


def test_swsim_runs_from_any_folder(installed: Path, tmp_path: Path) -> None:
    script = installed / "bin" / "swsim"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "sim"]
    env = _env(installed)
    help_text = subprocess.run([*command, "--help"], cwd=tmp_path, env=env,
                               capture_output=True, text=True, timeout=120, check=True).stdout
    assert "policy/dispatch" in help_text and "hydra/launcher" in help_text
    proc = subprocess.run([*command, "scenario=mmc", "scenario.horizon_days=60",
                           "scenario.warmup_days=10", "run.replications=1",
                           "run.progress=false"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    (bundle,) = (tmp_path / "outputs").glob("*/*/kpis.csv")
    assert "sim" not in {p.name for p in tmp_path.iterdir()}
    assert bundle.stat().st_size > 0
