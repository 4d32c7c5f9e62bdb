"""``swsim-report PATH [--out DIR] [--replications N]``: rebuild a bundle.

``PATH`` is either a store folder of one model and seed (``<store>/<model hash>/seed-<seed>``,
named in swsim's messages) or an existing bundle. The bundle's tables, figures and report are
written (each atomically) into ``--out`` (default: ``PATH`` itself for a bundle). From a store,
``--replications N`` takes replications ``0 .. N-1`` (default: all that are stored).

Exit codes: 0 done; 2 ``PATH`` is neither a store folder nor a bundle, or a replication of the
requested range is missing or corrupt; 1 the bundle could not be written.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from sim.bundle import Bundle, RunInfo, collect, write_bundle
from sim.runner import sort_rows
from sim.store import RESULT_KEY, decode

PROG = "swsim-report"
_REP = re.compile(r"rep-(\d+)\.pkl$")


class RebuildError(Exception):
    """``PATH`` cannot be rebuilt; the message says why."""


def _info(config_yaml: str, replications: pd.DataFrame, seed: int) -> RunInfo:
    cfg: dict[str, Any] = yaml.safe_load(config_yaml) or {}
    scenario = cfg.get("scenario") or {}
    dispatch = (cfg.get("policy") or {}).get("dispatch") or {}
    return RunInfo(scenario=str(scenario.get("name", "?")), dispatch=str(dispatch.get("name", "?")),
                   replications=len(replications), seed=seed,
                   warmup_days=float(scenario.get("warmup_days", 0.0)),
                   horizon_days=float(scenario.get("horizon_days", 0.0)))


def from_store(folder: Path, replications: int | None = None) -> Bundle:
    """A bundle from the records of one store folder (``.../<model hash>/seed-<seed>``)."""
    files = {int(m.group(1)): p for p in folder.glob("rep-*.pkl") if (m := _REP.search(p.name))}
    wanted = sorted(files) if replications is None else list(range(replications))
    missing = [i for i in wanted if i not in files]
    if not wanted or missing:
        raise RebuildError(f"{folder} lacks replications {missing or 'all'}: run swsim again "
                           f"with the same configuration to compute them")
    rows = []
    for i in wanted:
        try:
            payload = decode(files[i].read_bytes())
        except ValueError as exc:
            raise RebuildError(f"{files[i]} is corrupt ({exc}): run swsim again with the same "
                               f"configuration to recompute it") from exc
        rows.append({**payload["row"], RESULT_KEY: payload["result"]})
    config_yaml = (folder.parent / "config.yaml").read_text(encoding="utf-8")
    seed = int(folder.name.removeprefix("seed-"))
    rows = sort_rows(rows)
    frame = pd.DataFrame([{k: v for k, v in r.items() if k != RESULT_KEY} for r in rows])
    return collect(rows, _info(config_yaml, frame, seed), config_yaml)


def from_bundle(folder: Path) -> Bundle:
    """A bundle read back from a bundle folder (its tables; figures and report are redrawn)."""
    config_yaml = (folder / "config.yaml").read_text(encoding="utf-8")
    reps = pd.read_parquet(folder / "replications.parquet")
    seed = int(reps["seed"].iloc[0]) if len(reps) else 0
    return Bundle(info=_info(config_yaml, reps, seed), config_yaml=config_yaml,
                  replications=reps, cases=pd.read_parquet(folder / "cases.parquet"),
                  timeseries=pd.read_parquet(folder / "timeseries.parquet"),
                  stations=pd.read_csv(folder / "stations.csv"),
                  communities=pd.read_csv(folder / "communities.csv"))


def rebuild(path: Path, out: Path | None = None, replications: int | None = None) -> Path:
    """Rebuild the bundle of ``path`` (a store folder or a bundle) into ``out``; return it."""
    if list(path.glob("rep-*.pkl")):
        bundle = from_store(path, replications)
        target = out if out is not None else Path.cwd() / f"bundle-{path.parent.name}"
    elif (path / "replications.parquet").is_file() and (path / "config.yaml").is_file():
        bundle = from_bundle(path)
        target = out if out is not None else path
    else:
        raise RebuildError(f"PATH = '{path}' is not allowed: it must be a store folder "
                           f"(.../<model hash>/seed-<seed> with rep-*.pkl files) or a bundle "
                           f"(with replications.parquet and config.yaml)")
    write_bundle(target, bundle, overwrite=True)
    return target


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``swsim-report``."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a store folder (.../seed-<seed>) or a bundle")
    parser.add_argument("--out", type=Path, default=None, help="where to write the bundle")
    parser.add_argument("--replications", type=int, default=None,
                        help="from a store: replications 0 .. N-1 (default: all stored)")
    args = parser.parse_args(argv)
    try:
        target = rebuild(args.path, args.out, args.replications)
    except RebuildError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except OSError as exc:
        print(f"{PROG}: error: cannot write the bundle: {exc}", file=sys.stderr)
        sys.exit(1)
    print(f"bundle: {target}")
