# KVP Desktop — developer commands. `make run` starts the app on a demo office; `make test` runs
# every check CI runs. Both create the virtual environment (.venv) first when it is missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint slow i18n dist bench clean system-deps-run system-deps-test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,postgres]'
	touch $(STAMP)

system-deps-run:
	@bash tools/system_deps.sh run

system-deps-test:
	@bash tools/system_deps.sh test

run: system-deps-run $(STAMP)
	$(BIN)/kvp-desktop --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: system-deps-test $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -p no:cacheprovider \
		--cov=kvp_desktop/rules --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100

slow: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -m slow

i18n: $(STAMP)
	$(BIN)/python tools/update_catalogs.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The one-folder PyInstaller build in dist/kvp-desktop/ (PyInstaller comes with the test extra;
# `make test` builds the same spec into a temporary folder and smoke-tests it: tests/packaging/).
dist: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean build.spec

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
