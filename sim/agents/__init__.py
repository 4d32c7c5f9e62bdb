"""Agents: households (columnar), cases, social workers, the agency."""
