"""Checks of the Python API's calls: a configuration may have changed since it was loaded.

:func:`sim.runner.run` and :func:`sim.runner.run_replications` validate the configuration
again (the same :func:`sim.validation.validate` as loading), the number of replications, a
seed given to the call, and cap ``n_jobs`` at the machine's cores with a warning.
"""

from __future__ import annotations

import warnings

from sim.checks import ConfigError, not_allowed
from sim.config import SwsimConfig
from sim.sizing import cap_n_jobs
from sim.validation import MAX_SEED, validate


def validate_call(cfg: SwsimConfig, n: int, seed: int | None = None, n_jobs: int = 1) -> int:
    """Check a call's configuration and arguments; return the processes to start.

    Raises
    ------
    ConfigError
        Naming the argument or configuration key and what is allowed.
    """
    if not isinstance(cfg, SwsimConfig):
        raise ConfigError(f"cfg = {type(cfg).__name__} is not allowed: a SwsimConfig from "
                          f"sim.load_config")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise not_allowed("n", n, "a whole number of replications >= 1")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)
                             or not 0 <= seed <= MAX_SEED):
        raise not_allowed("seed", seed, f"a whole number from 0 to {MAX_SEED}")
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise not_allowed("n_jobs", n_jobs, "a positive number of processes, or -1 for all")
    validate(cfg)
    capped, note = cap_n_jobs(n_jobs)
    if note:
        warnings.warn(note.replace("run.n_jobs", "n_jobs"), stacklevel=3)
    return capped
