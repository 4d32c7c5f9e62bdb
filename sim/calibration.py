"""Calibration: fit a scenario's free parameters to a place's reported yearly counts.

A targets file (``conf/calibration/<name>.yaml``, schema :class:`TargetsFile`) names the
scenario, each target KPI with its reported value and band, the free parameters with their
search ranges, and the search settings. The search is a coordinate grid search with common
random numbers: every candidate runs the same replications (same seed), so candidates differ
only by their parameters; each parameter in turn is set to the best value of a grid over its
range (the others held), and after each round the ranges shrink around the best values. The
distance to minimise is ``sum(((mean KPI - reported) / tolerance) ** 2)`` over the targets,
with the tolerance one Poisson standard deviation ``sqrt(reported)`` unless the file gives
one. The fitted values are written as a scenario YAML a user can compose.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.analysis.kpis import KPI_BY_NAME
from sim.checks import ConfigError
from sim.config import CONF_DIR, SwsimConfig
from sim.loading import load_config
from sim.runner import run_replications

__all__ = ["Fit", "Parameter", "Search", "Target", "TargetsFile", "calibrate", "distance",
           "expand", "load_targets", "overrides_yaml"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Target(_Strict):
    """A reported yearly count and how closely the mean over replications should match it."""

    reported: float = Field(gt=0)
    tolerance: float | None = Field(default=None, gt=0)
    band: tuple[float, float] | None = None
    note: str = ""

    @property
    def sd(self) -> float:
        """The distance's unit: ``tolerance``, or one Poisson sd ``sqrt(reported)``."""
        return self.tolerance if self.tolerance is not None else math.sqrt(self.reported)

    @property
    def bounds(self) -> tuple[float, float]:
        """The acceptance band: ``band``, or ``reported +- 2 sd``."""
        return self.band if self.band is not None else (self.reported - 2 * self.sd,
                                                        self.reported + 2 * self.sd)


class Parameter(_Strict):
    """A free parameter: a dotted configuration key (``*`` matches every entry of a
    mapping), its search range and whether the value is set or scales the scenario's own."""

    key: str
    low: float
    high: float
    mode: Literal["set", "scale"] = "set"
    clip: tuple[float, float] | None = None
    note: str = ""

    @model_validator(mode="after")
    def _range(self) -> Parameter:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self


class Search(_Strict):
    """How hard to search: grid points per parameter, rounds, replications, seed, processes,
    and extra overrides that hold during the search only."""

    grid: int = Field(default=7, ge=2)
    rounds: int = Field(default=2, ge=1)
    replications: int = Field(default=3, ge=1)
    seed: int = Field(default=20261121, ge=0)
    n_jobs: int = 1
    overrides: list[str] = []


class TargetsFile(_Strict):
    """A place's reported counts and the parameters fitted to them."""

    scenario: str
    source: str = ""
    targets: dict[str, Target]
    parameters: list[Parameter]
    search: Search = Search()

    @model_validator(mode="after")
    def _known(self) -> TargetsFile:
        unknown = [name for name in self.targets if name not in KPI_BY_NAME]
        if unknown:
            raise ValueError(f"unknown KPI {unknown[0]!r}: targets must be KPI names")
        if not self.parameters:
            raise ValueError("at least one parameter is required")
        return self


def load_targets(name_or_path: str | Path) -> TargetsFile:
    """A targets file by name (``conf/calibration/<name>.yaml``) or path; a bad file is one
    :class:`ConfigError` naming the key, the value and what is allowed."""
    path = Path(name_or_path)
    if not path.suffix:
        path = CONF_DIR / "calibration" / f"{name_or_path}.yaml"
    if not path.is_file():
        raise ConfigError(f"calibration targets = {str(name_or_path)!r} is not allowed: no "
                          f"such file (shipped: {', '.join(shipped_targets()) or 'none'})")
    try:
        return TargetsFile.model_validate(yaml.safe_load(path.read_text()) or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(part) for part in err["loc"]) or "(file)"
        raise ConfigError(f"{path.name}: {key} = {err.get('input')!r} is not allowed: "
                          f"{err['msg']}") from None


def shipped_targets() -> list[str]:
    """Names of the targets files shipped in ``conf/calibration``."""
    return sorted(p.stem for p in (CONF_DIR / "calibration").glob("*.yaml"))


# --------------------------------------------------------------------------- keys


def _walk(node: Any, parts: Sequence[str], prefix: str) -> Iterator[tuple[str, Any]]:
    if not parts:
        yield prefix, node
        return
    head, rest = parts[0], parts[1:]
    names = list(node) if head == "*" and isinstance(node, dict) else [head]
    for name in names:
        child = node.get(name) if isinstance(node, dict) else getattr(node, name, _MISSING)
        if child is _MISSING or (isinstance(node, dict) and name not in node):
            raise ConfigError(f"calibration parameter {prefix + name!r} is not allowed: no "
                              "such key in the composed configuration")
        yield from _walk(child, rest, f"{prefix}{name}.")


_MISSING = object()


def expand(cfg: SwsimConfig, key: str) -> dict[str, float]:
    """Every concrete key that ``key`` (with ``*``) names, and its value in ``cfg`` (an
    ``int`` stays one)."""
    out: dict[str, float] = {}
    for concrete, value in _walk(cfg, key.split("."), ""):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"calibration parameter {concrete.rstrip('.')} = {value!r} is "
                              "not allowed: a parameter must be a number")
        out[concrete.rstrip(".")] = value
    return out


def concrete_values(cfg: SwsimConfig, params: Sequence[Parameter],
                    values: Sequence[float]) -> dict[str, float]:
    """The configuration values that ``values`` of ``params`` stand for."""
    out: dict[str, float] = {}
    for param, value in zip(params, values, strict=True):
        for key, base in expand(cfg, param.key).items():
            x = base * value if param.mode == "scale" else value
            if param.clip is not None:
                x = min(max(x, param.clip[0]), param.clip[1])
            out[key] = round(x) if isinstance(base, int) else x
    return out


# --------------------------------------------------------------------------- search


def distance(means: dict[str, float], targets: dict[str, Target]) -> float:
    """Sum of squared standardised deviations of the means from the reported counts."""
    return float(sum(((means[k] - t.reported) / t.sd) ** 2 for k, t in targets.items()))


@dataclass(frozen=True)
class Fit:
    """The result of a calibration."""

    values: dict[str, float]
    """Fitted value of each parameter key (a multiplier for ``scale`` parameters)."""
    overrides: dict[str, float]
    """The concrete configuration values they stand for."""
    means: dict[str, float]
    distance: float
    step: dict[str, float]
    """Final grid step of each parameter: the search's tolerance."""
    evaluations: int


Progress = Callable[[int, int, dict[str, float], float], None]


class _Evaluator:
    """Runs candidates with common random numbers, remembering what it ran."""

    def __init__(self, spec: TargetsFile, overrides: Sequence[str]) -> None:
        self.spec = spec
        s = spec.search
        self.fixed = [f"scenario={spec.scenario}", *overrides, *s.overrides,
                      f"run.seed={s.seed}", "run.progress=false"]
        self.base = load_config(self.fixed)
        self.cache: dict[tuple[float, ...], tuple[dict[str, float], float]] = {}

    def __call__(self, values: tuple[float, ...]) -> tuple[dict[str, float], float]:
        if values not in self.cache:
            concrete = concrete_values(self.base, self.spec.parameters, values)
            cfg = load_config([*self.fixed, *(f"{k}={v!r}" for k, v in concrete.items())])
            rows = run_replications(cfg, self.spec.search.replications,
                                    n_jobs=self.spec.search.n_jobs)
            if "error" in rows and rows["error"].notna().any():
                raise RuntimeError(f"a replication failed: {rows['error'].dropna().iloc[0]}")
            means = {k: float(rows[k].mean()) for k in self.spec.targets}
            self.cache[values] = (means, distance(means, self.spec.targets))
        return self.cache[values]


def calibrate(spec: TargetsFile, overrides: Sequence[str] = (),
              progress: Progress | None = None) -> Fit:
    """Fit ``spec``'s parameters by coordinate grid search with common random numbers.

    Parameters
    ----------
    spec
        The targets, parameters and search settings.
    overrides
        Extra configuration overrides (e.g. a policy option) that hold throughout.
    progress
        Called after each evaluation with ``(done, total, values, distance)``.
    """
    evaluate = _Evaluator(spec, overrides)
    params, s = spec.parameters, spec.search
    lows = [p.low for p in params]
    highs = [p.high for p in params]
    current = [(lo + hi) / 2 for lo, hi in zip(lows, highs, strict=True)]
    total, done = s.rounds * len(params) * s.grid, 0
    steps = [0.0] * len(params)
    for _ in range(s.rounds):
        for i in range(len(params)):
            grid = np.linspace(lows[i], highs[i], s.grid)
            steps[i] = float(grid[1] - grid[0])
            scored = []
            for x in grid.tolist():
                candidate = tuple(current[:i] + [round(x, 10)] + current[i + 1:])
                _, d = evaluate(candidate)
                scored.append((d, x))
                done += 1
                if progress is not None:
                    progress(done, total, dict(zip((p.key for p in params), candidate,
                                                   strict=True)), d)
            current[i] = round(min(scored)[1], 10)
        # the next round searches one grid step either side of each best value
        lows = [max(p.low, c - st) for p, c, st in zip(params, current, steps, strict=True)]
        highs = [min(p.high, c + st) for p, c, st in zip(params, current, steps, strict=True)]
    means, d = evaluate(tuple(current))
    keys = [p.key for p in params]
    return Fit(dict(zip(keys, current, strict=True)),
               concrete_values(evaluate.base, params, current), means, d,
               dict(zip(keys, steps, strict=True)), len(evaluate.cache))


def overrides_yaml(spec: TargetsFile, fit: Fit) -> str:
    """The fitted values as a scenario YAML that composes on the calibrated scenario
    (``swsim scenario=<file name>`` once it is in ``conf/scenario``)."""
    tree: dict[str, Any] = {}
    for key, value in fit.overrides.items():
        parts = key.split(".")
        if parts[0] != "scenario":
            raise ConfigError(f"calibration parameter {key} is not allowed: only scenario keys "
                              "can be written as a scenario")
        node = tree
        for part in parts[1:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = round(value, 6)
    header = [f"# {spec.scenario} calibrated by swsim-calibrate: distance {fit.distance:.3f} "
              f"after {fit.evaluations} evaluations", "# fit (mean over replications vs "
              "reported):"]
    header += [f"#   {k}: {fit.means[k]:.1f} vs {t.reported:g}" for k, t in
               spec.targets.items()]
    body = yaml.safe_dump({"defaults": [spec.scenario, "_self_"], **tree}, sort_keys=False)
    return "\n".join(header) + "\n" + body
