# Two entry points that do all the set-up on a fresh machine:
#   make run   - create .venv, install zibot (runtime dependencies only), migrate, and start the bot
#                (needs TELEGRAM_BOT_TOKEN)
#   make test  - create .venv, install zibot with dev tools, lint, and run the tests on SQLite, and on
#                PostgreSQL at the same time when ZIBOT_TEST_DATABASE_URL is set (.ci/run sets it)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: the runtime install (make run) and the dev tools on top of it (make test and the rest).
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench

$(RUNTIME): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(RUNTIME)
	$(BIN)/zibot run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# With PostgreSQL, both engines run at once (its output follows SQLite's): most of the suite waits on
# fake servers and child processes, not on the CPU, and one after the other came near CI's 15 minutes.
test: lint
	@if [ -z "$$ZIBOT_TEST_DATABASE_URL" ]; then exec $(BIN)/python -m pytest -q; fi; \
	log=$$(mktemp); \
	ZIBOT_TEST_ENGINE=postgresql $(BIN)/python -m pytest -q -p no:cacheprovider > $$log 2>&1 & postgresql=$$!; \
	$(BIN)/python -m pytest -q; sqlite=$$?; \
	wait $$postgresql; pg_status=$$?; \
	echo "== on PostgreSQL ($$ZIBOT_TEST_DATABASE_URL)"; cat $$log; rm -f $$log; \
	[ $$sqlite -eq 0 ] && [ $$pg_status -eq 0 ]

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.fanout
	$(BIN)/python -m bench.updates
