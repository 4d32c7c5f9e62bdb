"""Citations: every ``[key]`` a configuration file cites is a key of ``docs/sources.md``, the
new scenarios cite their source documents, and nothing user-facing cites the internal
design notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CITATION = re.compile(r"\[([A-Z][A-Za-z .,0-9-]+)\]")
KEY = re.compile(r"^\| \[([^\]]+)\]", re.MULTILINE)


def source_keys() -> set[str]:
    """The keys of the tables in docs/sources.md."""
    return set(KEY.findall((ROOT / "docs" / "sources.md").read_text()))


def test_sources_has_keys() -> None:
    assert {"Li M.", "Zhang 2025", "Zhang, border governance", "STRESS-DES"} <= source_keys()


@pytest.mark.parametrize("path", sorted((ROOT / "conf").rglob("*.yaml")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_cited_key_is_in_sources(path: Path) -> None:
    unknown = set(CITATION.findall(path.read_text())) - source_keys()
    assert not unknown, f"{path.name} cites {sorted(unknown)}, not in docs/sources.md"


@pytest.mark.parametrize(("scenario", "keys"), [
    ("xicheng", {"Li M.", "Shenzhen 2007"}),
    ("border_county", {"Zhang, border governance", "Zhang 2025", "Xinjiang census 2020",
                       "MCA 2022"}),
])
def test_new_scenarios_cite_their_sources(scenario: str, keys: set[str]) -> None:
    text = (ROOT / "conf" / "scenario" / f"{scenario}.yaml").read_text()
    assert keys <= set(CITATION.findall(text))


def test_no_design_notes_cited() -> None:
    files = [*(ROOT / "conf").rglob("*.yaml"), *(ROOT / "sim").rglob("*.py"), ROOT / "README.md"]
    citing = [str(p.relative_to(ROOT)) for p in files if "DESIGN" in p.read_text()]
    assert not citing
