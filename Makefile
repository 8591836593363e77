# Comptoir: `make demo` serves the demo world, `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PYTEST_WORKERS ?= 2

.PHONY: demo serve test lint typecheck architecture pytest install dev system-deps services messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/comptoir demo

serve: install
	$(BIN)/comptoir serve

system-deps:
	bash scripts/ensure-system-deps.sh

services:
	bash scripts/ensure-services.sh

lint: dev
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: dev
	$(BIN)/mypy

architecture: dev
	$(BIN)/lint-imports

pytest: dev system-deps services
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadgroup -p no:cacheprovider

test: lint typecheck architecture pytest

# Extract every translatable string and merge it into the zh_Hans, fr and en catalogs.
messages: dev
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 --no-location --sort-output \
		-o src/comptoir/kernel/locale/comptoir.pot src
	for lang in zh_Hans fr en; do \
		if [ -f src/comptoir/kernel/locale/$$lang/LC_MESSAGES/comptoir.po ]; then \
			$(BIN)/pybabel update -D comptoir -i src/comptoir/kernel/locale/comptoir.pot -d src/comptoir/kernel/locale -l $$lang --no-fuzzy-matching; \
		else \
			$(BIN)/pybabel init -D comptoir -i src/comptoir/kernel/locale/comptoir.pot -d src/comptoir/kernel/locale -l $$lang; \
		fi; \
	done

clean:
	rm -rf $(VENV) .comptoir .mypy_cache .ruff_cache
