"""Typed configuration: the dataclass schemas of scenarios and runs (plain dataclasses).

:mod:`sim.loading` registers them with Hydra's ConfigStore, with the parameter dataclass of
every policy option (declared next to its behaviour in ``sim/policies/``); Hydra composes YAML
on top of them (so wrong types are caught at composition), :mod:`sim.validation` then checks
meaning. A parameter set reads like a constructor signature: each field has its documented
default.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.checks import ConfigError
from sim.planning.settings import PlanConfig
from sim.scenario_agencies import ContractConfig, PartnerConfig
from sim.scenario_parts import (
    EFFORT_DISTRIBUTIONS,
    ELIGIBILITY,
    AgencyConfig,
    CalendarConfig,
    CommunityConfig,
    DemandConfig,
    GroupWorkConfig,
    NeedTypeConfig,
    StationConfig,
    TrustConfig,
    VolunteerConfig,
    WorkforceConfig,
)

__all__ = [
    "CONF_DIR",
    "EFFORT_DISTRIBUTIONS",
    "ELIGIBILITY",
    "AgencyConfig",
    "CommunityConfig",
    "CommunityScenario",
    "ConfigError",
    "ContractConfig",
    "DemandConfig",
    "GroupWorkConfig",
    "MMCScenario",
    "NeedTypeConfig",
    "PartnerConfig",
    "PolicyConfig",
    "RunConfig",
    "Scenario",
    "StationConfig",
    "SwsimConfig",
    "TrustConfig",
    "VolunteerConfig",
    "WorkforceConfig",
]



def _conf_dir() -> Path:
    """``conf/`` beside ``sim/`` in a checkout, else the installed package ``swsim_conf``."""
    checkout = Path(__file__).resolve().parent.parent / "conf"
    if (checkout / "config.yaml").is_file():
        return checkout
    spec = importlib.util.find_spec("swsim_conf")
    if spec is None or spec.origin is None:
        raise ImportError("swsim's configuration is missing: reinstall swsim (pip install .)")
    return Path(spec.origin).resolve().parent


CONF_DIR = _conf_dir()


# --------------------------------------------------------------------------- schemas


@dataclass
class CommunityScenario:
    """A region of communities, stations and need types (the general model)."""

    kind: str = "community"
    name: str = "community"
    horizon_days: float = 3 * 365.0 + 180.0
    warmup_days: float = 180.0
    audit_interval_days: float = 7.0
    travel_speed_kmh: float = 15.0
    inter_station_km: float = 3.0
    # One-way travel time (minutes) from a community to its station within which its
    # households count as having access: the "15-minute community life circle" of China's
    # Standard for urban residential area planning and design, GB 50180-2018 (MOHURD, 2018;
    # there a 15-minute walk; here at travel_speed_kmh).
    access_threshold_minutes: float = 15.0
    rereferral_prob: float = 0.5
    rereferral_delay_days: float = 30.0
    communities: dict[str, CommunityConfig] = field(default_factory=dict)
    stations: dict[str, StationConfig] = field(default_factory=dict)
    needs: dict[str, NeedTypeConfig] = field(default_factory=dict)
    workforce: WorkforceConfig = field(default_factory=WorkforceConfig)
    calendar: CalendarConfig = field(default_factory=CalendarConfig)
    agency: AgencyConfig = field(default_factory=AgencyConfig)
    agencies: dict[str, ContractConfig] = field(default_factory=dict)
    partners: dict[str, PartnerConfig] = field(default_factory=dict)
    volunteers: VolunteerConfig = field(default_factory=VolunteerConfig)
    group_work: GroupWorkConfig = field(default_factory=GroupWorkConfig)
    # Multiplies every need type's incidence ("what if demand grows 20%": 1.2).
    demand_scale: float = 1.0
    demand: DemandConfig = field(default_factory=DemandConfig)
    trust: TrustConfig = field(default_factory=TrustConfig)
    # Your own place: CSV files that replace communities / stations (sim/places.py).
    communities_csv: str | None = None
    stations_csv: str | None = None


@dataclass
class MMCScenario:
    """The validation scenario: the model reduced to an M/M/c (+M) queue.

    One contact per case, caseload cap 1, 24-hour duty, no admin or travel, exponential
    times; with FIFO dispatch this is M/M/c, or M/M/c+M when ``patience_mean`` is set.
    """

    kind: str = "mmc"
    name: str = "mmc"
    servers: int = 5
    arrival_rate: float = 4.5
    service_rate: float = 1.0
    patience_mean: float | None = None
    urgent_share: float = 0.0
    target_days: float = 1.0
    horizon_days: float = 3000.0
    warmup_days: float = 300.0
    audit_interval_days: float = 7.0


@dataclass
class PolicyConfig:
    """One option per policy family: the chosen option's parameter dataclass.

    Each field holds the parameters of the option that ``conf/config.yaml`` or the command
    line chooses (``policy/dispatch=skill_match`` holds a
    :class:`sim.policies.dispatch.SkillMatch`); composition fills every field, so ``None``
    only means "not composed". The families and their options are
    :data:`sim.policies.families.FAMILIES`; the fields are typed ``Any`` because Hydra merges
    a different dataclass into each field depending on the option.
    """

    dispatch: Any = None
    admin: Any = None
    assessment: Any = None
    funding: Any = None
    staffing: Any = None
    training: Any = None
    caseload: Any = None
    cover: Any = None
    engagement: Any = None


@dataclass
class RunConfig:
    """How many replications, on how many processes, from which master seed.

    ``max_referrals``, ``max_worker_days`` (per replication) and ``max_memory_mb`` (all
    processes together) are the size budget that :mod:`sim.sizing` checks before a run.
    """

    replications: int = 10
    n_jobs: int = 2
    seed: int = 20261121
    progress: bool = True
    #: result store folder; ``None``: the per-user default (see :mod:`sim.store`)
    store: str | None = None
    #: compute again the replications stored as failed
    retry_failed: bool = False
    #: ``serial``, ``loky`` (joblib processes) or ``dask``
    backend: str = "loky"
    #: a Dask scheduler ``tcp://host:port``; ``None`` starts a LocalCluster on 127.0.0.1
    address: str | None = None
    max_referrals: float = 5e6
    max_worker_days: float = 5e6
    max_memory_mb: float = 8000.0
    # a name for this configuration on every replication row; "" = the overrides that differ
    # from the scenario's defaults (sim.variants)
    variant: str = ""
    # KPI -> target 95% CI half-width (in the KPI's unit): keep adding replications until
    # every one is met or max_replications is reached (sim.precision)
    precision: dict[str, float] = field(default_factory=dict)
    max_replications: int = 200


@dataclass
class SwsimConfig:
    """The whole validated configuration of one run."""

    scenario: Any = None
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    run: RunConfig = field(default_factory=RunConfig)
    plan: PlanConfig = field(default_factory=PlanConfig)  # swsim-plan only (sim.planning)


Scenario = CommunityScenario | MMCScenario
