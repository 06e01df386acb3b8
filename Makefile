# trainforge — two commands do all set-up on a fresh machine: `make build` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed       # trainforge and its runtime dependencies: what building needs
TSTAMP  := $(VENV)/.installed-test  # plus the test extras (pytest, ruff, mypy, playwright, Ralph…)
FORMATS ?= web scorm12 xapi

.PHONY: build test lint typecheck unit bench schema clean deps-test

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(TSTAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(TSTAMP)

## build: install trainforge into .venv and build every example course into dist/
build: $(STAMP)
	$(BIN)/trainforge build courses $(addprefix --format ,$(FORMATS)) --out dist

## deps-test: what the tests need beyond Python: Debian's chromium and the npm packages
deps-test: $(TSTAMP)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -d node_modules/scorm-again -a -d node_modules/axe-core || npm ci --no-audit --no-fund --loglevel=error

lint: $(TSTAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(TSTAMP)
	$(BIN)/mypy

unit: deps-test
	$(BIN)/pytest $(PYTEST_ARGS)

## test: install what the tests need, lint, type-check and run every test
test: deps-test lint typecheck unit

## schema: regenerate the JSON Schemas in schemas/
schema: $(STAMP)
	$(BIN)/trainforge schema --out schemas

## bench: build the generated benchmark corpus and print the figures
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache build
