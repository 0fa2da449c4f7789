# Every target works on a fresh machine: `install` creates .venv from requirements.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test bench dev-score clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

run: install
	$(BIN)/corpus clean seeds/ -o data/

test: install
	$(BIN)/python -m pytest corpus tests

bench: install
	$(BIN)/python bench/run.py

# Scores on the shared development set (not part of the test suite: it lives outside the repo).
dev-score: install
	$(BIN)/corpus clean ../shared/devset/dumps -o build/dev-text
	$(BIN)/python ../shared/devset/score.py build/dev-text/data

clean:
	rm -rf $(VENV) build
