# Everything installs into .venv, so a machine with only Python 3.11+ (and make) is enough.
# The browser tests also need Debian's Chromium at /usr/bin/chromium (.ci/run installs it).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check

# Material for MkDocs 9.8 prints an end-of-life banner on every mkdocs run; this silences it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: install site test serve bench fuzz clean distclean

install:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q -e ".[test]"

site: install
	$(BIN)/notices build

test: install
	$(BIN)/ruff check generator tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

serve: install
	$(BIN)/mkdocs serve

# Not part of `make test`: minutes of builds. BENCH_ARGS="--sizes 10,100 --runs 1" for a shorter run.
bench: install
	$(BIN)/python tests/benchmarks/build_speed.py $(BENCH_ARGS)

fuzz: install
	$(BIN)/python -m tests.fuzz.run_fuzz --cases 10000

clean:
	rm -rf site .site.building .site.previous .site.lock .cache tests/artifacts .pytest_cache .ruff_cache .mypy_cache *.egg-info
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
