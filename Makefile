# minutebook: the commands a newcomer needs.
#
#   make serve   set up, check the records, serve the site on http://127.0.0.1:8000
#   make test    set up, install Debian's chromium if missing, run the tests
#   make check   check every record          make build   build the site (strict)
#
# Everything goes into .venv/ (made with `python3 -m venv`); `make setup` is done once and
# redone only when pyproject.toml changes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.minutebook-installed

# the reference date of the site and the weekly page: fixed so that the sample records
# show open and overdue items; override with `make serve MINUTEBOOK_TODAY=2026-12-01`
MINUTEBOOK_TODAY ?= 2026-11-20
HOST ?= 127.0.0.1
PORT ?= 8000
# extra pytest arguments, e.g. `make test PYTEST_ARGS='-k precommit'`
PYTEST_ARGS ?=
JUNIT := tests/artifacts/junit.xml

export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup serve build check test browser hooks clean

help:
	@echo "make serve   set up, check the records, serve the site on http://$(HOST):$(PORT) (MINUTEBOOK_TODAY=$(MINUTEBOOK_TODAY))"
	@echo "make test    set up, install Debian's chromium if missing, run the tests (PYTEST_ARGS=...)"
	@echo "make setup   create $(VENV) and pip install -e '.[test]' (once; again when pyproject.toml changes)"
	@echo "make check   check every record with minutebook check"
	@echo "make build   build the site into site/ with mkdocs build --strict"
	@echo "make hooks   install the pre-commit hook into this clone"
	@echo "make clean   remove site/ and test caches"

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { echo "make setup: creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@
	@echo "make setup: done ($(VENV); run '. $(BIN)/activate' to use minutebook and pre-commit directly)"

check: setup
	$(BIN)/minutebook check

# The build checks the records itself and logs each finding once (path:line:col), as
# `minutebook check` words it; an error stops it. No separate check before serving, so
# nothing is said twice.
# The preview: an edit of records rebuilds only the pages it changes (plugins/preview.py),
# a broken record shows its diagnostics on its own page; any other change is MkDocs' build.
serve: setup
	@echo "make serve: http://$(HOST):$(PORT)/ as of $(MINUTEBOOK_TODAY)"
	@MINUTEBOOK_TODAY=$(MINUTEBOOK_TODAY) $(BIN)/mkdocs serve --livereload --dev-addr $(HOST):$(PORT)

build: setup
	@MINUTEBOOK_TODAY=$(MINUTEBOOK_TODAY) $(BIN)/mkdocs build --strict

# Debian's chromium and chromedriver, for the browser tests
browser:
	@bash .ci/install-browser

# the tests fail loudly: a run that collects nothing, or skips a test, fails
test: setup browser
	@mkdir -p $(dir $(JUNIT))
	$(BIN)/python -m pytest --junitxml=$(JUNIT) $(PYTEST_ARGS) || { rc=$$?; \
	  if [ $$rc = 5 ]; then echo "make test: FAILED: pytest collected no test" >&2; fi; exit $$rc; }
	@$(BIN)/python .ci/verify_junit.py $(JUNIT)

# install the git hook of .pre-commit-config.yaml into this clone
hooks: setup
	$(BIN)/pre-commit install

clean:
	rm -rf site/ tests/artifacts/ .pytest_cache/ .hypothesis/
