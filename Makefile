# The two commands a newcomer needs: `make demo` and `make test`. Both build .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# a stamp, so the environment is rebuilt only when pyproject.toml changes
STAMP := $(VENV)/.installed

# The browser pages' assets: built from web/ (npm ci: the exact packages of package-lock.json,
# then esbuild) into jxkg/graph_api/static, again whenever a source or the lock changes.
WEB_STAMP := jxkg/graph_api/static/.built
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/build.mjs web/package.json web/package-lock.json
# Debian's chromium (and a CJK font, so screenshots show the Chinese names) for the browser tests
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint typecheck unit neo4j docs clean web browser bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP) $(WEB_STAMP)  ## start the embedded database, load the curated data, serve the API and the explorer on 127.0.0.1:8000
	$(BIN)/jxkg demo

web: $(WEB_STAMP)  ## build the explorer's, the query page's and the docs' assets (Node.js and npm)

$(WEB_STAMP): $(WEB_SOURCES)
	cd web && npm ci --ignore-scripts --no-audit --no-fund
	cd web && node build.mjs

browser:  ## install Debian's chromium for the browser tests, unless it is there
	@test -x $(CHROMIUM) && fc-list :lang=zh 2>/dev/null | grep -q . || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei; }

test: lint typecheck unit  ## ruff, mypy, import contracts and the whole pytest suite

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m jxkg.ontology.docs --check --out docs/ontology.md
	$(BIN)/python -m jxkg.shapes.generate --check
	$(BIN)/python -m jxkg.queries.docs --check --out docs/queries.md

typecheck: $(STAMP)
	$(BIN)/mypy
	$(BIN)/lint-imports

# two workers (this machine has two cores), each a whole test file at a time, each with its own
# FalkorDB and Neo4j test servers: about 5.5 minutes instead of 9-11
unit: $(STAMP) $(WEB_STAMP) browser
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=20

neo4j: $(STAMP)  ## run the Neo4j 5 test server in the foreground (Java 17 + Maven)
	$(BIN)/python tests/neo4j_server.py --port $${NEO4J_PORT:-7687} --data .jxkg/neo4j

# issue 16's ingest figures in one run (docs/benchmarks.md): scales 0.1, 1 and 3 take about two hours
# here; e.g. `make bench BENCH_ARGS="--scales 0.1 --peer"` for a quick one
BENCH_ARGS ?= --scales 0.1,1,3 --engines falkordb,neo4j --peer --json build/ingest-bench.json --markdown build/ingest-bench.md
bench: $(STAMP)  ## the ingest benchmark (benchmarks/ingest_bench.py), with rdflib-neo4j installed for the peer
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	mkdir -p build
	$(BIN)/python benchmarks/ingest_bench.py $(BENCH_ARGS)

docs: $(STAMP)  ## regenerate what is derived: docs/ontology.md, jxkg/shapes/ontology-shapes.ttl, docs/queries.md
	$(BIN)/python -m jxkg.ontology.docs --out docs/ontology.md
	$(BIN)/python -m jxkg.shapes.generate
	$(BIN)/python -m jxkg.queries.docs --out docs/queries.md

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache tests/neo4j/target jxkg/graph_api/static web/node_modules
