"""Fewer cyclic garbage collections while a replication runs.

A replication builds its model once and then allocates a great many short-lived objects
(timers, tasks, tuples) next to a growing set of long-lived ones (cases, records). With
Python's default thresholds the collector runs a young collection every 700 allocations and
full ones ever more often as the long-lived set grows, so that at a million households about
a fifth of a run went to collections that find almost nothing. :func:`quiet_gc` raises the
thresholds for the run and restores them afterwards. (It does not ``gc.freeze`` the built
model: a frozen model that becomes garbage after the run is freed only by a full collection,
and a process running many replications grew by megabytes per run.) Results do not depend
on it: nothing in swsim runs code when an object is collected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Thresholds during a run: a young collection every 100,000 allocations, and full
#: collections only after 50 x 1,000 of them (Python still requires the long-lived set to
#: have grown by a quarter).
RUN_THRESHOLDS = (100_000, 50, 1_000)


@contextmanager
def quiet_gc() -> Iterator[None]:
    """Raise the collector's thresholds until the block ends."""
    saved = gc.get_threshold()
    gc.set_threshold(*RUN_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
