# Two commands after cloning: `make run` serves the API, `make test` runs linters and tests.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint prepare browser bench-routing bench-darp clean-cache

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

prepare: $(STAMP)
	$(PY) -m api prepare

run: prepare
	$(PY) -m api serve

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

# The web map is tested in Debian's chromium; install it when it is missing (needs root).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: lint prepare browser
	$(PY) -m pytest

bench-routing: prepare
	$(PY) bench/route_latency.py

bench-darp: $(STAMP)
	$(PY) bench/darp.py --all --time-limit 30

clean-cache:
	rm -rf data/cache
