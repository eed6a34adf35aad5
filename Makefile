# The two commands a newcomer needs: `make demo` and `make test`. Both build .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# a stamp, so the environment is rebuilt only when pyproject.toml changes
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit neo4j docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## start the embedded database, load the curated data, serve the API on 127.0.0.1:8000
	$(BIN)/jxkg demo

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
unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile

neo4j: $(STAMP)  ## run the Neo4j 5 test server in the foreground (Java 17 + Maven)
	$(BIN)/python tests/neo4j_server.py --port $${NEO4J_PORT:-7687} --data .jxkg/neo4j

docs: $(STAMP)  ## regenerate what is derived: docs/ontology.md, shapes/ontology-shapes.ttl, docs/queries.md
	$(BIN)/python -m jxkg.ontology.docs --out docs/ontology.md
	$(BIN)/python -m jxkg.shapes.generate
	$(BIN)/python -m jxkg.queries.docs --out docs/queries.md

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache tests/neo4j/target
