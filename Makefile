# KVP Desktop — developer commands. `make run` starts the app on a demo office; `make test` runs
# every check CI runs. Both create the virtual environment (.venv) first when it is missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

LOCK   := requirements/lock.txt

.PHONY: run test lint slow i18n dist bench clean lock check-lock system-deps-run system-deps-test

# Every package comes from the lock, exact version and hash (--require-hashes, --no-deps: nothing
# unlocked can slip in); the project itself is installed without build isolation, with the locked
# setuptools. `tools/check_lock.py` then proves the environment is exactly the lock.
$(STAMP): $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python tools/check_lock.py
	touch $(STAMP)

# Update the lock deliberately: newest versions within pyproject.toml's ranges, for Linux, Windows and
# macOS at once (uv's universal resolution), with the hashes of every file. Review the diff, run make test.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml requirements/build.in --extra test --extra postgres \
		--generate-hashes --universal --python-version 3.11 --no-header --upgrade --quiet -o $(LOCK)

check-lock: $(STAMP)
	$(BIN)/python tools/check_lock.py --show

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

test: system-deps-test $(STAMP) check-lock lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -p no:cacheprovider \
		--cov=kvp_desktop/rules --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100

slow: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -m slow --timeout=3600

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
