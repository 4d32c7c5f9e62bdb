"""The KPI registry: names, ranges, the derived dictionary and the generated reference."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest

import sim
from sim import load_config, run
from sim.analysis import kpis as kpis_module
from sim.analysis.kpi_reference import format_range, main, render_markdown
from sim.analysis.kpis import KPI_BY_NAME, KPI_DICTIONARY, KPIS
from sim.analysis.registry import KPI, NONNEGATIVE, SHARE, SIGNED_SHARE, index

ROOT = Path(__file__).resolve().parents[2]
ANALYSIS = ROOT / "sim" / "analysis"

SMALL_RUNS = {
    # patience and a priority queue: abandonment, waits of both priorities, a backlog
    "mmc": ["scenario=mmc", "scenario.servers=2", "scenario.arrival_rate=2.5",
            "scenario.patience_mean=2.0", "scenario.urgent_share=0.3",
            "policy/dispatch=priority", "scenario.horizon_days=200",
            "scenario.warmup_days=20"],
    # the community with every workforce process on: turnover, funding, training, staffing;
    # a 5-minute access threshold leaves two of its three communities remote
    "j_community": ["scenario.horizon_days=500", "scenario.warmup_days=60",
                    "policy/funding=diversified", "policy/training=bilingual",
                    "policy/staffing=needs_based", "scenario.workforce.exit_rate_per_year=2",
                    "scenario.access_threshold_minutes=5"],
}


def _zero(_: object) -> float:
    return 0.0


@pytest.fixture(scope="module", params=list(SMALL_RUNS))
def real_kpis(request: pytest.FixtureRequest) -> dict[str, float]:
    """The KPI row of one small run of each scenario in :data:`SMALL_RUNS`."""
    return run(load_config(SMALL_RUNS[request.param]), seed=3).kpis


def test_names_are_unique_identifiers() -> None:
    names = [item.name for item in KPIS]
    assert len(names) == len(set(names))
    assert all(name.isidentifier() for name in names)
    assert list(KPI_BY_NAME) == names


def test_dictionary_is_the_registry_meanings_in_order() -> None:
    assert list(KPI_DICTIONARY.items()) == [(item.name, item.meaning) for item in KPIS]
    assert sim.KPI_DICTIONARY is KPI_DICTIONARY is kpis_module.KPI_DICTIONARY


def test_ranges_of_shares_counts_and_the_signed_gaps() -> None:
    gaps = ("equity_gap_language", "coverage_gap_remote")
    assert KPI_BY_NAME["timely_coverage"].range == (0, 1)
    assert KPI_BY_NAME["spatial_access"].range == (0, 1)
    assert KPI_BY_NAME["referrals"].range == (0, math.inf)
    assert all(KPI_BY_NAME[gap].range == SIGNED_SHARE == (-1, 1) for gap in gaps)
    assert all(item.range == SHARE for item in KPIS if item.unit == "share"
               and item.name not in gaps)
    assert all(item.range == NONNEGATIVE for item in KPIS
               if item.unit in ("days", "hours", "cases", "workers", "count", "yuan"))


def test_every_value_of_a_real_run_is_in_range_or_nan(real_kpis: dict[str, float]) -> None:
    assert list(real_kpis) == list(KPI_BY_NAME)
    outside = {name: value for name, value in real_kpis.items()
               if not KPI_BY_NAME[name].contains(value)}
    assert not outside
    defined = [name for name, value in real_kpis.items() if not math.isnan(value)]
    # the queue has neither minority-language households (3 KPIs) nor remote communities (1)
    # nor partner units (3: no referral out, so no outcome, success or wait to report)
    assert len(defined) >= len(KPIS) - 7, "the run leaves too many KPIs undefined to test"
    partners = {"referral_out_success_rate", "referral_out_failed_share",
                "referral_out_wait_mean_days"}
    assert partners.isdisjoint(defined) and real_kpis["referrals_out"] == 0


def test_contains_treats_nan_as_undefined_and_bounds_as_closed() -> None:
    share = KPI("x", "share", SHARE, "a share", _zero)
    assert share.contains(0.0) and share.contains(1.0) and share.contains(math.nan)
    assert not share.contains(-1e-9) and not share.contains(1.0 + 1e-9)


@pytest.mark.parametrize(("name", "bounds", "meaning"), [
    ("not a name", SHARE, "ok"),
    ("x", (1.0, 0.0), "ok"),
    ("x", (0.0, 0.0), "ok"),
    ("x", SHARE, ""),
    ("x", SHARE, "two\nlines"),
])
def test_malformed_declarations_are_rejected(name: str, bounds: tuple[float, float],
                                             meaning: str) -> None:
    with pytest.raises(ValueError, match="KPI"):
        KPI(name, "share", bounds, meaning, _zero)


def test_a_name_declared_twice_is_rejected() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        index([*KPIS, KPI("referrals", "cases", NONNEGATIVE, "again", _zero)])


def test_reference_lists_every_kpi_with_unit_range_and_meaning() -> None:
    text = render_markdown()
    assert "Generated" in text and "make docs" in text
    for item in KPIS:
        row = f"| `{item.name}` | {item.unit} | {format_range(item.range)} | {item.meaning} |"
        assert row in text
    assert text.index("`referrals`") < text.index("`cost_per_closed_case`")


def test_format_range() -> None:
    assert format_range((0, 1)) == "[0, 1]"
    assert format_range((-1, 1)) == "[-1, 1]"
    assert format_range((0, math.inf)) == "[0, ∞)"


def test_docs_kpis_md_is_in_sync_with_the_registry() -> None:
    committed = (ROOT / "docs" / "kpis.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), "docs/kpis.md is stale: run `make docs`"


def test_main_writes_and_checks_the_reference(tmp_path: Path) -> None:
    path = tmp_path / "docs" / "kpis.md"
    assert main([str(path), "--check"]) == 1
    assert main([str(path)]) == 0
    assert path.read_text(encoding="utf-8") == render_markdown()
    assert main([str(path), "--check"]) == 0
    path.write_text("stale\n", encoding="utf-8")
    assert main([str(path), "--check"]) == 1


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(ANALYSIS.glob("*.py")), ids=lambda p: p.name)
def test_analysis_stays_free_of_simulation_and_plotting(path: Path) -> None:
    """Nothing in sim/analysis imports simpy, hydra, matplotlib, or sim outside analysis but
    the leaf that names the time categories (one enum drives tables, KPIs and plots)."""
    for name in _imported_modules(path):
        top = name.split(".")[0]
        assert top not in {"simpy", "hydra", "matplotlib", "omegaconf"}, name
        assert top != "sim" or name.startswith(("sim.analysis", "sim.timecategory")), name
