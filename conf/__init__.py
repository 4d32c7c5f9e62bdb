"""swsim's configuration, installed as the package ``swsim_conf`` (YAML files as data)."""
