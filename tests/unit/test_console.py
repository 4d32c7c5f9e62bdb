"""What the commands print on stderr, and their exit codes."""

from __future__ import annotations

import pytest

from sim.console import EXIT_USAGE, fail, warn


def test_fail_prints_one_line_and_exits_with_the_code(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    with pytest.raises(SystemExit) as info:
        fail("a.b = 3 is not allowed:\n  must be\tsmall")
    assert info.value.code == EXIT_USAGE == 2
    assert capsys.readouterr().err == "swsim: error: a.b = 3 is not allowed: must be small\n"
    with pytest.raises(SystemExit) as info:
        fail("broken", 1, prog="swsim-plan")
    assert info.value.code == 1
    assert capsys.readouterr().err == "swsim-plan: error: broken\n"


def test_warn_prints_and_goes_on(capsys: pytest.CaptureFixture[str]) -> None:
    warn("careful")
    captured = capsys.readouterr()
    assert captured.err == "swsim: warning: careful\n" and captured.out == ""
