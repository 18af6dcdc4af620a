# Two commands on a fresh machine: `make demo` and `make test`.
# constraints.txt pins the versions the suite was run with, so a fresh install gets them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck clean

$(BIN)/positions: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.test-extras: $(BIN)/positions
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

demo: $(BIN)/positions
	$(BIN)/positions check data
	$(BIN)/positions who opposes "UN cybercrime treaty" --data data
	$(BIN)/positions allies hrw --data data
	$(BIN)/positions html --data data -o map.html

lint: $(VENV)/.test-extras
	$(BIN)/ruff check positions scripts tests
	$(BIN)/ruff format --check positions scripts tests

typecheck: $(VENV)/.test-extras
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest

clean:
	rm -rf $(VENV) build *.egg-info
