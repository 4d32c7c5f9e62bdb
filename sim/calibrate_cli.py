"""``swsim-calibrate``: fit a scenario to a place's reported counts from the command line.

    swsim-calibrate j_community                       # conf/calibration/j_community.yaml
    swsim-calibrate my_place.yaml -o conf/scenario/my_place_calibrated.yaml
    swsim-calibrate j_community --rounds 1 --grid 5 --replications 2 policy/dispatch=priority

Progress goes to stderr; the fit table to stdout; the fitted values to ``--output`` (default
``calibration/scenario/<scenario>_calibrated.yaml``), a scenario YAML that composes on the
calibrated scenario: ``swsim hydra.searchpath=[file://$PWD/calibration]
scenario=<scenario>_calibrated`` (or copy it into ``conf/scenario``).
Exit status 2 and one line for bad input, before anything runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from sim.bundle import atomic_write_text
from sim.calibration import Fit, TargetsFile, calibrate, load_targets, overrides_yaml
from sim.checks import ConfigError
from sim.loading import load_config

EXIT_USAGE = 2


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    ap = argparse.ArgumentParser(prog="swsim-calibrate", description=__doc__.split("\n")[0])
    ap.add_argument("targets", help="a name in conf/calibration, or a path to a targets YAML")
    ap.add_argument("-o", "--output", type=Path, default=None,
                    help="where to write the fitted scenario YAML "
                         "(default: calibration/scenario/<scenario>_calibrated.yaml)")
    for name in ("grid", "rounds", "replications", "n_jobs"):
        ap.add_argument(f"--{name.replace('_', '-')}", type=int, default=None,
                        help=f"override search.{name} of the targets file")
    ap.add_argument("--no-progress", action="store_true", help="no progress bar")
    ap.add_argument("overrides", nargs="*", help="configuration overrides that hold throughout")
    return ap.parse_intermixed_args(argv)


def with_search(spec: TargetsFile, args: argparse.Namespace) -> TargetsFile:
    """The targets file with the search settings the command line overrides."""
    changes = {k: getattr(args, k) for k in ("grid", "rounds", "replications", "n_jobs")
               if getattr(args, k) is not None}
    for key, value in changes.items():
        if key != "n_jobs" and value < (2 if key == "grid" else 1):
            raise ConfigError(f"--{key} = {value} is not allowed: must be >= "
                              f"{2 if key == 'grid' else 1}")
    search = spec.search.model_copy(update=changes)
    return spec.model_copy(update={"search": search})


def fit_table(spec: TargetsFile, fit: Fit) -> str:
    """Simulated means against reported counts, with each target's band."""
    lines = ["| KPI | reported | band | simulated mean | in band |", "|---|---|---|---|---|"]
    for name, target in spec.targets.items():
        lo, hi = target.bounds
        mean = fit.means[name]
        lines.append(f"| {name} | {target.reported:g} | [{lo:.0f}, {hi:.0f}] | {mean:.1f} | "
                     f"{'yes' if lo <= mean <= hi else 'no'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run a calibration; 0 on success, 2 on bad input."""
    args = parse(argv)
    try:
        spec = with_search(load_targets(args.targets), args)
        load_config([f"scenario={spec.scenario}", *args.overrides])  # bad input fails here
    except ConfigError as exc:
        print(f"swsim-calibrate: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    s = spec.search
    total = s.rounds * len(spec.parameters) * s.grid
    with tqdm(total=total, desc="calibrating", unit="candidate", file=sys.stderr,
              disable=args.no_progress, dynamic_ncols=True) as bar:
        def progress(done: int, _total: int, values: dict[str, float], d: float) -> None:
            bar.update(done - bar.n)
            bar.set_postfix_str(f"distance {d:.2f}")

        fit = calibrate(spec, args.overrides, progress)
    output = args.output or Path("calibration") / "scenario" / f"{spec.scenario}_calibrated.yaml"
    output.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(output, overrides_yaml(spec, fit))
    print(fit_table(spec, fit))
    print("\nfitted values (final grid step in brackets):")
    for key, value in fit.values.items():
        print(f"  {key} = {value:.6g}  (+- {fit.step[key]:.3g})")
    print(f"distance {fit.distance:.3f} after {fit.evaluations} evaluations; wrote {output}")
    if output.parent.name == "scenario":
        print(f"use: swsim hydra.searchpath=[file://{output.parent.parent.resolve()}] "
              f"scenario={output.stem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
