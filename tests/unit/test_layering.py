"""Layering rules of DESIGN section 3, checked by scanning every import with ``ast``.

Leaves import nothing from ``sim`` but the unit constants; agents and policies never import
pandas, Hydra, OmegaConf or matplotlib; only the loading package (schema registration and
composition) and the command-line entry points know Hydra/OmegaConf, so the schemas (config),
validation and the composition root (build) do not;
analysis and plots never import SimPy; nothing imports a CLI entry point (``python -m sim``'s
``__main__`` is the CLI's entry point).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import sim

SIM = Path(sim.__file__).resolve().parent
LEAVES = ("units.py", "calendar.py", "holidays.py", "rng.py", "distributions.py",
          "checks.py")
HYDRA = ("hydra", "omegaconf")
#: Top-level modules and packages of ``sim/`` that may import Hydra: the loading package
#: (schemas, overrides, composition, conversion, their messages and the variant labels) and
#: the command lines that Hydra starts (``swsim``, ``swsim-plan``) or checks beforehand.
HYDRA_ALLOWED = ("loading", "cli.py", "plan_cli.py", "command_line.py")
#: The command-line entry points (console scripts): nothing in ``sim`` imports them.
ENTRY_POINTS = ("sim.cli", "sim.plan_cli")


def module_name(path: Path) -> str:
    """Dotted module name of a file under ``sim/``."""
    parts = path.relative_to(SIM.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(path: Path) -> str:
    """The package a file's relative imports start from."""
    name = module_name(path)
    return name if path.name == "__init__.py" else name.rsplit(".", 1)[0]


def imports_in(source: str, package: str) -> set[str]:
    """Every module imported anywhere in ``source`` (relative imports resolved)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def imports(path: Path) -> set[str]:
    """Every module a file of ``sim/`` imports."""
    return imports_in(path.read_text(), package_of(path))


def top_level(names: set[str]) -> set[str]:
    """First components of module names."""
    return {name.split(".")[0] for name in names}


def files(*under: str) -> list[Path]:
    """Python files of ``sim/`` (or of the given subpackages)."""
    roots = [SIM / u for u in under] if under else [SIM]
    return sorted(p for root in roots for p in root.rglob("*.py"))


def test_the_scan_sees_imports() -> None:
    """Guard against a scan that finds nothing (the rules below would pass vacuously)."""
    assert "sim.units" in imports(SIM / "calendar.py")
    assert "hydra" in top_level(imports(SIM / "cli.py"))
    assert "hydra" in top_level(imports(SIM / "plan_cli.py"))
    loading = set().union(*(imports(path) for path in files("loading")))
    assert {"hydra", "omegaconf"} <= top_level(loading)
    assert "simpy" in top_level(imports(SIM / "scheduling.py"))
    assert "sim.scheduling" in imports(SIM / "agents" / "workers.py")
    assert len(files()) > 20


@pytest.mark.parametrize("leaf", LEAVES)
def test_leaves_import_nothing_from_sim(leaf: str) -> None:
    """Nothing from ``sim`` but the unit constants of ``sim.units`` (itself a bare leaf).

    calendar.py takes HOURS_PER_DAY and DAYS_PER_WEEK from sim.units: a leaf on a leaf,
    which keeps the whole leaf layer free of the rest of the package.
    """
    from_sim = {name for name in imports(SIM / leaf) if name.split(".")[0] == "sim"}
    units = {name for name in from_sim if name == "sim.units" or name.startswith("sim.units.")}
    assert from_sim - (set() if leaf == "units.py" else units) == set()


@pytest.mark.parametrize("path", files("agents", "policies"), ids=lambda p: p.name)
def test_agents_and_policies_stay_free_of_frameworks(path: Path) -> None:
    assert not top_level(imports(path)) & {"pandas", "matplotlib", *HYDRA}


@pytest.mark.parametrize("path", files(), ids=lambda p: str(p.relative_to(SIM)))
def test_only_loading_and_cli_know_hydra(path: Path) -> None:
    if path.relative_to(SIM).parts[0] in HYDRA_ALLOWED:
        return
    assert not top_level(imports(path)) & set(HYDRA)


def test_the_hydra_allow_list_is_exact() -> None:
    """Every allowed module exists; the schemas, composition root and validation are not on it."""
    assert all((SIM / name).is_file() or (SIM / name / "__init__.py").is_file()
               for name in HYDRA_ALLOWED)
    assert not {"config.py", "build.py", "validation.py"} & set(HYDRA_ALLOWED)


@pytest.mark.parametrize("path", files("analysis", "plots"), ids=lambda p: p.name)
def test_analysis_and_plots_never_import_simpy(path: Path) -> None:
    assert "simpy" not in top_level(imports(path))


@pytest.mark.parametrize("path", files(), ids=lambda p: str(p.relative_to(SIM)))
def test_nothing_imports_the_cli(path: Path) -> None:
    if path == SIM / "__main__.py":  # ``python -m sim``: the CLI's own entry point
        return
    assert not any(name == entry or name.startswith(f"{entry}.")
                   for name in imports(path) for entry in ENTRY_POINTS)


def test_relative_imports_are_resolved() -> None:
    """``from ..cli import main`` inside sim/agents/ is sim.cli."""
    found = imports_in("from ..cli import main\nfrom . import cases\n", "sim.agents")
    assert "sim.cli" in found and "sim.agents" in found


# --------------------------------------------------------------------------- at run time

HEAVY = ("hydra", "omegaconf", "pandas", "matplotlib")


def loaded_after(statement: str) -> set[str]:
    """Top-level packages in ``sys.modules`` after ``statement`` in a fresh interpreter."""
    names = "{m.split('.')[0] for m in sys.modules}"
    code = f"import sys\n{statement}\nprint(' '.join(sorted({names})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("module", ["sim", "sim.calendar", "sim.holidays", "sim.units",
                                    "sim.rng", "sim.distributions", "sim.agents.workers",
                                    "sim.agents.demand", "sim.policies.dispatch",
                                    "sim.scheduling", "sim.staff", "sim.timecategory",
                                    "sim.casework"])
def test_importing_a_leaf_or_agent_loads_no_framework(module: str) -> None:
    """Checked in a subprocess: the import graph as Python really loads it."""
    assert not loaded_after(f"import {module}") & set(HEAVY)


def test_the_public_names_load_on_use() -> None:
    """The lazy API still gives every public name (and then loads what it needs)."""
    loaded = loaded_after("import sim\nsim.load_config\nsim.run\nsim.summarise")
    assert {"hydra", "pandas"} <= loaded
    api = sim
    assert set(api.__all__) == {"KPI_DICTIONARY", "ConfigError", "RunResult", "SwsimConfig",
                                "TargetsFile", "calibrate", "compare", "interval",
                                "load_config", "mser5", "plan_staffing",
                                "replications_needed", "run", "run_replications",
                                "summarise"}
    assert all(getattr(api, name) is not None for name in api.__all__)
