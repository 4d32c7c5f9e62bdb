"""Named random streams from one master seed.

Every (replication, stream name) pair gets its own ``numpy.random.Generator`` from a
``SeedSequence`` whose spawn key holds the replication number and a stable hash of the name,
so adding a stream never shifts another and replication *i* of every scenario sees the same
demand draws (common random numbers). There is no global RNG anywhere in swsim.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from functools import partial
from itertools import chain

import numpy as np

_BLOCK = 4096


def stream_key(name: str) -> int:
    """Stable integer key of a stream name (independent of Python's hash seed)."""
    return zlib.crc32(name.encode("utf-8"))


def make_generator(seed: int, replication: int, name: str) -> np.random.Generator:
    """The generator of stream ``name`` in replication ``replication`` of master ``seed``."""
    sequence = np.random.SeedSequence(entropy=seed, spawn_key=(replication, stream_key(name)))
    return np.random.default_rng(sequence)


class Stream:
    """A named stream with buffered scalar draws.

    Scalars are served from blocks drawn with numpy's vectorised methods: drawing one at a
    time through numpy costs about a microsecond each, a block costs a few nanoseconds per
    value. The sequence of values depends only on the sequence of calls, so two runs that
    make the same calls on a stream see the same numbers.
    """

    #: A draw from U[0, 1): the next value of an endless chain of blocks, one C-level call
    #: (no Python frame per draw; a block is drawn when the previous one is used up).
    uniform: Callable[[], float]

    def __init__(self, generator: np.random.Generator) -> None:
        self.generator = generator
        self.uniform = partial(next, chain.from_iterable(_blocks(generator.random)))
        self._standard_exponential: Callable[[], float] = partial(
            next, chain.from_iterable(_blocks(generator.standard_exponential)))

    def exponential(self, mean: float) -> float:
        """A draw from the exponential distribution with the given mean."""
        return mean * self._standard_exponential()


def _blocks(draw: Callable[[int], np.ndarray]) -> Iterator[list[float]]:
    """Endless blocks of ``_BLOCK`` draws, each drawn only when it is needed."""
    while True:
        yield draw(_BLOCK).tolist()


class Streams:
    """All named streams of one replication."""

    def __init__(self, seed: int, replication: int, prefix: str = "") -> None:
        self.seed = seed
        self.replication = replication
        self.prefix = prefix
        self._streams: dict[str, Stream] = {}

    def __getitem__(self, name: str) -> Stream:
        if name not in self._streams:
            self._streams[name] = Stream(make_generator(self.seed, self.replication,
                                                        self.prefix + name))
        return self._streams[name]

    def child(self, prefix: str) -> Streams:
        """The streams of one part of the model (an agency): every name gets ``prefix``, so
        that part's draws never shift another's (``""``: these very names)."""
        return Streams(self.seed, self.replication, self.prefix + prefix)
