# Two commands do all the set-up on a fresh machine:
#   make demo   installs into .venv, extracts the bundled sample documents and runs a catalog query
#   make test   installs into .venv and runs the test suite
VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin

.PHONY: demo test lint install

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/budgetgraph extract tests/fixtures/pdf tests/fixtures/seeds -o out/sample.trig
	$(BIN)/budgetgraph query documents --data out/sample.trig

test: $(BIN)/.installed
	$(BIN)/pytest -n 2 -q

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
