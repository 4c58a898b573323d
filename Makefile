# Sorong ASN — two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

# The first interpreter >= 3.12 that actually runs (pyenv shims exist even when they cannot run).
PYTHON_CANDIDATES := python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) python3
BASE_PYTHON := $(shell for p in $(PYTHON_CANDIDATES); do \
	if $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then echo $$p; break; fi; done)

.PHONY: run test lint worker beat pdf-worker migrate seed install bench load backup restore clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@if [ -z "$(BASE_PYTHON)" ]; then \
		echo "Python 3.12 atau lebih baru tidak ditemukan. Pasang python3.12/python3.13 (mis. apt-get install python3.13 atau pyenv install 3.13) lalu ulangi."; \
		exit 1; fi
	@test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput

seed: migrate
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo --if-empty

run: seed
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(VENV)/bin/ruff check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

worker: install
	$(VENV)/bin/celery -A sorong_asn worker -l info -Q celery

pdf-worker: install
	$(VENV)/bin/celery -A sorong_asn worker -l info -Q pdf --concurrency=1 --max-tasks-per-child=1

beat: install
	$(VENV)/bin/celery -A sorong_asn beat -l info

bench: install
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to an empty PostgreSQL benchmark database."; exit 1; }
	for f in $(filter-out bench/load.py bench/locustfile.py bench/main_pages.py,$(wildcard bench/*.py)); do $(PY) $$f; done

$(VENV)/.installed-bench: $(VENV)/.installed requirements-bench.txt
	$(PIP) install -q -r requirements-bench.txt
	@touch $@

# Load test (docs/deploy.md): a local gunicorn on PostgreSQL with 6,000 employees, about 8 minutes.
load: $(VENV)/.installed-bench
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to a PostgreSQL database of its own (seeded on first run) and REDIS_URL."; exit 1; }
	$(PY) bench/load.py

# Database (pg_dump) + media files (or the bucket's listing) + row counts, in backups/ (docs/deploy.md).
backup: install
	$(PY) ops/backup.py backup

restore: install
	@test -n "$(FILE)" || { echo "Pakai: make restore FILE=backups/sorong-asn-YYYYmmdd-HHMMSS.tar"; exit 1; }
	$(PY) ops/backup.py restore "$(FILE)"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
