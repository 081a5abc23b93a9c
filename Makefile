# Netra: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
NETRA := $(BIN)/netra
# Two pytest-xdist workers (each with its own test database); PYTEST_WORKERS=0 runs serially.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=

.PHONY: run test install install-browser install-proxy lint format migrations-check messages bench serve demo clean restore-drill faults

$(BIN)/python:
	command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	uv venv --quiet --python 3.11 $(VENV)

install: $(BIN)/python
	uv sync --quiet --frozen
	$(MAKE) --no-print-directory messages

# Debian's chromium for the Playwright browser tests (never `playwright install`), and the DejaVu
# fonts WeasyPrint renders letters and certificates with.
install-browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing Debian packages:$$missing (sudo apt-get install$$missing)" >&2; exit 1; \
	  fi; \
	fi

# Debian's nginx for `make faults`, which runs the application as production does: gunicorn
# (deploy/gunicorn.conf.py) behind nginx (deploy/nginx/netra.conf). Not needed by `make test`.
install-proxy:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null \
	      || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else \
	    echo "missing Debian package: nginx (sudo apt-get install nginx-light)" >&2; exit 1; \
	  fi; \
	fi

messages: $(BIN)/python
	@if command -v msgfmt >/dev/null 2>&1; then \
	  (cd src/netra && ../../$(NETRA) compilemessages --verbosity 0 --ignore '.venv'); \
	fi

run: install
	$(NETRA) migrate --no-input
	$(NETRA) load-reference
	$(NETRA) collectstatic --no-input --verbosity 0
	$(NETRA) demo --if-empty
	$(MAKE) --no-print-directory serve

# Web server, Celery worker and beat in one terminal; Ctrl-C stops all three.
serve:
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/celery -A netra worker --beat --loglevel=warning --concurrency=1 & \
	$(NETRA) runserver 127.0.0.1:8000

test: install install-browser
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	NETRA_VAR_DIR=$$(mktemp -d) $(NETRA) makemigrations --check --dry-run

bench: install
	$(BIN)/python -m bench

# Backup, restore into a fresh PostgreSQL database and var dir, compare, verify (minutes; part of
# `make faults`). RESTORE_DRILL_ARGS="--engine sqlite --cases 200" for a quick local run.
restore-drill: install
	$(BIN)/python scripts/restore_drill.py $(RESTORE_DRILL_ARGS)

# Fault tests T1-T22 (docs/reliability.md): need PostgreSQL (NETRA_FAULTS_PG, default the local
# postgres superuser) and nginx, and take minutes; databases netra_faults_* are created and dropped.
faults: install install-proxy
	NETRA_FAULTS_RUN=1 $(BIN)/pytest -p no:cacheprovider -n 0 -s -q -rs tests/faults $(FAULTS_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
