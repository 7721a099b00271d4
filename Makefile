# Two commands: `make run` (demo site on http://127.0.0.1:8000) and `make test` (whole suite).
# Both create the virtual environment and install the locked packages on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Where the platform is reached, for the links in e-mails and invitations: BASE_URL when
# given (environment or command line), else HOST and PORT; a server listening on every
# interface is reached from this machine at 127.0.0.1.
SITE_URL = $(patsubst %/,%,$(or $(BASE_URL),http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)))
PYTEST_ARGS ?=

.PHONY: run test venv install install-dev messages chromium ffmpeg nodejs icaljs lint worker beat makemessages

run: install messages ffmpeg
	$(BIN)/python manage.py migrate --noinput -v0
	BASE_URL="$(SITE_URL)" $(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo ""
	@echo "  The platform is starting on $(SITE_URL)/"
	@echo "  Programme:  $(SITE_URL)/programme/"
	@echo "  Admin:      $(SITE_URL)/admin/ (sign in with a demo account above)"
	@echo "  Stop with Ctrl+C."
	@echo ""
	BASE_URL="$(SITE_URL)" $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev messages chromium ffmpeg icaljs
	$(BIN)/python -m pytest --ds=config.settings.test $(PYTEST_ARGS)

# A usable environment has pip; a missing or half-made one (venv without ensurepip) is
# rebuilt, installing Debian's python3-venv first when Python's venv module cannot work.
venv:
	@if ! $(BIN)/python -m pip --version >/dev/null 2>&1; then \
		rm -rf $(VENV); \
		if ! ($(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip --version >/dev/null 2>&1); then \
			rm -rf $(VENV); \
			echo "Python's venv module is incomplete; installing Debian's python3-venv"; \
			apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
		fi; \
	fi

$(VENV)/.runtime-installed: requirements.lock | venv
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock | venv
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.runtime-installed

install: $(VENV)/.runtime-installed

install-dev: $(VENV)/.dev-installed

# Compiled catalogues (.mo) are build output, made from the committed .po files.
messages: install
	@$(BIN)/pybabel -q compile -d lms/locale -D django

# Browser tests drive Debian's Chromium; install it when it is missing and we may.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's chromium for the browser tests"; \
			(apt-get install -y -qq chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)); \
		elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
			sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "chromium is not installed and cannot be installed here: browser tests will be skipped"; \
		fi; \
	fi

# Uploaded recordings are processed with ffprobe and ffmpeg (length, poster, audio-only
# version); install Debian's ffmpeg when it is missing and we may.
ffmpeg:
	@if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's ffmpeg for processing recordings"; \
			(apt-get install -y -qq ffmpeg >/dev/null || (apt-get update -qq && apt-get install -y -qq ffmpeg >/dev/null)); \
		elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
			sudo apt-get update -qq && sudo apt-get install -y -qq ffmpeg >/dev/null; \
		else \
			echo "ffmpeg is not installed and cannot be installed here: uploaded recordings will fail processing and their tests will be skipped"; \
		fi; \
	fi

# The calendar tests read the files with ical.js (Thunderbird's and Nextcloud's parser) on
# Node.js; install Debian's nodejs and npm when they are missing and we may.
nodejs:
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's nodejs and npm for the calendar tests"; \
			(apt-get install -y -qq nodejs npm >/dev/null || (apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null)); \
		elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
			sudo apt-get update -qq && sudo apt-get install -y -qq nodejs npm >/dev/null; \
		else \
			echo "Node.js is not installed and cannot be installed here: the ical.js calendar tests will be skipped (CI fails them)"; \
		fi; \
	fi

# The locked ical.js, installed again whenever tests/js/package-lock.json changes.
icaljs: nodejs
	@if [ ! -f tests/js/node_modules/.installed ] || [ tests/js/package-lock.json -nt tests/js/node_modules/.installed ]; then \
		if command -v npm >/dev/null 2>&1; then \
			echo "Installing ical.js for the calendar tests"; \
			(cd tests/js && npm ci --no-audit --no-fund --loglevel=error) && touch tests/js/node_modules/.installed \
				|| echo "npm ci failed in tests/js: the ical.js calendar tests will be skipped (CI fails them)"; \
		else \
			echo "npm is not installed: the ical.js calendar tests will be skipped (CI fails them)"; \
		fi; \
	fi

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Needs GNU gettext (xgettext); only for people adding or changing strings.
makemessages: install
	$(BIN)/python manage.py makemessages -l es -l fr -l ru --ignore=.venv --ignore=staticfiles --no-obsolete

worker: install
	BASE_URL="$(SITE_URL)" $(BIN)/celery -A config worker --loglevel=INFO

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO
