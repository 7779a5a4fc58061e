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
INSTANTS ?= $(MONTH_START) $(LEAP_DAY) $(YEAR_END)

.PHONY: run test test-instants setup test-setup system system-test migrate seed lint format bench translations extract lock check-lock

run: setup migrate seed
	@echo "Serving on http://0.0.0.0:$(PORT)/ (Ctrl-C to stop)"
	exec $(BIN)/python scripts/serve.py --port $(PORT)

test: test-setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto --dist loadfile

# On SQLite only: what differs between backends is covered by the ordinary run. The features that
# count, cut or schedule by date run at the first half hour of a month (a day and a month apart
# from UTC); those that number or total by year run at New Year's Eve (a year apart too); those
# that add months and years to dates run on 29 February. The rest of the suite reads dates only
# through them. (Budget: `make test` plus this stays under 45 minutes on two cores;
# `make test-instants DATED_TESTS=tests YEAR_TESTS=tests LEAP_TESTS=tests` runs everything.)
MONTH_START ?= 2027-03-01T00:30:00+08:00
LEAP_DAY ?= 2028-02-29T12:00:00+08:00
YEAR_END ?= 2027-12-31T23:30:00+08:00
DATED_TESTS ?= tests/stats tests/dashboard tests/summaries tests/selfchecks tests/plans tests/tips \
  tests/inbox tests/findings tests/proceedings tests/penalties tests/records tests/test_demo_timeline.py \
  tests/test_certificate_rules.py tests/test_user_sessions.py
YEAR_TESTS ?= tests/stats tests/dashboard tests/summaries tests/plans tests/penalties \
  tests/inspections/test_issue.py tests/documents/test_every_kind.py tests/test_demo_timeline.py
LEAP_TESTS ?= tests/findings tests/stats tests/selfchecks tests/test_certificate_rules.py
test-instants: test-setup
	@for instant in $(INSTANTS); do \
	  case "$$instant" in \
	    "$(LEAP_DAY)") paths="$(LEAP_TESTS)";; \
	    "$(YEAR_END)") paths="$(YEAR_TESTS)";; \
	    *) paths="$(DATED_TESTS)";; \
	  esac; \
	  echo "== $$paths at $$instant (no browser)"; \
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

# Installs come from the lock files only, every file checked against its hash.
$(VENV)/.runtime: requirements.lock | $(VENV)/bin/python check-lock
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock requirements.lock | $(VENV)/bin/python check-lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.runtime

# requirements.txt and requirements-dev.txt are what people edit (direct dependencies, pinned);
# `make lock` resolves them into requirements.lock and requirements-dev.lock: every package,
# transitive ones too, pinned with the SHA-256 of each of its files. It keeps versions already
# locked; `make lock UPGRADE=1` re-resolves everything. pip-tools runs from its own venv.
LOCK_VENV := .make/lock-venv
PIP_TOOLS := pip-tools==7.7.0
PIP_COMPILE = $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
  --strip-extras --no-emit-index-url --no-emit-find-links --annotation-style=line \
  $(if $(UPGRADE),--upgrade)

lock: $(LOCK_VENV)/.$(PIP_TOOLS)
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --constraint requirements.lock --output-file requirements-dev.lock \
	  requirements-dev.txt

$(LOCK_VENV)/.$(PIP_TOOLS):
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet '$(PIP_TOOLS)'
	touch '$@'

# Each lock holds every pin of its input: an edit to requirements*.txt needs `make lock`.
check-lock:
	@$(PYTHON) scripts/check-lock.py requirements.txt:requirements.lock \
	  requirements-dev.txt:requirements-dev.lock

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
