"""Pluggable policies: each family module registers its options in a
:class:`sim.policies.registry.Family`; :data:`sim.policies.families.FAMILIES` lists them."""
