"""Packaging beside pyproject.toml: the ``sim`` packages and the configuration.

The configuration stays in ``conf/`` in the repository (Hydra reads it there in a checkout)
and ships as the package ``swsim_conf``, so a plain ``pip install .`` works from any folder.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["sim", "sim.*"]), "swsim_conf"],
    package_dir={"swsim_conf": "conf"},
)
