# designkit: the two commands of the README, and a few for developers.
#   make report   set up, then run the e-commerce example through every phase
#   make test     set up with the test extras, then run the whole test suite
# Both create .venv when it is missing and are safe to run again.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DESIGN ?= data/examples/ecommerce.yaml
OUT    ?= exports/$(basename $(notdir $(DESIGN)))
JOBS   ?= 2

.PHONY: report test setup setup-test system lint notebooks bench clean

report: setup system
	$(BIN)/designkit validate $(DESIGN)
	$(BIN)/designkit report $(DESIGN) --out $(OUT)

test: setup-test system
	scripts/fetch-asyncapi-schema.sh
	scripts/fetch-backstage-schemas.sh
	scripts/fetch-mermaid.sh
	scripts/fetch-sarif-schema.sh
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test

$(BIN)/uv:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "designkit needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

# The report shows what the real validators said about every deliverable, so
# `make report` installs them too (the validators extra).
# --compile-bytecode: uv, unlike pip, leaves compiling to the first import, and
# where bytecode is not written (PYTHONDONTWRITEBYTECODE, a read-only venv) every
# start compiles pandas, pydantic, nbconvert... again: seconds per report kernel.
$(VENV)/.installed: pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e ".[validators]"
	$(BIN)/python -m compileall -q src
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (designkit)" >/dev/null
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e ".[test]"
	$(BIN)/python -m compileall -q src
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (designkit)" >/dev/null
	@touch $@ $(VENV)/.installed

# System tools (Chromium for the PDF, npm for the AsyncAPI schema the tests use):
# found, or installed with apt-get as root,
# or named with the command to install them.
system:
	@scripts/system-deps.sh

lint: setup-test
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[dev]"
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src/designkit

# Rebuild notebooks/*.ipynb from their jupytext sources (notebooks/*.py) and
# store fresh outputs, which nbval then compares against.
notebooks: setup-test
	$(BIN)/python scripts/build_notebooks.py

# Time designkit on synthetic designs of 10 to 5,000 services and print every
# table (a few minutes on 2 cores); see benchmarks/README.md. BENCH=--full for
# each script's larger defaults, BENCH=--quick to check the scripts only.
bench: setup
	$(BIN)/python benchmarks/run_all.py $(BENCH)

clean:
	rm -rf $(VENV) exports/*/ .pytest_cache
