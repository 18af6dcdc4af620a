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
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,frames,parquet]'
	touch $@

# The main job on the bundled data: check it, ask it, draw it, brief from it.
demo: $(BIN)/positions
	$(BIN)/positions check data
	$(BIN)/positions who opposes "UN cybercrime treaty" --data data --format md
	$(BIN)/positions who opposes "cross-border evidence sharing" --data data
	$(BIN)/positions allies "Human Rights Watch" --data data
	$(BIN)/positions coalitions --data data
	$(BIN)/positions contested --data data
	$(BIN)/positions html --data data -o map.html
	$(BIN)/positions map --data data -o alliances.png
	$(BIN)/positions brief --data data -o brief.html
	@echo
	@echo "Open map.html (the interactive map) and brief.html (the briefing) in a browser."

lint: $(VENV)/.test-extras
	$(BIN)/ruff check positions scripts tests
	$(BIN)/ruff format --check positions scripts tests

typecheck: $(VENV)/.test-extras
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest

clean:
	rm -rf $(VENV) build *.egg-info
