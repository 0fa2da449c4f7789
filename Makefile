# Every target works on a fresh machine: `install` creates .venv from requirements.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test bench dev-score fit-lines clean

install: $(STAMP)

# The C extensions are built by the editable install: edited C sources rebuild them.
$(STAMP): pyproject.toml setup.py requirements.lock $(wildcard corpus/heuristics/_lines*.[ch]) $(wildcard corpus/metadata/_lid*.[ch])
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

run: install
	$(BIN)/corpus clean seeds/ -o data/

test: install
	$(BIN)/python -m pytest corpus tests

# The peers measured next to corpus (datatrove's C4 filter, datasketch) are bench-only dependencies.
bench: install
	$(BIN)/pip install --quiet -r bench/requirements.lock
	$(BIN)/python bench/run.py
	$(BIN)/python bench/dedup.py
	$(BIN)/python bench/scale.py

# Scores on the shared development set (not part of the test suite: it lives outside the repo).
dev-score: install
	$(BIN)/corpus clean ../shared/devset/dumps -o build/dev-text
	$(BIN)/python ../shared/devset/score.py build/dev-text/data
	$(BIN)/corpus clean ../shared/devset/pages -o build/dev-html
	$(BIN)/python ../shared/devset/score.py build/dev-html/data

# Refits the text line classifier on the development set (corpus/heuristics/line_model.json)
# and prints its held-out scores; numpy comes with the bench requirements.
fit-lines: install
	$(BIN)/pip install --quiet -r bench/requirements.lock
	$(BIN)/python bench/fit_line_model.py --write

clean:
	rm -rf $(VENV) build
