# Trygghetsportalen: `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstalled only when pyproject.toml changes.
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The browser tests (tests/browser/) inject axe-core from the npm registry;
# installed by npm when there is one, reinstalled when its lockfile changes.
NPM := $(shell command -v npm 2>/dev/null)
AXE := tests/browser/node_modules/axe-core/axe.min.js
# The generated TypeScript client's test (tests/api/test_generated_client.py):
# openapi-typescript and tsc from the npm registry, the same way.
TS_CLIENT := tests/api/typescript/node_modules/.installed
# Plone 6.2 in a venv of its own (tests/plone_env/), for the live import
# tests and bench-peers; its pins: tests/plone_env/requirements.txt.
PLONE_VENV := var/plone/venv

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create .venv and install the project with its dev tools

.PHONY: messages
messages: install ## Compile the interface translations (locale/*.po to .mo)
	$(BIN)/python manage.py build_messages

.PHONY: run
run: install messages ## Migrate, load the demo if the database is empty, serve on http://127.0.0.1:8000
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo --if-empty --port $(PORT)
	$(BIN)/python manage.py update_index --only-documents --if-empty
	@echo "Admin: http://localhost:$(PORT)/admin/   GR: http://localhost:$(PORT)/   A member: http://molndal.localhost:$(PORT)/"
	@echo "A background worker shares what GR publishes with the member sites (stopped with the server)."
	@trap 'kill $$worker 2>/dev/null' EXIT; \
	$(BIN)/python manage.py db_worker --backend sharing --no-reload & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

.PHONY: worker
worker: install ## Run only the background worker (sharing fan-out), as production does
	$(BIN)/python manage.py db_worker --backend sharing

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $(AXE)

.PHONY: browser-deps
browser-deps: $(AXE) ## Install axe-core for the browser tests (needs npm; make test does it)

$(TS_CLIENT): tests/api/typescript/package.json tests/api/typescript/package-lock.json
	npm ci --prefix tests/api/typescript --no-audit --no-fund
	touch $(TS_CLIENT)

.PHONY: typescript-deps
typescript-deps: $(TS_CLIENT) ## Install openapi-typescript and tsc for the generated-client test (needs npm; make test does it)

.PHONY: plone
plone: install ## Install Plone 6.2 + plone.restapi into var/plone/venv (live import tests, bench-peers; make test does it)
	@$(BIN)/python -m tests.plone_env

# make test installs Plone when it can; where it cannot, the rest of the
# suite still runs and the live Plone tests are deselected (tests/conftest.py
# says so, and fails the run in CI).
.PHONY: plone-if-possible
plone-if-possible: install
	@$(MAKE) --no-print-directory plone || { \
	  echo "*** Plone 6.2 could not be installed into $(PLONE_VENV) (log: var/plone/pip.log):"; \
	  echo "*** the live Plone import tests (tests/plone_import/live/) will NOT run."; \
	}

.PHONY: test
test: install messages plone-if-possible $(if $(NPM),$(AXE) $(TS_CLIENT)) ## Run the whole test suite (SQLite, or the database in DATABASE_URL)
ifeq ($(NPM),)
	@if [ ! -f $(AXE) ]; then \
	  echo "*** npm not found: axe-core not installed, the browser tests (tests/browser/) will NOT run."; \
	  echo "*** Install Node.js and npm (Debian: apt-get install -y npm), then run make test again."; \
	fi
	@if [ ! -f $(TS_CLIENT) ]; then \
	  echo "*** npm not found: the generated TypeScript client (tests/api/test_generated_client.py) will NOT be checked."; \
	fi
endif
	$(BIN)/python -m pytest $(PYTEST_ARGS)

.PHONY: bench
bench: install ## Benchmark the API against Wagtail's API v2, sharing fan-out and search (tests/benchmarks/results/)
	$(BIN)/python tests/benchmarks/run_api.py

.PHONY: bench-peers
bench-peers: install messages plone ## This project, Plone 6.2 and Directus 11 on the same data, side by side (tests/benchmarks/peers/)
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then apt-get install -y wrk; \
	  else echo "*** wrk not found: install it (Debian: apt-get install -y wrk)"; exit 1; fi; }
	$(BIN)/python tests/benchmarks/peers/run.py

.PHONY: lint
lint: install messages ## Check style (ruff) and that migrations match the models
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

.PHONY: format
format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: clean
clean: ## Remove the virtualenv, local data (database, media, Plone's venv) and the tests' npm packages
	rm -rf $(VENV) var tests/browser/node_modules tests/api/typescript/node_modules
