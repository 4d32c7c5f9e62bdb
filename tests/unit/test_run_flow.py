"""The run behind ``swsim``: what is reported, the store, stopping and resuming."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.loading import load_config
from sim.run_flow import Terminated, interrupted, on_sigterm, open_store, run_info

SMALL = ["scenario=mmc", "run.replications=3", "run.seed=5"]


def test_run_info_says_what_ran() -> None:
    cfg = load_config([*SMALL, "policy/dispatch=priority"])
    info = run_info(cfg, ["policy/dispatch=priority"])
    assert (info.scenario, info.dispatch, info.replications, info.seed) == \
        (cfg.scenario.name, "priority", 3, 5)
    assert info.overrides == ("policy/dispatch=priority",)
    assert info.variant == cfg.run.variant != ""
    assert run_info(cfg, [], replications=7).replications == 7


def test_sigterm_stops_like_ctrl_c_and_is_not_an_error() -> None:
    with pytest.raises(Terminated):
        on_sigterm(15, None)
    assert not issubclass(Terminated, Exception)  # ``except Exception`` does not swallow it


def test_an_unwritable_store_is_one_line_and_exit_2(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cfg = load_config([*SMALL, f"run.store={blocker}"])
    with pytest.raises(SystemExit) as info:
        open_store(cfg)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"swsim: error: run.store = '{blocker}' is not allowed: it cannot "
                          f"be written") and err.count("\n") == 1


@pytest.mark.parametrize(("code", "what"), [(130, "interrupted"), (143, "stopped")])
def test_a_stopped_run_says_what_is_kept(tmp_path: Path, code: int, what: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    cfg = load_config([*SMALL, f"run.store={tmp_path / 'store'}"])
    store = open_store(cfg)
    kept = store.path(cfg, cfg.run.seed, 1)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(b"stored")
    with pytest.raises(SystemExit) as info:
        interrupted(cfg, store, code)
    assert info.value.code == code
    assert f"swsim: {what}: 1 of 3 replications are kept in the store " \
        f"{store.folder(cfg, cfg.run.seed)}; run the same command again to resume" in \
        capsys.readouterr().err
