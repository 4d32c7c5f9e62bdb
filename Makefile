# Every target installs what it needs into .venv first, so each works on a fresh machine
# that has only Python 3.11, pip and venv.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install run plan test test-unit test-functional test-e2e notebooks lint typecheck bench compiled docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## run: the main job on the default scenario (j_community); pass ARGS="key=value ..."
run: $(STAMP)
	$(VENV)/bin/swsim $(ARGS)

## plan: the staffing planner (swsim-plan) on the default scenario and target; ARGS="plan.target=0.95 ..."
plan: $(STAMP)
	$(VENV)/bin/swsim-plan $(ARGS)

## test: lint, types, the whole test suite, then the notebooks (nbmake, its own pytest call)
test: $(STAMP)
	$(VENV)/bin/ruff check sim tests benchmarks
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -p no:cacheprovider -p no:nbmake
	$(PY) -m pytest -q -p no:cacheprovider --nbmake notebooks

test-unit: $(STAMP)
	$(PY) -m pytest -q -p no:nbmake tests/unit

test-functional: $(STAMP)
	$(PY) -m pytest -q -p no:nbmake tests/functional

test-e2e: $(STAMP)
	$(PY) -m pytest -q -p no:nbmake tests/e2e

## notebooks: execute every notebook with nbmake (outputs are not written back)
notebooks: $(STAMP)
	$(PY) -m pytest -q -p no:cacheprovider --nbmake notebooks

lint: $(STAMP)
	$(VENV)/bin/ruff check sim tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

## bench: throughput and scaling benchmarks (not tests); results printed and saved
## compiled: the optional compiled build of the hot path (mypyc, needs a C compiler) into
## build/compiled; use it with PYTHONPATH=build/compiled (a checkout stays pure Python)
COMPILED := build/compiled
$(COMPILED)/.built: $(STAMP) setup.py $(shell find sim -name '*.py')
	rm -rf $(COMPILED)
	SWSIM_COMPILE=1 $(PY) -m pip install --quiet --no-build-isolation --no-deps --target $(COMPILED) .
	touch $@

compiled: $(COMPILED)/.built

bench: $(COMPILED)/.built
	$(PY) benchmarks/run_all.py --compiled $(COMPILED)
	$(PY) benchmarks/backends.py

## docs: regenerate docs/kpis.md from the KPI registry (sim/analysis/kpis.py)
docs: $(STAMP)
	$(PY) -m sim.analysis.kpi_reference docs/kpis.md

clean:
	rm -rf $(VENV) build outputs multirun .pytest_cache .mypy_cache .ruff_cache
