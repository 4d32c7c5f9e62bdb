"""A YAML file that cannot be read is one line with its file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.yaml_errors import describe_yaml_error, yaml_cause


def _error(path: Path, text: str) -> yaml.YAMLError:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as info, path.open(encoding="utf-8") as stream:
        # the loader Hydra uses refuses duplicate keys as OmegaConf's does
        from omegaconf._utils import get_yaml_loader  # noqa: PLC0415

        yaml.load(stream, Loader=get_yaml_loader())
    return info.value


def test_duplicate_key(tmp_path: Path) -> None:
    message = describe_yaml_error(_error(tmp_path / "a.yaml", "x: 1\ny: 2\nx: 3\n"))
    assert message.startswith(f"{tmp_path / 'a.yaml'}, line 3, column 1: not valid YAML")
    assert "duplicate key x" in message and "each key may appear once" in message


def test_unclosed_bracket(tmp_path: Path) -> None:
    message = describe_yaml_error(_error(tmp_path / "b.yaml", "x: [1, 2\n"))
    assert "b.yaml, line 2, column 1" in message and "expected ',' or ']'" in message
    assert "\n" not in message


def test_unmarked_error_and_cause() -> None:
    assert describe_yaml_error(yaml.YAMLError("odd\nmore")) == (
        "a configuration file is not valid YAML: odd")
    inner = yaml.YAMLError("inner")
    try:
        try:
            raise inner
        except yaml.YAMLError as exc:
            raise RuntimeError("wrapped") from exc
    except RuntimeError as outer:
        assert yaml_cause(outer) is inner
    assert yaml_cause(RuntimeError("plain")) is None
