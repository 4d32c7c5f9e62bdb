"""The textbook plain-SimPy M/M/c program: swsim's yardstick in ``run_all.py``.

Written exactly as SimPy's documentation examples teach it (the bank and car-wash
examples): a ``simpy.Resource`` with ``capacity=servers``, a source process that generates
customers, one process per customer (``with server.request() as req: yield req`` and then
``yield env.timeout(service)``), and exponential draws from Python's ``random`` module (a
seeded ``random.Random`` instance). It records each customer's wait after the warm-up so that
the benchmark can check it, like swsim, against Erlang C (:func:`erlang_c`).
"""

from __future__ import annotations

import math
import random
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import simpy


@dataclass(frozen=True)
class PlainResult:
    """Outcome of one run: customers generated, mean wait and P(wait) after the warm-up."""

    customers: int
    mean_wait: float
    p_wait: float


@dataclass
class Stats:
    """What the customers record: arrivals, and waits of those arriving after the warm-up."""

    warmup: float
    arrivals: int = 0
    waits: list[float] = field(default_factory=list)


def source(env: simpy.Environment, server: simpy.Resource, rng: random.Random, lam: float,
           mu: float, stats: Stats) -> Generator[Any, Any, None]:
    """Generate customers with exponential inter-arrival times (rate ``lam``)."""
    while True:
        yield env.timeout(rng.expovariate(lam))
        stats.arrivals += 1
        env.process(customer(env, server, rng, mu, stats))


def customer(env: simpy.Environment, server: simpy.Resource, rng: random.Random, mu: float,
             stats: Stats) -> Generator[Any, Any, None]:
    """Arrive, wait for a server, record the wait, be served (exponential, rate ``mu``), leave."""
    arrive = env.now
    with server.request() as req:
        yield req
        wait = env.now - arrive
        if arrive >= stats.warmup:
            stats.waits.append(wait)
        yield env.timeout(rng.expovariate(mu))


def run_plain(servers: int, lam: float, mu: float, horizon: float, *, warmup: float,
              seed: int = 1) -> PlainResult:
    """Simulate M/M/``servers`` up to ``horizon``; waits count for arrivals after ``warmup``.

    Parameters
    ----------
    servers, lam, mu
        Number of servers, arrival rate and service rate per server.
    horizon, warmup
        Simulated time to run, and the arrival time from which waits are recorded.
    seed
        Seed of the ``random.Random`` stream.
    """
    rng = random.Random(seed)
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=servers)
    stats = Stats(warmup=warmup)
    env.process(source(env, server, rng, lam, mu, stats))
    env.run(until=horizon)
    waits = stats.waits
    if not waits:
        return PlainResult(stats.arrivals, math.nan, math.nan)
    mean = math.fsum(waits) / len(waits)
    p_wait = sum(1 for w in waits if w > 0.0) / len(waits)
    return PlainResult(stats.arrivals, mean, p_wait)


def erlang_c(servers: int, lam: float, mu: float) -> tuple[float, float]:
    """Erlang C: probability of waiting and mean wait in queue of M/M/c.

    Returns
    -------
    tuple of float
        ``(P(wait), mean wait in queue)``.
    """
    a = lam / mu
    rho = a / servers
    term = 1.0
    total = 1.0
    for k in range(1, servers):
        term *= a / k
        total += term
    last = term * a / servers / (1.0 - rho)
    p_wait = last / (total + last)
    return p_wait, p_wait / (servers * mu - lam)
