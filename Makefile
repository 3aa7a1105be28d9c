# Two commands: `make run` (set up everything, then serve) and `make test` (set up, then test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run run-stack stack-environment test setup install messages makemessages migrate demo screenshots lint format worker beat backup restore clean

# A laptop needs no configuration: DEBUG on, SQLite under var/, tasks run in-process.
run: export DEBUG ?= true
run: setup migrate demo
	$(BIN)/python manage.py runserver $(HOST)

# Production's processes on this machine, as docker-compose.yml runs them (Procfile): gunicorn,
# a Celery worker consuming every queue and Celery beat, against PostgreSQL and Redis; after
# the migrations, run once, and collectstatic. Ctrl-C stops all three.
run-stack: export GUNICORN_BIND ?= $(HOST)
run-stack: export PATH := $(abspath $(BIN)):$(PATH)
run-stack: stack-environment install messages
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	@# The environment of this shell only (honcho would also read a .env file): the same as migrate's.
	$(BIN)/honcho start -f Procfile -e /dev/null

# Checked before anything is installed or migrated.
stack-environment:
	@test -n "$$DATABASE_URL" || { echo "run-stack: set DATABASE_URL (postgres://user:password@host:5432/name)"; exit 2; }
	@test -n "$$REDIS_URL" || { echo "run-stack: set REDIS_URL (redis://host:6379/0)"; exit 2; }

# The layers contract (pyproject.toml) first: it takes seconds and names the import to mend.
# Then the suite on every core (pytest-xdist): the tests that reach the broker stay together
# (tests/conftest.py), each process has a test database of its own.
test: setup
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto --dist loadgroup

setup: install messages

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check ".[dev]"
	touch $@

# The compiled catalogues are committed, so a machine without gettext still speaks French.
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
		DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv -v0; \
	else echo "gettext not installed: using the committed .mo catalogues"; fi

makemessages: install
	DEBUG=true $(BIN)/python manage.py makemessages -l fr -l en --ignore=.venv --ignore=var --no-obsolete

migrate: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

demo: install
	$(BIN)/python manage.py load_demo

# PNG screenshots of the main pages and of the yearly PDF report in var/screenshots/, taken
# with Debian's Chromium on a scratch demo database (never the one of `make run`).
screenshots: export DEBUG ?= true
screenshots: install
	$(BIN)/python manage.py screenshots

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every queue (settings_infra.py: TASK_QUEUES), as the worker of run-stack.
worker: install
	$(BIN)/celery -A clefdefrance worker -l info -Q default,reports,imports,mail

beat: install
	$(BIN)/celery -A clefdefrance beat -l info

# A folder under BACKUP_DIR (var/backups) with the database, the uploaded files and a manifest
# of row counts and checksums; see SECURITY.md for how often and where copies go.
backup: install
	$(BIN)/python manage.py backup

# make restore BACKUP=var/backups/20260101T020000Z: replaces the database and the uploaded
# files, then checks them against the manifest (asks first).
restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=<backup folder>"; exit 2; }
	$(BIN)/python manage.py restore "$(BACKUP)"

clean:
	rm -rf $(VENV) var
