# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install dev lint clean messages screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml package.json | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	npm ci --no-audit --no-fund  # axe-core for the browser tests (tests/e2e/test_axe.py)
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

## Serve the reading room and JSON API on http://127.0.0.1:8000 (data in ./opis-data, sample loaded on first start).
run: $(VENV)/.installed
	$(BIN)/opis serve

## Type-check src/ strictly, lint, and run the whole test suite (SQLite and PostgreSQL).
test: $(VENV)/.installed-dev
	$(BIN)/mypy
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest

## Re-extract the interface strings and merge them into every catalogue (docs/i18n.md); then translate.
messages: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F src/opis/web/locale/babel.cfg -k N_ --no-location --sort-output --project opis \
	  --copyright-holder "opis contributors" --msgid-bugs-address "" -o src/opis/web/locale/messages.pot .
	$(BIN)/pybabel update -i src/opis/web/locale/messages.pot -d src/opis/web/locale --no-wrap --ignore-obsolete

## Screenshots of every page type at 360 and 1280 px in English and Russian into docs/screenshots/.
screenshots: $(VENV)/.installed-dev
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache node_modules
