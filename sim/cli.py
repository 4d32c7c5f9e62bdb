"""Command line: ``swsim [hydra overrides]`` runs replications and writes a result bundle.

::

    swsim                                          # default scenario, run/default.yaml
    swsim scenario=mmc policy/dispatch=priority run.replications=20
    swsim hydra.run.dir=out/my_run run.progress=false

The overrides are checked before Hydra starts the run (so a bad one creates no run folder):
composition errors, unknown keys and values that :func:`sim.config.validate` refuses end
with one line ``swsim: error: <key> ...`` on stderr and exit code 2, never a traceback.
``key={}`` on a mapping empties it (plain Hydra would merge ``{}`` and change nothing).
Runs with Hydra flags (``-m``, ``--cfg``, ``--help``, ...) go to Hydra unchecked; their config
is still validated before any simulation starts.

Exit codes: 0 done; 1 some replications failed (the bundle lists them) or the bundle could
not be written; 2 bad input; 130 interrupted.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import hydra
from hydra import compose, initialize_config_dir
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override
from hydra.errors import HydraException, MissingConfigException, OverrideParseException
from omegaconf import DictConfig, OmegaConf, open_dict
from omegaconf.errors import ConfigAttributeError, ConfigKeyError, OmegaConfBaseException
from tqdm import tqdm

from sim.config import CONF_DIR, ConfigError, SwsimConfig, register_schemas, to_config
from sim.runner import iter_replications

if TYPE_CHECKING:
    from sim.bundle import RunInfo

PROG = "swsim"
CONFIG_NAME = "config"
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
_TYPE_NAMES = {"Float": "a number", "Integer": "a whole number", "Boolean": "true or false"}

register_schemas()


# --------------------------------------------------------------------------- messages


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``swsim: error: <message>`` as one line on stderr and exit with ``code``."""
    one_line = " ".join(message.split())
    print(f"{PROG}: error: {one_line}", file=sys.stderr, flush=True)
    sys.exit(code)


def warn(message: str) -> None:
    """Print ``swsim: warning: <message>`` on stderr."""
    print(f"{PROG}: warning: {message}", file=sys.stderr, flush=True)


def _first_line(text: str) -> str:
    return next((ln.strip() for ln in str(text).splitlines() if ln.strip()), "")


def _missing_option(exc: MissingConfigException) -> str:
    missing = exc.missing_cfg_file or ""
    group, _, name = missing.rpartition("/")
    options = [o for o in (exc.options or []) if not o.startswith("base_")]
    if not group or not options:
        return _first_line(str(exc))
    return f"{group} = {name!r} is not allowed: allowed values are {', '.join(options)}"


def _omegaconf_problem(exc: OmegaConfBaseException) -> str:
    key = exc.full_key or exc.key or "config"
    what = _first_line(exc.msg or str(exc))
    if isinstance(exc, ConfigAttributeError | ConfigKeyError) and "not in" in what:
        allowed = _field_names(exc.object_type) or [str(k) for k in exc.parent_node or ()]
        parent = str(key).rpartition(".")[0] or "the root"
        return (f"{key} is not a known key: allowed keys under {parent} are "
                f"{', '.join(allowed) or '(none)'}")
    expected = re.search(r"could not be converted to (\w+)", what)
    if expected:
        what = f"expected {_TYPE_NAMES.get(expected.group(1), expected.group(1))}"
    value = "" if exc.value is None else f" = {exc.value!r}"
    return f"{key}{value} is not allowed: {what}"


def _field_names(obj_type: Any) -> list[str]:
    if isinstance(obj_type, type) and dataclasses.is_dataclass(obj_type):
        return [f.name for f in dataclasses.fields(obj_type)]
    return []


def describe_error(exc: BaseException) -> str:
    """One line for a Hydra or OmegaConf error that names the key and what is allowed."""
    if isinstance(exc, MissingConfigException):
        return _missing_option(exc)
    if isinstance(exc, OverrideParseException):
        return (f"cannot parse the override {exc.override!r}: "
                f"{' '.join(str(exc.message).splitlines()[1:2])} "
                f"(overrides look like key=value, +key=value or ~key)")
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, OmegaConfBaseException):
        return _omegaconf_problem(exc)
    if isinstance(cause, OmegaConfBaseException):
        return _omegaconf_problem(cause)
    return " ".join(ln.strip() for ln in str(exc).splitlines() if ln.strip())


# --------------------------------------------------------------------------- validation


def check_known_keys(container: Any, obj: Any, prefix: str = "") -> None:
    """Refuse keys of a composed config that its dataclass schema does not define.

    Hydra's ``+key=value`` can add keys that :func:`omegaconf.OmegaConf.to_object` silently
    accepts or drops; this walks the plain container alongside the converted object.

    Raises
    ------
    ConfigError
        Naming the first unknown key and the keys allowed beside it.
    """
    if not isinstance(container, dict):
        return
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = _field_names(type(obj))
        for key, value in container.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if key not in names:
                raise ConfigError(f"{path} is not a known key: allowed keys under "
                                  f"{prefix or 'the root'} are {', '.join(names)}")
            check_known_keys(value, getattr(obj, key), path)
    elif isinstance(obj, dict):
        for key, value in container.items():
            if key in obj:
                check_known_keys(value, obj[key], f"{prefix}.{key}")


def config_from_node(node: Any) -> SwsimConfig:
    """A composed node as a validated :class:`SwsimConfig`, unknown keys refused."""
    cfg = to_config(node)
    container = OmegaConf.to_container(node, resolve=False)
    if isinstance(container, dict):
        container.pop("hydra", None)
    check_known_keys(container, cfg)
    return cfg


def _parse(overrides: Sequence[str]) -> list[Override]:
    try:
        return OverridesParser.create().parse_overrides(list(overrides))
    except HydraException as exc:
        raise ConfigError(describe_error(exc)) from None


def _compose(overrides: Sequence[str]) -> tuple[DictConfig, str]:
    """The composed job config (without ``hydra``) and the run folder Hydra would use."""
    try:
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
            node = compose(config_name=CONFIG_NAME, overrides=list(overrides),
                           return_hydra_config=True)
            run_dir = str(OmegaConf.select(node, "hydra.run.dir"))
    except (HydraException, OmegaConfBaseException) as exc:
        raise ConfigError(describe_error(exc)) from None
    with open_dict(node):
        node.pop("hydra")
    return node, run_dir


def check_run_dir(run_dir: str) -> None:
    """Refuse a run folder that already holds a finished bundle (it is never overwritten)."""
    if not Path(run_dir).exists():
        return
    from sim.bundle import is_finished  # noqa: PLC0415 - see execute

    if is_finished(Path(run_dir)):
        raise ConfigError(f"hydra.run.dir = '{run_dir}' is not allowed: it already holds a "
                          f"finished bundle; choose a new folder")


def _emptied(override: Override, node: DictConfig) -> list[str] | None:
    """``key={}`` on a non-empty free-form mapping as deletions of its entries, else None."""
    if override.is_add() or override.is_delete() or override.package is not None:
        return None
    value = override.value()
    if not isinstance(value, dict) or value:
        return None
    current = OmegaConf.select(node, override.key_or_group)
    if not isinstance(current, DictConfig) or OmegaConf.get_type(current) is not dict:
        return None
    return [f"~{override.key_or_group}.{name!s}" for name in current]


def prevalidate(overrides: Sequence[str]) -> list[str]:
    """Compose and validate the overrides as Hydra will; return them as Hydra should get them.

    Raises
    ------
    ConfigError
        With one message that names the key and what is allowed.
    """
    parsed = _parse(overrides)
    node, run_dir = _compose(overrides)
    rewritten: list[str] = []
    for line, override in zip(overrides, parsed, strict=True):
        emptied = _emptied(override, node)
        rewritten += [line] if emptied is None else emptied
    if rewritten != list(overrides):
        node, run_dir = _compose(rewritten)
    config_from_node(node)
    check_run_dir(run_dir)
    return rewritten


# --------------------------------------------------------------------------- running


def config_yaml(cfg: SwsimConfig) -> str:
    """The validated configuration as YAML."""
    return OmegaConf.to_yaml(OmegaConf.create(dataclasses.asdict(cfg)))


def run_info(cfg: SwsimConfig, overrides: Sequence[str]) -> RunInfo:
    """What the report says was run."""
    from sim.bundle import RunInfo  # noqa: PLC0415 - see execute

    sc = cfg.scenario
    return RunInfo(scenario=sc.name, dispatch=cfg.policy.dispatch.name,
                   replications=cfg.run.replications, seed=cfg.run.seed,
                   warmup_days=sc.warmup_days, horizon_days=sc.horizon_days,
                   n_jobs=cfg.run.n_jobs, overrides=tuple(overrides))


def run_with_progress(cfg: SwsimConfig) -> list[dict[str, Any]]:
    """All replications with their tables, a progress bar on stderr unless turned off."""
    n = cfg.run.replications
    rows: list[dict[str, Any]] = []
    with tqdm(total=n, desc="replications", unit="rep", file=sys.stderr,
              disable=not cfg.run.progress, dynamic_ncols=True) as bar:
        for row in iter_replications(cfg, n, cfg.run.n_jobs, keep_tables=True):
            rows.append(row)
            bar.update(1)
    return rows


def execute(cfg: SwsimConfig, folder: Path, overrides: Sequence[str] = ()) -> int:
    """Run, print the KPI table, write the bundle into ``folder``; return the exit code."""
    # imported here so that bad input is refused without loading matplotlib first
    from sim.bundle import (  # noqa: PLC0415
        collect,
        format_kpi_table,
        is_finished,
        write_bundle,
    )

    if is_finished(folder):
        fail(f"hydra.run.dir = '{folder}' is not allowed: it already holds a finished "
             f"bundle; choose a new folder")
    bundle = collect(run_with_progress(cfg), run_info(cfg, overrides), config_yaml(cfg))
    info, failed = bundle.info, bundle.failed
    print(f"{PROG}: {info.scenario}, dispatch {info.dispatch}, {info.replications} "
          f"replications, seed {info.seed}")
    print(format_kpi_table(bundle.summary))
    try:
        write_bundle(folder, bundle)
    except OSError as exc:
        fail(f"cannot write the bundle to {folder}: {exc}", EXIT_FAILED)
    print(f"bundle: {folder}", flush=True)
    if failed.empty:
        return 0
    first = failed.iloc[0]
    message = (f"replication {first['replication']} failed: {first['error']}"
               if len(failed) == 1 else
               f"{len(failed)} of {info.replications} replications failed, first: "
               f"{first['error']}")
    warn(f"{message} (listed in {folder / 'report.md'})")
    return EXIT_FAILED


@hydra.main(version_base="1.3", config_path=str(CONF_DIR), config_name=CONFIG_NAME)
def _app(node: DictConfig) -> None:
    try:
        cfg = config_from_node(node)
    except ConfigError as exc:
        fail(str(exc))
    hydra_cfg = HydraConfig.get()
    code = execute(cfg, Path(hydra_cfg.runtime.output_dir), tuple(hydra_cfg.overrides.task))
    if code:
        sys.exit(code)


def main() -> None:
    """Entry point of ``swsim`` and ``python -m sim``."""
    args = sys.argv[1:]
    try:
        if not any(arg.startswith("-") for arg in args):
            try:
                args = prevalidate(args)
            except ConfigError as exc:
                fail(str(exc))
            sys.argv = [sys.argv[0], *args]
        _app()
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
