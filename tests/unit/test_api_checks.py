"""The Python API checks its arguments and validates a configuration again."""

from __future__ import annotations

import pytest

from sim.api_checks import validate_call
from sim.checks import ConfigError
from sim.loading import load_config
from sim.runner import run, run_replications

SMALL = ["scenario=mmc", "scenario.horizon_days=60", "scenario.warmup_days=10"]


@pytest.mark.parametrize("n", [-3, 0, 1.5, True])
def test_run_replications_refuses_bad_n(n: object) -> None:
    with pytest.raises(ConfigError, match=r"^n = .* replications >= 1"):
        run_replications(load_config(SMALL), n=n)  # type: ignore[arg-type]


def test_a_config_changed_after_loading_is_checked_again() -> None:
    cfg = load_config(SMALL)
    cfg.scenario.servers = -2
    with pytest.raises(ConfigError, match=r"scenario.servers = -2"):
        run(cfg)
    with pytest.raises(ConfigError, match=r"scenario.servers = -2"):
        run_replications(cfg, n=2)
    cfg = load_config(SMALL)
    cfg.run.seed = 2**64
    with pytest.raises(ConfigError, match=r"run.seed"):
        run_replications(cfg, n=1)
    cfg = load_config(SMALL)
    cfg.scenario.kind = "community"
    with pytest.raises(ConfigError, match=r"scenario.kind"):
        run(cfg)


def test_seed_and_n_jobs_arguments() -> None:
    cfg = load_config(SMALL)
    with pytest.raises(ConfigError, match="seed = -1"):
        run(cfg, seed=-1)
    with pytest.raises(ConfigError, match="n_jobs = 0"):
        run_replications(cfg, n=1, n_jobs=0)
    with pytest.raises(ConfigError, match="cfg = dict"):
        validate_call({}, 1)  # type: ignore[arg-type]


def test_too_many_processes_are_capped_with_a_warning() -> None:
    cfg = load_config(SMALL)
    with pytest.warns(UserWarning, match="n_jobs = 1000 is more than"):
        assert validate_call(cfg, 1, None, 1000) >= 1
