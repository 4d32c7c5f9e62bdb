"""``python -m sim [hydra overrides]``: the same as the ``swsim`` command."""

from __future__ import annotations

from sim.cli import main

if __name__ == "__main__":
    main()
