# One-command developer loop. Each target bootstraps the virtualenv it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: regen test check lint bench clean

$(STAMP): pyproject.toml
	@echo "==> Setting up $(VENV), once (again when pyproject.toml changes): about a minute."
	@echo "    pip installs the generator (editable) with its dependencies, and the test"
	@echo "    tools of pyproject.toml's [test] extra (pytest, mypy, pre-commit, ...)."
	@start=$$(date +%s); \
	$(PYTHON) -m venv $(VENV) && \
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]' && \
	touch $(STAMP) && \
	echo "==> $(VENV) is ready ($$(( $$(date +%s) - start )) s)."

## regen: regenerate generated/ from specs/ (every target in pyproject.toml)
regen: $(STAMP)
	$(BIN)/python -m generator generate

## check: fail when generated/ is not what the specs produce
check: $(STAMP)
	$(BIN)/python -m generator check

## test: every test (golden, type checks, functional, corpus, Prism)
test: $(STAMP)
	$(BIN)/python -m pytest

## lint: the generator itself is mypy --strict and black clean
lint: $(STAMP)
	$(BIN)/python -m mypy
	$(BIN)/python -m black --check --quiet generator tests benchmarks templates/runtime

## bench: generation speed and memory against openapi-python-client (slow; not part of test)
## BENCH_ARGS passes options: make bench BENCH_ARGS="--only github --repeat 5"
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache
