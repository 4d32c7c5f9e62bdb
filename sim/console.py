"""What the ``swsim`` commands print on stderr, and their exit codes.

Every refusal is one line ``<prog>: error: <message>``; warnings are one line
``swsim: warning: <message>``.
"""

from __future__ import annotations

import sys
from typing import NoReturn

PROG = "swsim"
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


def fail(message: str, code: int = EXIT_USAGE, prog: str = PROG) -> NoReturn:
    """Print ``<prog>: error: <message>`` as one line on stderr and exit with ``code``."""
    one_line = " ".join(message.split())
    print(f"{prog}: error: {one_line}", file=sys.stderr, flush=True)
    sys.exit(code)


def warn(message: str) -> None:
    """Print ``swsim: warning: <message>`` on stderr."""
    print(f"{PROG}: warning: {message}", file=sys.stderr, flush=True)
