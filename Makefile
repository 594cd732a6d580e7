# dualcarbon: two commands on a fresh machine.
#   make demo   set everything up, run the main job on the bundled sample data, start the UI
#   make test   set everything up and run the test suite
# Installs come from uv.lock only (uv sync --frozen), into .venv.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
DEMO_SERVE ?= 1
export DUALCARBON_HOME ?= $(CURDIR)/data

.PHONY: demo test test-slow lint ui prepare templates sample clean install

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml uv.lock
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11 / Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --quiet
	touch $@

# The dbt manifest Dagster loads; rebuilt whenever a model, macro, seed or config changes.
DBT_SOURCES := $(shell find dbt_project -type f \( -name '*.sql' -o -name '*.yml' -o -name '*.csv' \) -not -path 'dbt_project/target/*' 2>/dev/null)
dbt_project/target/manifest.json: $(VENV)/.installed $(DBT_SOURCES)
	$(BIN)/dualcarbon prepare

prepare: dbt_project/target/manifest.json

demo: prepare
ifeq ($(DEMO_SERVE),0)
	$(BIN)/dualcarbon demo --no-serve
else
	$(BIN)/dualcarbon demo --serve
endif

test: prepare
	$(BIN)/python -m pytest -m "not slow" -q

test-slow: prepare
	$(BIN)/python -m pytest -m slow -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project/models dbt_project/macros dbt_project/tests

ui: prepare
	$(BIN)/dualcarbon ui

templates: install
	$(BIN)/dualcarbon templates

sample: install
	$(BIN)/dualcarbon sample

clean:
	rm -rf dbt_project/target dbt_project/logs .pytest_cache .ruff_cache
