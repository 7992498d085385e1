# Journey: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SIZE ?= small
HOST ?= 127.0.0.1:8000
# Local runs use the embedded SQLite database unless DATABASE_URL says otherwise.
LOCAL := DEBUG=$${DEBUG:-1}

.PHONY: install run test lint format seed bench frontend clean census screenshots backup restore serve load

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# The background worker (imports, checks, workbooks, long prints) runs beside the server and is
# stopped when the server stops. It does not reload on code changes: stop and `make run` again.
run: install
	$(LOCAL) $(BIN)/python manage.py migrate --no-input
	$(LOCAL) $(BIN)/python manage.py seed --size small --if-empty
	@echo "Journey is starting on http://$(HOST), with its background worker"
	$(LOCAL) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(LOCAL) $(BIN)/python manage.py runserver $(HOST)

# Journey as a council runs it (README, "Running in production"): PostgreSQL from DATABASE_URL,
# DEBUG off, checks that refuse an insecure configuration, migrations, static files, gunicorn
# and the task worker. Nothing here turns DEBUG on.
serve: install
	$(BIN)/python manage.py serve

# The suite runs on every core (pytest-xdist), each worker with its own test database;
# `.venv/bin/python -m pytest tests/<app>` runs part of it in one process.
TEST_WORKERS ?= auto
test: install lint typecheck
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist load

# The browser tests again, keeping a screenshot of each page they pass through (1200 px and
# 400 px) in screenshots/: to look at a page before calling it done.
screenshots: install
	JOURNEY_SCREENSHOTS=1 $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist load -m browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=src $(BIN)/lint-imports

# Types of the services and selectors: mypy with the django-stubs plugin (what is checked, and
# how strictly, is in pyproject.toml). The plugin loads the settings, which want a key: any will do.
.PHONY: typecheck
typecheck: install
	SECRET_KEY="$${SECRET_KEY:-typecheck-only-throwaway-key}" $(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

seed: install
	$(LOCAL) $(BIN)/python manage.py migrate --no-input
	$(LOCAL) $(BIN)/python manage.py seed --size $(SIZE)

# Server-side timings of the main pages into bench/results.json (see bench/README.md):
# `make bench SIZE=large [DATABASE_URL=postgres:///journey_large] [BENCH_ARGS="--repeat 100"]`.
# Uses bench/bench-$(SIZE).sqlite3 unless DATABASE_URL is set; DEBUG off, a throwaway key.
bench: install
	DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/bench/bench-$(SIZE).sqlite3}" DEBUG=0 \
	SECRET_KEY="$${SECRET_KEY:-bench-only-throwaway-key}" \
	$(BIN)/python manage.py bench --size $(SIZE) $(BENCH_ARGS)

# A bounded load test against `make serve` on the loopback address (see bench/README.md):
# `make load DATABASE_URL=postgres:///journey_large [LOAD_ARGS="--users 100 --minutes 5"]`.
load: install
	DEBUG=0 SECRET_KEY="$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	$(BIN)/python manage.py load $(LOAD_ARGS)

# A backup of the configured database (pg_dump's custom format, or SQLite's online backup API)
# and the uploaded files, to backups/ (or FILE=…); a restore of one into an empty database.
backup: install
	$(LOCAL) $(BIN)/python manage.py backup $(if $(FILE),--output $(FILE))

restore: install
	@test -n "$(FILE)" || { echo "Name the backup: make restore FILE=backups/journey-….dump" >&2; exit 2; }
	$(LOCAL) $(BIN)/python manage.py restore $(FILE) $(RESTORE_ARGS)

# The CIN census return for the collection whose reference date is 31 March YEAR, from the
# configured database, validated, with its data-quality summary: `make census YEAR=2026 OUT=census.xml`.
YEAR ?=
OUT ?= census.xml
census: install
	$(LOCAL) $(BIN)/python manage.py census $(if $(YEAR),--year $(YEAR)) --out $(OUT)

# Rebuilds the committed GOV.UK / MoJ Frontend assets from pinned npm packages (needs Node).
frontend:
	bash frontend/build.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
