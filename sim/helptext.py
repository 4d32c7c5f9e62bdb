"""``swsim --help``: the config groups and their options, each with a one-line meaning.

The text is made from the configuration that ships with swsim, so a new option (a YAML file
in a group's folder whose first comment line says what it is) shows up without editing this.
"""

from __future__ import annotations

from pathlib import Path

from sim.config import CONF_DIR

USAGE = """\
swsim: simulate social-work staffing and service coverage.

Usage:
  swsim [group=option ...] [key=value ...]     one run; a result bundle in outputs/
  swsim -m key=a,b other=x,y                   a sweep; every job's bundle and, at the
                                               sweep root, sweep.parquet,
                                               sweep_summary.csv and figures/
  swsim --cfg job [overrides]                  show the composed configuration
  swsim --config-dir DIR scenario=my_place     add DIR (with scenario/my_place.yaml) to
                                               the config search path
  swsim --hydra-help                           Hydra's own flags

Keys of the run group (run.<key>=value):
  replications     replications per run (>= 1)
  n_jobs           processes for replications (-1: all cores; capped at the cores)
  seed             master seed, 0 .. 2**63 - 1; every random stream derives from it
  progress         progress bar on stderr (true/false)
  max_referrals    size budget: referrals per replication (refused above it)
  max_worker_days  size budget: workers x simulated days per replication
  max_memory_mb    size budget: estimated memory of all processes together, MB

Exit codes: 0 done; 1 some replications failed; 2 bad input; 130 interrupted."""

#: Groups worth listing from Hydra's own tree (the launchers of a sweep).
HYDRA_GROUPS = ("hydra/launcher",)
#: The launchers that Hydra's plugins bring (their YAML is not in conf/).
PLUGIN_LAUNCHERS = {
    "basic": "The default: a sweep's jobs one after another in this process",
    "joblib": "A sweep's jobs in parallel processes on this machine (hydra-joblib-launcher)",
    "submitit_local": "A sweep's jobs as local submitit processes (hydra-submitit-launcher)",
    "submitit_slurm": "A sweep's jobs as SLURM jobs, Hydra's defaults (see slurm)",
}


def meaning(path: Path, width: int = 80) -> str:
    """The first sentence of a YAML file's first comment line, shortened to ``width``."""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#"):
            text = line.lstrip("# ").strip()
            sentence = text.split(". ")[0].rstrip(".")
            return sentence if len(sentence) <= width else sentence[: width - 3] + "..."
        if line:
            break
    return "(no description)"


def groups(conf_dir: Path = CONF_DIR) -> dict[str, dict[str, str]]:
    """Every config group under ``conf_dir``: option name -> one-line meaning."""
    found: dict[str, dict[str, str]] = {}
    for folder in sorted(p for p in conf_dir.rglob("*") if p.is_dir()):
        group = folder.relative_to(conf_dir).as_posix()
        if group.startswith("hydra") and group not in HYDRA_GROUPS:
            continue
        options = {f.stem: meaning(f) for f in sorted(folder.glob("*.yaml"))}
        if group == "hydra/launcher":
            options = dict(sorted({**PLUGIN_LAUNCHERS, **options}.items()))
        if options:
            found[group] = options
    return found


def help_text(conf_dir: Path = CONF_DIR) -> str:
    """The whole ``--help`` text."""
    lines = [USAGE, "", "Config groups (group=option; the default is in conf/config.yaml):"]
    for group, options in groups(conf_dir).items():
        lines.append(f"  {group}")
        width = max(len(name) for name in options)
        lines += [f"    {name.ljust(width)}  {text}" for name, text in options.items()]
    return "\n".join(lines)
