"""Pluggable policies. Each family has a registry; config names the option to build."""
