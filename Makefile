# Two commands: `make run` (set up, migrate, load demo data, serve) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PO := $(wildcard inspect_app/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)

# Instants where calendars trip code up (TEST_NOW): the first half hour of a month in Shanghai
# (still the previous day in UTC), 29 February of a leap year, New Year's Eve at 23:30 Shanghai.
INSTANTS ?= 2027-03-01T00:30:00+08:00 2028-02-29T12:00:00+08:00 2027-12-31T23:30:00+08:00

.PHONY: run test test-instants setup test-setup system system-test migrate seed lint format bench translations extract

run: setup migrate seed
	@echo "Serving on http://0.0.0.0:$(PORT)/ (Ctrl-C to stop)"
	exec $(BIN)/python scripts/serve.py --port $(PORT)

test: test-setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto --dist loadfile

# On SQLite only: what differs between backends is covered by the ordinary run. The whole suite
# (without browsers) at New Year's Eve, which crosses a day, a month and a year between Shanghai
# and UTC; the features that count, cut or schedule by date at the other two instants.
INSTANT_FULL ?= 2027-12-31T23:30:00+08:00
DATED_TESTS := tests/stats tests/dashboard tests/proceedings tests/documents tests/findings \
  tests/plans tests/tips tests/inbox tests/selfchecks tests/penalties tests/public tests/records \
  tests/casefile tests/dossier tests/referrals tests/spotchecks tests/catalogs tests/inspections \
  tests/test_demo_timeline.py tests/test_certificate_rules.py tests/test_user_sessions.py
test-instants: test-setup
	@for instant in $(INSTANTS); do \
	  if [ "$$instant" = "$(INSTANT_FULL)" ]; then what="the suite"; paths=; \
	  else what="the dated features"; paths="$(DATED_TESTS)"; fi; \
	  echo "== $$what without browser tests at $$instant"; \
	  TEST_NOW=$$instant TEST_DATABASE_URL= $(BIN)/pytest -q -n auto --dist loadfile \
	    -m "not browser and not walker" $$paths || exit 1; \
	done

setup: system $(VENV)/.runtime instance/config.py translations
test-setup: system-test $(VENV)/.dev translations

system:
	@scripts/system-deps.sh run
system-test:
	@scripts/system-deps.sh test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

instance/config.py:
	$(BIN)/python scripts/instance-config.py $@

translations: $(MO)
%.mo: %.po
	$(BIN)/pybabel compile --statistics -i $< -o $@

migrate:
	$(FLASK) db upgrade

seed:
	@$(FLASK) seed-demo

extract:
	PYTHONPATH=. $(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o inspect_app/translations/messages.pot --no-location --sort-output --no-wrap .
	$(BIN)/pybabel update -i inspect_app/translations/messages.pot -d inspect_app/translations --no-fuzzy-matching --ignore-obsolete --no-wrap

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: test-setup
	$(BIN)/python bench/run.py
