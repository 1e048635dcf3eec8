# Two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
export DJANGO_DEBUG ?= 1

# The Danish catalog: collect new and changed strings (then translate every empty or fuzzy msgstr in
# locale/da/LC_MESSAGES/django.po, see docs/glossary.md) and compile it. Needs GNU gettext.
messages: install
	$(BIN)/python manage.py makemessages -l da --ignore=.venv --ignore=tests --ignore=staticfiles --add-location=file --no-obsolete
	$(BIN)/python manage.py compilemessages -l da --ignore=.venv

.PHONY: messages run test test-fast outdated lint format migrate seed install browser benchmark benchmark-list benchmark-load benchmark-scale clean demo-passwords

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	@echo ""
	@echo "  Console:  http://127.0.0.1:$(PORT)/   (API docs: http://127.0.0.1:$(PORT)/api/docs/)"
	@echo "  Log in as 'admin' (administrator) or 'support' (read-only viewer);"
	@echo "  the passwords are DEMO_PASSWORD if you set it, otherwise the ones printed above"
	@echo "  when the demo was first loaded (run 'make demo-passwords' to set new ones)."
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

demo-passwords: migrate
	$(BIN)/python manage.py seed_demo --reset-passwords

# The browser tests need Chromium; Debian's package is used (Playwright cannot download here).
browser:
	@test -x /usr/bin/chromium || { echo "Chromium is missing: apt-get install -y chromium"; exit 1; }

# Parallel (pytest-xdist, one test database per worker); `PYTEST_ARGS=-n0` runs in one process.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Everything but the slow parts (browser, schemathesis, races, the engine's reference walk).
test-fast: install
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

# The pins in pyproject.toml that are behind their latest release (needs the package index).
outdated: install
	$(BIN)/python scripts/outdated.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The benchmarks; not part of `make test`.
benchmark: install
	$(BIN)/python benchmarks/channel_status.py
	$(BIN)/python benchmarks/channel_list_queries.py
	$(BIN)/python benchmarks/snapshots_vs_prefetch.py

# The Channels list with 5 and 500 channels: queries and time, with and without the Open now column.
benchmark-list: install
	$(BIN)/python benchmarks/channel_list_queries.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

# Two gunicorn servers on PostgreSQL (DATABASE_URL) and a Redis of its own, 60 s of a realistic mix.
benchmark-load: install
	$(BIN)/python benchmarks/load.py

# Every console page and API call at 101,000 channels (issue 16); PostgreSQL via DATABASE_URL (a scratch
# database: it is dropped and built anew), about a minute.
benchmark-scale: install
	$(BIN)/python benchmarks/scale.py
