"""Named random streams: keyed by (seed, replication, name), never by position."""

from __future__ import annotations

import numpy as np
import pytest

from sim.rng import _BLOCK, Stream, Streams, make_generator, stream_key


def draws(stream: Stream, n: int = 20) -> list[float]:
    """``n`` uniforms then ``n`` unit exponentials."""
    return [stream.uniform() for _ in range(n)] + [stream.exponential(1.0) for _ in range(n)]


def test_stream_key_is_stable() -> None:
    # crc32 does not depend on PYTHONHASHSEED: the key of a name is fixed forever
    assert stream_key("demand") == 1116567923
    assert stream_key("arrivals") == 3612958146
    assert stream_key("arrivals") != stream_key("referral")


def test_same_name_same_numbers() -> None:
    assert draws(Streams(7, 0)["arrivals"]) == draws(Streams(7, 0)["arrivals"])


def test_a_stream_is_created_once() -> None:
    streams = Streams(7, 0)
    assert streams["case"] is streams["case"]


@pytest.mark.parametrize(
    ("other_seed", "other_rep", "other_name"),
    [(7, 0, "referral"), (7, 1, "arrivals"), (8, 0, "arrivals")],
)
def test_different_name_replication_or_seed_differ(
    other_seed: int, other_rep: int, other_name: str
) -> None:
    base = draws(Streams(7, 0)["arrivals"])
    assert draws(Streams(other_seed, other_rep)[other_name]) != base


def test_adding_a_stream_does_not_shift_another() -> None:
    alone = Streams(3, 2)
    first = draws(alone["arrivals"])
    crowded = Streams(3, 2)
    for name in ("absence", "turnover", "zzz", "case"):
        draws(crowded[name])  # other streams created and used first
    assert draws(crowded["arrivals"]) == first


def test_interleaving_calls_on_other_streams_changes_nothing() -> None:
    a = Streams(1, 0)
    one = [a["x"].uniform() for _ in range(10)]
    b = Streams(1, 0)
    two = []
    for _ in range(10):
        b["y"].uniform()
        two.append(b["x"].uniform())
    assert one == two


def test_buffered_uniforms_are_the_generators_block_sequence() -> None:
    n = 2 * _BLOCK + 17  # crosses two refills
    stream = Stream(make_generator(5, 1, "u"))
    got = [stream.uniform() for _ in range(n)]
    reference = make_generator(5, 1, "u")
    expected = np.concatenate([reference.random(_BLOCK) for _ in range(3)])[:n]
    assert got == expected.tolist()


def test_buffered_exponentials_are_the_generators_block_sequence() -> None:
    n = _BLOCK + 5
    stream = Stream(make_generator(5, 1, "e"))
    got = [stream.exponential(2.5) for _ in range(n)]
    reference = make_generator(5, 1, "e")
    block = np.concatenate([reference.standard_exponential(_BLOCK) for _ in range(2)])[:n]
    assert got == (2.5 * block).tolist()


def test_mixed_draws_take_blocks_in_order_of_first_use() -> None:
    stream = Stream(make_generator(9, 0, "mix"))
    e0 = stream.exponential(1.0)
    u0 = stream.uniform()
    reference = make_generator(9, 0, "mix")
    assert e0 == reference.standard_exponential(_BLOCK)[0]
    assert u0 == reference.random(_BLOCK)[0]


def test_uniform_range_and_exponential_mean() -> None:
    stream = Streams(11, 0)["check"]
    u = np.array([stream.uniform() for _ in range(20_000)])
    assert u.min() >= 0.0 and u.max() < 1.0
    assert u.mean() == pytest.approx(0.5, abs=0.01)
    e = np.array([stream.exponential(3.0) for _ in range(20_000)])
    assert e.mean() == pytest.approx(3.0, rel=0.04)
