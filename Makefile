# Every target installs what it needs into .venv first, so each works on a fresh machine
# that has only Python 3.11, pip and venv.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install run test test-unit test-functional test-e2e lint typecheck bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## run: the main job on the default scenario (j_community); pass ARGS="key=value ..."
run: $(STAMP)
	$(VENV)/bin/swsim $(ARGS)

## test: lint, types and the whole test suite
test: $(STAMP)
	$(VENV)/bin/ruff check sim tests benchmarks
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -p no:cacheprovider

test-unit: $(STAMP)
	$(PY) -m pytest -q tests/unit

test-functional: $(STAMP)
	$(PY) -m pytest -q tests/functional

test-e2e: $(STAMP)
	$(PY) -m pytest -q tests/e2e

lint: $(STAMP)
	$(VENV)/bin/ruff check sim tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

## bench: throughput and scaling benchmarks (not tests); results printed and saved
bench: $(STAMP)
	$(PY) benchmarks/run_all.py
	$(PY) benchmarks/backends.py

## docs: regenerate docs/kpis.md from the KPI registry (sim/analysis/kpis.py)
docs: $(STAMP)
	$(PY) -m sim.analysis.kpi_reference docs/kpis.md

clean:
	rm -rf $(VENV) outputs multirun .pytest_cache .mypy_cache .ruff_cache
