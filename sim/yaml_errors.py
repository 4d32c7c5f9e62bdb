"""A configuration file that is not valid YAML, as one line with its file, line and column.

Hydra reads YAML with PyYAML; a syntax error or a key given twice in a mapping surfaces as a
:class:`yaml.MarkedYAMLError` (sometimes wrapped by Hydra), which carries where it happened.
"""

from __future__ import annotations

import yaml


def _first_line(text: str) -> str:
    return next((ln.strip() for ln in str(text).splitlines() if ln.strip()), "")


def yaml_cause(exc: BaseException) -> yaml.YAMLError | None:
    """The YAML error behind ``exc`` (its cause or context, at any depth), else ``None``."""
    cause = exc.__cause__ or exc.__context__
    while cause is not None and not isinstance(cause, yaml.YAMLError):
        cause = cause.__cause__ or cause.__context__
    return cause


def describe_yaml_error(exc: yaml.YAMLError) -> str:
    """One line ``file, line L, column C: problem`` for a YAML file that cannot be read."""
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        return f"a configuration file is not valid YAML: {_first_line(str(exc))}"
    mark = exc.problem_mark
    problem = " ".join(str(exc.problem or "").split())
    context = " ".join(str(exc.context or "").split())
    duplicate = "duplicate" in problem
    what = f"{context}: {problem}" if context and duplicate else problem
    allowed = ("each key may appear once in a mapping" if duplicate else
               "valid YAML (closed brackets and quotes, consistent indentation)")
    return (f"{mark.name}, line {mark.line + 1}, column {mark.column + 1}: not valid YAML: "
            f"{what}; allowed: {allowed}")
