# Two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Two workers on CI's 2 cores; `make test PYTEST_ARGS=` runs in one process.
PYTEST_ARGS ?= -n auto
STAMP := $(VENV)/.installed

.PHONY: run test lint install demo migrate serve clean messages

$(STAMP): pyproject.toml setup.py $(wildcard src/madina/pb/*.[ch])
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Madina runs in production mode unless told otherwise; what `make` runs on this machine is development.
migrate demo run messages: export DEBUG ?= 1

migrate: $(STAMP)
	$(BIN)/madina migrate

demo: migrate
	$(BIN)/madina demo

# The background worker (caravan plans, e-mails) runs beside the server and stops with it.
run: demo
	@$(BIN)/madina db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/madina serve --port $(PORT)

# The whole suite on SQLite, then again on PostgreSQL when DATABASE_URL is set. The pure cores (tour, pb) never
# touch a database, so the PostgreSQL pass leaves their tests out instead of running them twice.
test: $(STAMP)
	DATABASE_URL= $(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$DATABASE_URL)"; \
		$(BIN)/python -m pytest -p no:cacheprovider --ignore=tests/pb --ignore=tests/tour $(PYTEST_ARGS); \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .

# Refresh the Arabic and English catalogues from the French msgids, then compile them (the .mo files are
# committed so that a fresh machine needs no gettext tools).
messages: $(STAMP)
	cd src/madina && ../../$(BIN)/madina makemessages -l ar -l en --no-location --no-obsolete \
		--ignore 'static/*' --ignore 'migrations/*'
	cd src/madina && ../../$(BIN)/madina compilemessages -l ar -l en

clean:
	rm -rf $(VENV) var build
	find src -name "*.so" -delete
