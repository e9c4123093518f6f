# The campus's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The address the demo's credentials, DIDs and e-mail links name: CAMPUS_PUBLIC_URL when it
# is set (in the environment or on the command line), otherwise where `make demo` serves the
# campus (a server listening on every interface is reached at 127.0.0.1 on this machine).
PUBLIC_HOST = $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))
DEMO_PUBLIC_URL = $(or $(CAMPUS_PUBLIC_URL),http://$(PUBLIC_HOST):$(PORT))

.PHONY: demo test install install-dev lock lint layers migrations-check browser messages openapi clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs come from the lock files (exact versions, checked against their hashes), then the
# campus itself without resolving anything again; reinstall only when the lock changes, so a
# second `make demo` is quick.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@

# After changing the dependencies in pyproject.toml: pin them (and everything they pull in)
# with hashes, for Python 3.11 on every platform. Commit both lock files.
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --no-emit-index-url --custom-compile-command "make lock" --quiet
lock: | $(BIN)/activate
	$(PY) -m pip install --quiet 'uv>=0.13,<0.14'
	$(UV_COMPILE) -o requirements.lock
	$(UV_COMPILE) --extra dev -o requirements-dev.lock

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	@mkdir -p var
	$(PY) manage.py migrate --no-input -v 0
	CAMPUS_PUBLIC_URL='$(DEMO_PUBLIC_URL)' $(PY) manage.py seed_demo
	@CAMPUS_PUBLIC_URL='$(DEMO_PUBLIC_URL)' $(PY) manage.py demo_logins --url http://$(PUBLIC_HOST):$(PORT)
	@# A worker runs the background tasks beside the server; Ctrl-C (or the server ending)
	@# stops both: the trap sends the worker SIGTERM, and it finishes its task first.
	@export CAMPUS_PUBLIC_URL='$(DEMO_PUBLIC_URL)'; \
	$(PY) manage.py db_worker --no-reload -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium drives the browser tests; Playwright may not download its own.
browser:
	@test -x /usr/bin/chromium || (apt-get update -q && apt-get install -y -q chromium)

lint: install-dev
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

# The app order and the pure engines' independence (pyproject.toml, decision 0007).
layers: install-dev
	$(BIN)/lint-imports

migrations-check: install-dev
	@mkdir -p var
	$(PY) manage.py makemigrations --check --dry-run

test: install-dev browser lint layers migrations-check
	$(BIN)/pytest -q -n auto

messages: install-dev
	cd src/campus && ../../$(PY) ../../manage.py makemessages $(foreach l,nl da pt de sv fi lt cs,-l $(l)) --no-obsolete --no-location
	cd src/campus && ../../$(PY) ../../manage.py compilemessages --ignore '*/site-packages/*'


# Regenerate the reviewed OpenAPI snapshot after an intentional API change.
openapi: install
	$(PY) manage.py export_openapi_schema --api campus.api.api --indent 2 --sorted --output docs/api/openapi.json

clean:
	rm -rf $(VENV) var
