"""Every policy family, in the order configuration lists and validates them.

A new family is a module with its options' parameter classes and its :class:`Family`, one
line here, one field of :class:`sim.config.PolicyConfig`, a default in ``conf/config.yaml``
and a folder ``conf/policy/<family>/`` with one YAML file per option.
"""

from __future__ import annotations

from typing import Any

from sim.policies.admin import ADMIN
from sim.policies.assessment import ASSESSMENT
from sim.policies.caseload import CASELOAD
from sim.policies.cover import COVER
from sim.policies.dispatch import DISPATCH
from sim.policies.engagement import ENGAGEMENT
from sim.policies.funding import FUNDING
from sim.policies.registry import Family
from sim.policies.staffing import STAFFING
from sim.policies.training import TRAINING

FAMILIES: tuple[Family[Any], ...] = (DISPATCH, ADMIN, ASSESSMENT, FUNDING, STAFFING, TRAINING,
                                      CASELOAD, COVER, ENGAGEMENT)
