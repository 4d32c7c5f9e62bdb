"""The KPI reference (``docs/kpis.md``), rendered from the registry.

Regenerate it after changing :data:`sim.analysis.kpis.KPIS`::

    make docs                                   # or: python -m sim.analysis.kpi_reference
    python -m sim.analysis.kpi_reference --check   # exit status 1 if the file is stale
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from sim.analysis.kpis import KPIS
from sim.analysis.registry import KPI, Range

DEFAULT_PATH = Path("docs") / "kpis.md"

HEADER = """\
# KPI reference

*Generated from the KPI registry (`sim.analysis.kpis.KPIS`); do not edit by hand.
Regenerate with `make docs` (or `python -m sim.analysis.kpi_reference`).*

One row per KPI, in the order of the KPI row of a run (`sim.run(cfg).kpis`). Case KPIs count
the cases referred inside the measurement window [warm-up, horizon − longest response
target], so every counted case has a known outcome. A KPI is NaN when it is undefined (for
example a share of no cases); otherwise its value lies in its range.
"""


def format_range(bounds: Range) -> str:
    """``(0, 1)`` as ``[0, 1]``; an infinite bound as ``∞`` with an open bracket."""
    lo, hi = bounds
    left = "(−∞" if math.isinf(lo) else f"[{lo:g}"
    right = "∞)" if math.isinf(hi) else f"{hi:g}]"
    return f"{left}, {right}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(kpis: Iterable[KPI] = KPIS) -> str:
    """The KPI reference as Markdown: the header and a table of name, unit, range, meaning."""
    lines = [HEADER, "| KPI | unit | range | meaning |", "|---|---|---|---|"]
    lines += [f"| `{item.name}` | {item.unit} | {format_range(item.range)} | "
              f"{_cell(item.meaning)} |" for item in kpis]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the reference (or, with ``--check``, report whether it is up to date)."""
    parser = argparse.ArgumentParser(prog="python -m sim.analysis.kpi_reference",
                                     description="Render the KPI registry as Markdown.")
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH,
                        help=f"file to write (default: {DEFAULT_PATH})")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the file differs from the registry")
    args = parser.parse_args(argv)
    text = render_markdown()
    path: Path = args.path
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            print(f"{path} is out of date: run `make docs`", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({len(KPIS)} KPIs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
