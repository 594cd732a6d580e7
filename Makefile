# dualcarbon: two commands on a fresh machine.
#   make demo   set everything up, run the main job on the bundled sample data, start the UIs
#               (Dagster on :3000, the internal dashboard on :8501)
#   make test   set everything up and run the test suite
#   make dashboard  the internal dashboard alone (Streamlit, draft, internal) on :8501
# Installs come from uv.lock only (uv sync --frozen), into .venv.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
DEMO_SERVE ?= 1
export DUALCARBON_HOME ?= $(CURDIR)/data

.PHONY: demo test test-slow lint ui dashboard public report prepare templates sample clean install benchmark

install: $(VENV)/.installed

# uv is in the lock (dev group), so it stays in .venv after a sync; `uv sync` removes pip,
# which is why pip is used (after ensurepip) only to bootstrap uv into a new venv.
$(VENV)/.installed: pyproject.toml uv.lock
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11 / Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || { $(BIN)/python -m ensurepip --upgrade >/dev/null \
		&& $(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); }
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --quiet
	touch $@

# The dbt manifest Dagster loads; rebuilt whenever a model, macro, seed or config changes.
DBT_SOURCES := $(shell find dbt_project -type f \( -name '*.sql' -o -name '*.yml' -o -name '*.csv' \) -not -path 'dbt_project/target/*' 2>/dev/null) \
	$(wildcard dualcarbon/contracts/*.yaml)
dbt_project/target/manifest.json: $(VENV)/.installed $(DBT_SOURCES)
	$(BIN)/dualcarbon prepare

prepare: dbt_project/target/manifest.json

demo: prepare
ifeq ($(DEMO_SERVE),0)
	$(BIN)/dualcarbon demo --no-serve
else
	$(BIN)/dualcarbon demo --serve
endif

# Two workers (pytest-xdist): a module's tests, and every test on the shared published
# workspace, stay together on one worker (tests/conftest.py). TEST_WORKERS=0 runs serially.
TEST_WORKERS ?= 2
test: prepare
	$(BIN)/python -m pytest -m "not slow" -q -n $(TEST_WORKERS) --durations=15

test-slow: prepare
	$(BIN)/python -m pytest -m slow -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project/models dbt_project/macros dbt_project/tests

ui: prepare
	$(BIN)/dualcarbon ui

# The internal dashboard (dashboards/internal/app.py; sign in). Streamlit's settings are in
# .streamlit/config.toml (read from this folder); Python's bytecode cache goes to the workspace.
DASHBOARD_PORT ?= 8501
dashboard: install
	PYTHONPYCACHEPREFIX="$(DUALCARBON_HOME)/.state/pycache" $(BIN)/streamlit run \
		dashboards/internal/app.py --server.port $(DASHBOARD_PORT)

# The public dashboard (dashboards/public/app.py; dashboards/public/launch.py): published
# releases only, never the warehouse. Localhost by default; publish it behind a reverse proxy.
PUBLIC_PORT ?= 8502
PUBLIC_ADDRESS ?= 127.0.0.1
public: install
	$(BIN)/python -m dashboards.public.launch --port $(PUBLIC_PORT) --address $(PUBLIC_ADDRESS)

# The official PDF report of a published release: make report RELEASE=JS-2024-v1 [REPORT_LANG=en]
REPORT_LANG ?= zh
report: install
	@test -n "$(RELEASE)" || { echo "用法 / usage: make report RELEASE=JS-2024-v1 [REPORT_LANG=en]"; exit 2; }
	$(BIN)/dualcarbon report $(RELEASE) --lang $(REPORT_LANG)

templates: install
	$(BIN)/dualcarbon templates

sample: install
	$(BIN)/dualcarbon sample

# Enterprise-level data at scale (benchmarks/README.md); not part of `make test`.
# BENCHMARK_ROWS: 1M, 10M or 50M (50M needs about 12 GB of free disk and 15 minutes).
BENCHMARK_ROWS ?= 1M 10M
benchmark: prepare
	for rows in $(BENCHMARK_ROWS); do $(BIN)/python benchmarks/enterprise_scale.py --rows $$rows || exit 1; done

clean:
	rm -rf dbt_project/target dbt_project/logs .pytest_cache .ruff_cache
