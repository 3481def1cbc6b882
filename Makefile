# NetzLernen: `make run` installs and serves the app with demo content; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
LANGS := de en ar fa tr uk ru

.PHONY: run test test-postgres serve install install-dev translations messages check-courses clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

translations: $(VENV)/.runtime
	$(BIN)/pybabel -q compile -d translations

run: install translations
	$(FLASK) db upgrade
	$(FLASK) demo load
	@echo "NetzLernen runs at http://$(HOST):$(PORT)  (stop with Ctrl+C)"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-dev translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The whole suite against a throw-away PostgreSQL server (Debian's postgresql package).
test-postgres: install-dev translations
	.ci/with-postgres $(BIN)/python -m pytest $(PYTEST_ARGS)

# Production-like: gunicorn with gunicorn.conf.py (see README, "Running in production").
serve: install translations
	$(FLASK) db upgrade
	$(BIN)/gunicorn -c gunicorn.conf.py app:app

# For developers: collect the message ids from code and templates and update every catalogue.
messages: $(VENV)/.runtime
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -o translations/messages.pot --no-location --omit-header --no-wrap netzlernen templates
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete --no-wrap

check-courses: install
	$(FLASK) courses check

clean:
	rm -rf $(VENV) instance
