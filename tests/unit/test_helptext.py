"""``swsim --help`` lists every config group and option with a one-line meaning."""

from __future__ import annotations

from pathlib import Path

from sim.config import CONF_DIR
from sim.helptext import groups, help_text, meaning


def test_every_group_and_option_is_listed() -> None:
    text = help_text()
    listed = groups()
    for path in CONF_DIR.rglob("*.yaml"):
        group = path.parent.relative_to(CONF_DIR).as_posix()
        if group == "." or (group.startswith("hydra") and group != "hydra/launcher"):
            continue
        assert path.stem in listed[group], path
        assert f"  {group}\n" in text + "\n"
    for options in listed.values():
        assert all(text_ and "\n" not in text_ for text_ in options.values())
    assert {"joblib", "submitit_local", "slurm"} <= set(listed["hydra/launcher"])
    for key in ("replications", "n_jobs", "seed", "max_referrals", "max_memory_mb"):
        assert f"  {key}" in text


def test_meaning_is_the_first_sentence(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("# First sentence. Second one.\n# more\nkey: 1\n", encoding="utf-8")
    assert meaning(path) == "First sentence"
    path.write_text("key: 1\n", encoding="utf-8")
    assert meaning(path) == "(no description)"
