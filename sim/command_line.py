"""The command line as Hydra will read it, checked before Hydra starts anything.

``swsim`` hands its arguments to Hydra, but first :func:`precheck` reads them with Hydra's
own argument parser and composes and validates every job they describe: a single run, every
combination of a sweep (``-m key=a,b other=x,y``), with ``--config-dir``, ``--config-name``,
``--config-path`` and ``hydra.searchpath`` applied as Hydra applies them. Bad input thus ends
in one :class:`ConfigError` before any job starts and before any folder is made. Arguments
that only show something (``--info``, ``--hydra-help``, shell completion) go to Hydra as
they are; ``--help`` is answered by :mod:`sim.helptext`. :func:`prevalidate` does the same
for a command that takes overrides only (``swsim-plan``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra._internal.utils import get_args_parser
from hydra.core.override_parser.types import Glob, Override
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf, open_dict

from sim.checks import ConfigError
from sim.config import CONF_DIR, SwsimConfig
from sim.loading import (
    CONFIG_NAME,
    check_overrides,
    compose_node,
    compose_rewritten,
    describe_error,
    parse_overrides,
    rewrite_overrides,
    to_config,
)
from sim.rundir import check_free, check_writable
from sim.store import ResultStore

#: Hydra flags after which nothing runs: the arguments go to Hydra unchecked.
SHOW_ONLY = ("hydra_help", "info", "shell_completion", "experimental_rerun")


@dataclass(frozen=True)
class CommandLine:
    """What the arguments ask for."""

    overrides: tuple[str, ...]
    multirun: bool = False
    config_dir: str | None = None
    config_name: str = CONFIG_NAME
    primary_dir: Path = CONF_DIR
    help: bool = False
    show_only: bool = False


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ConfigError(f"cannot read the command line: {message} (see swsim --help)")


def _hydra_parser() -> argparse.ArgumentParser:
    """Hydra's own argument parser, raising :class:`ConfigError` instead of exiting."""
    parser = get_args_parser()
    parser.__class__ = _Parser
    return parser


def read(argv: Sequence[str]) -> CommandLine:
    """The arguments of ``swsim`` as Hydra reads them.

    Raises
    ------
    ConfigError
        For arguments Hydra's parser refuses.
    """
    ns = _hydra_parser().parse_args(list(argv))
    modes = [flag for flag, on in (("--run", ns.run), ("-m", ns.multirun), ("--cfg", ns.cfg),
                                   ("--info", ns.info),
                                   ("--shell-completion", ns.shell_completion)) if on]
    if len(modes) > 1:
        raise ConfigError(f"{' and '.join(modes)} cannot be combined: give at most one of "
                          f"--run, -m, --cfg, --info and --shell-completion")
    primary = CONF_DIR
    if ns.config_path:
        path = Path(ns.config_path)
        primary = path if path.is_absolute() else Path(__file__).parent / path
    return CommandLine(
        overrides=tuple(ns.overrides), multirun=bool(ns.multirun), config_dir=ns.config_dir,
        config_name=ns.config_name or CONFIG_NAME, primary_dir=primary, help=bool(ns.help),
        show_only=any(getattr(ns, name) for name in SHOW_ONLY))


def _value_text(override: Override) -> str:
    """The value of an override as it was written."""
    return str(override.input_line or "").partition("=")[2]


def group_options(group: str, dirs: Sequence[Path]) -> list[str]:
    """The options (YAML files) of a config group in any of ``dirs``."""
    return sorted({p.stem for d in dirs for p in (d / group).glob("*.yaml")})


def _expand_globs(overrides: Sequence[str], dirs: Sequence[Path]) -> list[str]:
    """``group=glob(...)`` as the list of the group's matching options."""
    expanded = list(overrides)
    for i, override in enumerate(parse_overrides(overrides)):
        value = override.value()
        if isinstance(value, Glob):
            key = override.get_key_element()
            names = value.filter(group_options(override.key_or_group, dirs))
            if not names:
                raise ConfigError(f"{key} = {_value_text(override)!r} is not "
                                  f"allowed: the glob "
                                  f"matches no option of {override.key_or_group}")
            expanded[i] = f"{key}={','.join(names)}"
    return expanded


def job_overrides(overrides: Sequence[str], dirs: Sequence[Path] = (CONF_DIR,)
                  ) -> list[list[str]]:
    """Every job of a sweep as its list of overrides (one job without a sweep).

    ``dirs`` are the config folders in which a ``glob(...)`` sweep finds a group's options.

    Raises
    ------
    ConfigError
        For a sweep Hydra's basic sweeper cannot expand (an interval).
    """
    parsed = parse_overrides(_expand_globs(overrides, dirs))
    for override in parsed:
        if override.is_sweep_override() and not override.is_discrete_sweep():
            raise ConfigError(f"{override.get_key_element()} = "
                              f"{_value_text(override)!r} is not "
                              f"allowed: a sweep lists its values (a,b,c), range(start,stop,"
                              f"step) or glob(...); intervals need an optimising sweeper")
    try:
        return BasicSweeper.split_arguments(parsed, None)[0]
    except HydraException as exc:
        raise ConfigError(describe_error(exc)) from None


def job_config(node: DictConfig) -> tuple[str, SwsimConfig]:
    """A job's run folder (from Hydra's node) and its validated configuration; ``node``
    loses its ``hydra`` node.

    Raises
    ------
    ConfigError
        As :func:`sim.loading.to_config`.
    """
    run_dir = str(OmegaConf.select(node, "hydra.run.dir"))
    with open_dict(node):
        node.pop("hydra")
    return run_dir, to_config(node)


def check_job(line: CommandLine, overrides: Sequence[str]) -> tuple[list[str], str]:
    """Compose and validate one job as Hydra will; return its overrides as Hydra should get
    them and its run folder (for a single run).

    Raises
    ------
    ConfigError
        With one message that names the key and what is allowed.
    """
    place: dict[str, Any] = {"config_dir": line.config_dir, "config_name": line.config_name,
             "primary_dir": line.primary_dir}
    rewritten, node = compose_rewritten(overrides, with_hydra=True, **place)
    run_dir, cfg = job_config(node)
    check_writable(ResultStore(cfg.run.store).root, "run.store")
    return rewritten, run_dir


def precheck(argv: Sequence[str]) -> tuple[CommandLine, list[str], str | None]:
    """Check every job the arguments describe.

    Returns what they ask for, the arguments for Hydra (a single run gets its overrides
    rewritten: ``key={}`` empties a mapping; a sweep keeps its overrides for Hydra to expand
    once every job has passed) and a single run's folder.

    Raises
    ------
    ConfigError
        For the first job that is refused, naming the key and what is allowed.
    """
    line = read(argv)
    if line.help or line.show_only:
        return line, list(argv), None
    check_overrides(parse_overrides(line.overrides))
    dirs = [line.primary_dir, *([Path(line.config_dir)] if line.config_dir else [])]
    jobs = job_overrides(line.overrides, dirs) if line.multirun else [list(line.overrides)]
    checked = [check_job(line, job) for job in jobs]
    if line.multirun:
        return line, list(argv), None
    flags = [arg for arg in argv if arg not in line.overrides]
    rewritten, folder = checked[0]
    return line, [*flags, *rewritten], folder


def check_run_dir(run_dir: str) -> None:
    """Refuse a run folder that already holds a finished bundle (it is never overwritten)."""
    if not Path(run_dir).exists():
        return
    from sim.bundle import is_finished  # noqa: PLC0415 - it loads matplotlib

    if is_finished(Path(run_dir)):
        raise ConfigError(f"hydra.run.dir = '{run_dir}' is not allowed: it already holds a "
                          f"finished bundle; choose a new folder")


def prevalidate(overrides: Sequence[str],
                check: Callable[[SwsimConfig], object] | None = None) -> list[str]:
    """Compose and validate the overrides as Hydra will; return them as Hydra should get them.

    ``check`` refuses what a particular command cannot use (``swsim-plan``'s settings).

    Raises
    ------
    ConfigError
        With one message that names the key and what is allowed.
    """
    rewritten = rewrite_overrides(overrides)
    run_dir, cfg = job_config(compose_node(rewritten, with_hydra=True))
    if check is not None:
        check(cfg)
    check_run_dir(run_dir)
    check_writable(run_dir)
    check_free(run_dir)
    check_writable(ResultStore(cfg.run.store).root, "run.store")
    return rewritten
