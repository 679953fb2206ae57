# Comptoir — the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: run test lint bench setup messages static demo clean chromium pango pgbouncer

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e '.[test]'
	touch $@

messages: $(VENV)/.installed
	$(PY) manage.py comptoir_compilemessages

static: $(VENV)/.installed
	$(PY) manage.py collectstatic --noinput --verbosity 0

setup: $(VENV)/.installed messages static pango
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py comptoir_demo --if-empty

run: setup
	@$(PY) manage.py comptoir_demo --logins
	@echo "Comptoir : http://$(HOST):$(PORT)/ · emails envoyés : http://$(HOST):$(PORT)/dev/emails/ (Ctrl-C pour arrêter)"
	@# Ctrl-C reaches every process; granian kills a worker still busy after 5 s.
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py db_worker --interval 1 & \
	  $(PY) manage.py comptoir_scheduler & \
	  $(VENV)/bin/granian --interface wsgi --host $(HOST) --port $(PORT) \
	    --workers $(WORKERS) --blocking-threads 1 --workers-kill-timeout 5 --no-ws --access-log \
	    --log-level warning comptoir.wsgi:application

chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "Browser tests need Debian's chromium: run 'sudo apt-get install chromium'"; exit 1; fi

# WeasyPrint (the invoices' PDF) draws text with pango, a system library.
pango:
	@if /sbin/ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; \
	else echo "Invoice PDFs need Debian's pango: run 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0'"; exit 1; fi

# The PgBouncer test (core/tests/test_pgbouncer.py) starts a throwaway one in transaction mode.
pgbouncer:
	@if command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ]; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer; \
	else echo "The PgBouncer test needs Debian's pgbouncer: run 'sudo apt-get install pgbouncer'"; exit 1; fi

# DATABASE_URL set: the suite runs on that database (CI's server). Unset: on a throwaway
# PostgreSQL cluster that scripts/throwaway_postgres.sh starts and removes (as root it
# installs Debian's postgresql when missing), or on SQLite where no cluster can be had.
test: $(VENV)/.installed-test messages chromium pango pgbouncer
	@if [ -n "$$DATABASE_URL" ]; then $(PY) -m pytest -q $(PYTEST_ARGS); \
	else scripts/throwaway_postgres.sh $(PY) -m pytest -q $(PYTEST_ARGS); fi

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check comptoir tests conftest.py
	$(VENV)/bin/ruff format --check comptoir tests conftest.py
	$(VENV)/bin/mypy comptoir
	$(VENV)/bin/lint-imports

# A dedicated PostgreSQL database (created and migrated when missing), never the test one.
# The cache and sessions of a network-scale install: Redis when one answers on this machine
# (BENCH_REDIS_URL to choose another), else the database cache; the report says which.
bench: $(VENV)/.installed-test messages static
	@redis="$${BENCH_REDIS_URL:-}"; \
	if [ -z "$$redis" ] && $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 6379), 1)" 2>/dev/null; \
	then redis=redis://127.0.0.1:6379/15; fi; \
	REDIS_URL="$$redis" \
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/comptoir_bench} \
	  $(PY) manage.py comptoir_bench --prepare --output docs/benchmarks.md $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/staticfiles
