# Two commands do everything on a fresh machine:
#   make demo   install into .venv and run the whole job on the bundled demo data
#   make test   install into .venv (with test extras and chromium) and run the test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install install-test demo test bench

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip "setuptools>=77"

# The hot extraction modules are compiled in place with mypyc (setup.py,
# extract/compiled.py); without a C compiler they stay plain Python.
COMPILE := $(BIN)/python setup.py -q build_ext --inplace --parallel 2

install: $(BIN)/python
	$(BIN)/pip install -q -e '.[compile]'
	$(COMPILE)

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test,compile]'
	$(COMPILE)
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "warning: chromium not installed; browser tests will fail"

demo: install
	$(BIN)/huanjie demo

# pytest exits 5 when it collects nothing: that must fail, and it does (any non-zero exit fails make).
test: install-test
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: install-test
	$(BIN)/python bench/run_all.py
