"""swsim-report: a bundle rebuilt from the store or from a bundle, refused paths."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sim import rebuild
from sim.bundle import is_finished
from sim.config import SwsimConfig
from sim.loading import config_yaml, load_config
from sim.runner import run_replications
from sim.store import ResultStore

SMALL = ["scenario=mmc", "scenario.horizon_days=40", "scenario.warmup_days=5", "run.seed=5"]


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[SwsimConfig, Path, pd.DataFrame]:
    """Three replications in a store: the config, the store folder, the KPI frame."""
    cfg = load_config(SMALL)
    store = ResultStore(tmp_path_factory.mktemp("store"))
    store.prepare(cfg, 5, config_yaml(cfg))
    frame = run_replications(cfg, n=3, store=store)
    return cfg, store.folder(cfg, 5), frame


def test_from_the_store(stored: tuple[SwsimConfig, Path, pd.DataFrame], tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    _, folder, frame = stored
    rebuild.main([str(folder), "--out", str(tmp_path / "b"), "--replications", "2"])
    assert f"bundle: {tmp_path / 'b'}" in capsys.readouterr().out
    assert is_finished(tmp_path / "b")
    reps = pd.read_parquet(tmp_path / "b" / "replications.parquet")
    pd.testing.assert_series_equal(reps["timely_coverage"], frame["timely_coverage"].iloc[:2])
    assert set(pd.read_parquet(tmp_path / "b" / "cases.parquet")["replication"]) == {0, 1}
    assert "| scenario | `mmc` |" in (tmp_path / "b" / "report.md").read_text()


def test_from_a_bundle(stored: tuple[SwsimConfig, Path, pd.DataFrame], tmp_path: Path) -> None:
    first = rebuild.rebuild(stored[1], tmp_path / "a")
    (first / "kpis.csv").unlink()
    (first / "report.md").unlink()
    assert rebuild.rebuild(first) == first  # in place
    again = rebuild.rebuild(first, tmp_path / "b")
    for name in ("kpis.csv", "stations.csv"):
        assert (again / name).read_text() == (first / name).read_text()
    assert len(pd.read_parquet(again / "replications.parquet")) == 3


def test_missing_or_corrupt_records_are_refused(
        stored: tuple[SwsimConfig, Path, pd.DataFrame], tmp_path: Path) -> None:
    folder = stored[1]
    with pytest.raises(rebuild.RebuildError, match=r"lacks replications \[3\]"):
        rebuild.rebuild(folder, tmp_path / "x", replications=4)
    copy = tmp_path / "h" / folder.name
    copy.mkdir(parents=True)
    (copy.parent / "config.yaml").write_text((folder.parent / "config.yaml").read_text())
    data = (folder / "rep-000000.pkl").read_bytes()
    (copy / "rep-000000.pkl").write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    with pytest.raises(rebuild.RebuildError, match="is corrupt"):
        rebuild.rebuild(copy, tmp_path / "y")


def test_neither_store_nor_bundle_exits_2(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        rebuild.main([str(tmp_path)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("swsim-report: error: PATH = ") and err.count("\n") == 1
