# themecoder: two commands. `make demo` opens the sample study; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv benchmarks docs clean

demo: $(STAMP)
	$(BIN)/themecoder demo

test: $(STAMP)
	$(BIN)/python -m pytest -n auto -q -p no:cacheprovider

venv: $(STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the package metadata changes.
$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all]'
	$(BIN)/python -m compileall -q src  # as a non-editable install would: no compiling at each start
	touch $(STAMP)

benchmarks: $(STAMP)
	for b in benchmarks/*_bench.py; do $(BIN)/python $$b || exit 1; done

docs: $(STAMP)
	$(BIN)/python tools/cli_reference.py > docs/cli.md

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
