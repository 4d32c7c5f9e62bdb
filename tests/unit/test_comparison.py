"""compare(): two configurations run on common random numbers."""

from __future__ import annotations

import numpy as np
import pytest

from sim import load_config
from sim.comparison import compare, same_seed

SMALL = ["scenario.horizon_days=300", "scenario.warmup_days=60", "run.seed=5"]


def test_identical_configs_give_exactly_zero_differences() -> None:
    cfg = load_config(SMALL)
    table = compare(cfg, load_config(SMALL), n=3)
    defined = table[table["n"] > 0]
    assert len(defined) > 40
    assert (defined["diff_mean"] == 0.0).all()
    with_ci = defined[defined["n"] > 1]  # one pair has no interval (NaN)
    assert (with_ci["diff_ci_low"] == 0.0).all() and (with_ci["diff_ci_high"] == 0.0).all()
    assert defined[defined["n"] == 1]["diff_ci_low"].isna().all()
    varying = defined[defined["var_unpaired"] > 0]
    assert len(varying) > 10 and np.isinf(varying["variance_reduction"]).all()


def test_b_runs_from_as_seed() -> None:
    cfg_a = load_config(SMALL)
    cfg_b = load_config(["run.seed=99"])
    assert same_seed(cfg_a, cfg_b).run.seed == 5
    with pytest.raises(ValueError, match="at least 2"):
        compare(cfg_a, cfg_b, n=1)


def test_the_public_name_is_the_function_even_after_the_module_is_imported() -> None:
    import sim  # noqa: PLC0415
    import sim.comparison  # noqa: PLC0415

    assert sim.compare is sim.comparison.compare and callable(sim.compare)
