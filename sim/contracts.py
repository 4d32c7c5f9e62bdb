"""Contracts: the agencies of a region and what the purchasing body buys from each.

``scenario.agencies`` names the agencies (empty: one agency, the default form, from
``scenario.agency`` and ``policy.funding``). The purchasing body (street office or civil-affairs
bureau) holds the total budget ``scenario.agency.budget_per_year`` and splits it over the
contracts: each agency gets its ``budget_share`` of it, or, when no share is given, a share in
proportion to the cost of its initial target headcount. With no total budget, each agency's
funding option sizes its own budget from its own targets. Every agency has its own funding
option and parameters, cost per worker-year, reserve, hiring lag and random streams.

This module turns the configuration into :class:`ContractSpec` s and checks it (one
``ConfigError`` naming the key, before any simulation); :mod:`sim.agencies` runs them and
:mod:`sim.routing` sends cases to them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sim.checks import check_choice, check_min, check_share, not_allowed
from sim.config import CommunityScenario, ContractConfig
from sim.policies.funding import FUNDING, FundingStream
from sim.policies.registry import Parameters, keys_of
from sim.policies.staffing import StaffingPolicy, StationLoad
from sim.routing import ID_BLOCK, Contracted, route_table

#: The name of the one agency of a scenario that does not list ``scenario.agencies``.
DEFAULT_AGENCY = "agency"
#: At most this many agencies (worker ids are issued in blocks of ``ID_BLOCK`` per agency).
MAX_AGENCIES = 50


@dataclass(frozen=True)
class ContractSpec:
    """One agency as the build needs it (station names resolved to indices)."""

    index: int
    name: str
    stations: tuple[int, ...]
    funding: Any
    cost_per_worker_year: float
    budget_share: float | None
    hiring_lag_days: float | None
    retender_prob: float
    transition_cost: float
    contract_years: int = 1

    @property
    def first_worker_id(self) -> int:
        """The id of its first worker (ids are issued in blocks, one per agency)."""
        return self.index * ID_BLOCK

    @property
    def stream_prefix(self) -> str:
        """The prefix of its random streams (none for the first: a one-agency run draws as
        before agencies were plural)."""
        return "" if self.index == 0 else f"agency-{self.name}/"


def contracted(sc: CommunityScenario) -> list[Contracted]:
    """What routing reads of every agency (the default agency covers everything)."""
    if not sc.agencies:
        return [Contracted(DEFAULT_AGENCY, tuple(sc.stations))]
    return [Contracted(name, tuple(c.stations), tuple(c.areas), tuple(c.needs))
            for name, c in sc.agencies.items()]


def funding_params(value: dict[str, Any], default: Parameters, key: str) -> Parameters:
    """An agency's funding option parameters from its ``funding`` mapping (empty: the run's)."""
    if not value:
        return default
    values = dict(value)
    name = str(values.pop("name", default.name))
    check_choice(f"{key}.name", name, FUNDING)
    params_type = FUNDING[name].params
    allowed = keys_of(params_type)
    for k, v in values.items():
        if k not in allowed:
            raise not_allowed(f"{key}.{k}", v,
                              f"a key of funding option {name}: {', '.join(allowed)}")
    if "streams" in values:
        streams = {}
        for sname, stream in dict(values["streams"]).items():
            if not isinstance(stream, Mapping):
                raise not_allowed(f"{key}.streams.{sname}", stream, "a mapping of stream keys")
            unknown = set(stream) - {f.name for f in dataclasses.fields(FundingStream)}
            if unknown:
                raise not_allowed(f"{key}.streams.{sname}", sorted(unknown),
                                  "keys of a funding stream (share, payments_per_year, ...)")
            streams[str(sname)] = FundingStream(**dict(stream))
        values["streams"] = streams
    params = params_type(**values)
    params.check(key)
    return params


def specs(sc: CommunityScenario, default_funding: Parameters) -> list[ContractSpec]:
    """Every agency of the scenario, checked (the default form gives one)."""
    if not sc.agencies:
        return [ContractSpec(0, DEFAULT_AGENCY, tuple(range(len(sc.stations))), default_funding,
                             sc.agency.cost_per_worker_year, None, None, 0.0, 0.0)]
    check_agencies(sc)
    stations = list(sc.stations)
    out = []
    for i, (name, c) in enumerate(sc.agencies.items()):
        key = f"scenario.agencies.{name}"
        cost = (sc.agency.cost_per_worker_year if c.cost_per_worker_year is None
                else c.cost_per_worker_year)
        out.append(ContractSpec(
            i, name, tuple(stations.index(s) for s in c.stations),
            funding_params(c.funding, default_funding, f"{key}.funding"), cost,
            c.budget_share, c.hiring_lag_days, c.retender_prob, c.transition_cost,
            c.contract_years))
    return out


def _check_contract(key: str, c: ContractConfig, sc: CommunityScenario) -> None:
    for field_name in ("stations", "areas"):
        for station in getattr(c, field_name):
            check_choice(f"{key}.{field_name}", station, list(sc.stations))
    for need in c.needs:
        check_choice(f"{key}.needs", need, list(sc.needs))
    if not c.stations:
        raise not_allowed(f"{key}.stations", [], "at least one station where its workers work")
    if c.budget_share is not None:
        check_share(f"{key}.budget_share", c.budget_share)
    if c.cost_per_worker_year is not None:
        check_min(f"{key}.cost_per_worker_year", c.cost_per_worker_year, 0.0)
    if c.hiring_lag_days is not None:
        check_min(f"{key}.hiring_lag_days", c.hiring_lag_days, 0.0)
    check_share(f"{key}.retender_prob", c.retender_prob)
    check_min(f"{key}.contract_years", c.contract_years, 1)
    check_min(f"{key}.transition_cost", c.transition_cost, 0.0)


def check_agencies(sc: CommunityScenario) -> None:
    """Refuse unknown stations or needs, a station staffed by two agencies, shares that sum
    to more than one, and too many agencies (one ``ConfigError`` naming the key)."""
    if len(sc.agencies) > MAX_AGENCIES:
        raise not_allowed("scenario.agencies", len(sc.agencies),
                          f"at most {MAX_AGENCIES} agencies")
    owner: dict[str, str] = {}
    for name, c in sc.agencies.items():
        key = f"scenario.agencies.{name}"
        _check_contract(key, c, sc)
        for station in c.stations:
            if station in owner:
                raise not_allowed(f"{key}.stations", station,
                                  f"a station staffed by one agency only ({owner[station]} "
                                  "already lists it)")
            owner[station] = name
    shares = [c.budget_share for c in sc.agencies.values() if c.budget_share is not None]
    if sum(shares) > 1.0 + 1e-9:
        raise not_allowed("scenario.agencies.*.budget_share", f"sum {sum(shares):g}",
                          "shares of the purchasing body's budget that sum to at most 1")


def routes(sc: CommunityScenario) -> list[list[int]]:
    """``table[need][station]`` of the scenario (see :mod:`sim.routing`)."""
    return route_table(contracted(sc), list(sc.needs), list(sc.stations))


def budget_shares(contracts: Sequence[ContractSpec], targets: Sequence[int]) -> list[float]:
    """Each agency's share of the purchasing body's budget: its ``budget_share``, or the rest
    split in proportion to the initial target headcount's cost of the agencies without one."""
    given = sum(c.budget_share for c in contracts if c.budget_share is not None)
    costs = {c.index: c.cost_per_worker_year * sum(targets[s] for s in c.stations)
             for c in contracts if c.budget_share is None}
    total = sum(costs.values())
    rest = max(0.0, 1.0 - given)
    return [c.budget_share if c.budget_share is not None
            else (rest * costs[c.index] / total if total > 0 else rest / len(costs))
            for c in contracts]


@dataclass(frozen=True)
class OwnStations:
    """A staffing rule restricted to one agency's stations (others' targets are zero)."""

    policy: StaffingPolicy
    stations: frozenset[int]

    @property
    def review_interval_days(self) -> float:
        """As the wrapped rule's."""
        return self.policy.review_interval_days

    def targets(self, loads: Sequence[StationLoad]) -> list[int]:
        """The wrapped rule's targets at this agency's stations, zero elsewhere."""
        return [t if s in self.stations else 0
                for s, t in enumerate(self.policy.targets(loads))]
