"""A plain SimPy M/M/c reference: ``simpy.Resource`` and one process per customer.

This is the textbook way of writing the model (about six events per customer) and the
yardstick swsim's throughput is compared against in ``run_all.py``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy


@dataclass(frozen=True)
class PlainResult:
    """Outcome of one plain run: customers served, their mean wait after warm-up, wall time."""

    customers: int
    mean_wait: float
    p_wait: float
    wall_seconds: float


class _Queue:
    """The M/M/c model written the textbook way: a source process and one process per customer."""

    def __init__(self, servers: int, lam: float, mu: float, warmup: float, seed: int) -> None:
        self.env = simpy.Environment()
        self.server = simpy.Resource(self.env, capacity=servers)
        self.rng = np.random.default_rng(seed)
        self.lam, self.mu, self.warmup = lam, mu, warmup
        self.waits: list[float] = []
        self.arrivals = 0

    def source(self) -> Generator[Any, Any, None]:
        """Poisson arrivals; each customer gets its exponential service time on arrival."""
        env, rng, lam, mu = self.env, self.rng, self.lam, self.mu  # locals: no handicap
        while True:
            yield env.timeout(rng.exponential(1.0 / lam))
            self.arrivals += 1
            env.process(self.customer(rng.exponential(1.0 / mu)))

    def customer(self, service: float) -> Generator[Any, Any, None]:
        """Queue for a server, record the wait (after warm-up), hold the server, leave."""
        env = self.env
        arrived = env.now
        with self.server.request() as request:
            yield request
            if arrived >= self.warmup:
                self.waits.append(env.now - arrived)
            yield env.timeout(service)


def run_plain(servers: int, lam: float, mu: float, horizon: float, *, warmup: float,
              seed: int = 1) -> PlainResult:
    """Simulate M/M/``servers`` to ``horizon``; waits are kept for arrivals after ``warmup``."""
    started = time.perf_counter()
    queue = _Queue(servers, lam, mu, warmup, seed)
    queue.env.process(queue.source())
    queue.env.run(until=horizon)
    wall = time.perf_counter() - started
    arr = np.asarray(queue.waits)
    mean = float(arr.mean()) if arr.size else math.nan
    p_wait = float(np.mean(arr > 0.0)) if arr.size else math.nan
    return PlainResult(queue.arrivals, mean, p_wait, wall)


def erlang_c(servers: int, lam: float, mu: float) -> tuple[float, float]:
    """Erlang C: probability of waiting and mean wait in queue of M/M/c."""
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
