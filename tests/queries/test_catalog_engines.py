"""Every catalog question runs on both engines, and both engines give the same rows, row by row.

`curated_store` (tests/conftest.py) runs each question on one engine at a time. The comparison needs
both at once, so this module loads the curated data a second time into a pair of stores of its own
(`engine_pair`): a fresh FalkorDB graph and the Neo4j database, and compares every question's answers
(its example, and its defaults where it has no required parameter) value for value: same columns, same
rows in the same order, same types (an integer is not a float, a list keeps its order).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from jxkg.ingest.pipeline import load_curated
from jxkg.ingest.read.curated import default_curated_dir
from jxkg.queries import Answer, NamedQuery, load_catalog, run_named
from jxkg.store import GraphStore
from jxkg.store.falkordb_engine import FalkorDBStore
from jxkg.store.falkordb_server import EmbeddedFalkorDB
from jxkg.store.neo4j_engine import Neo4jStore
from tests.conftest import Neo4jEndpoint, _drop_neo4j_schema

CATALOG = load_catalog()
NAMES = CATALOG.names()
_COLUMN = re.compile(r"^[a-z][A-Za-z0-9]*$")


def _runs(query: NamedQuery) -> list[tuple[str, dict[str, Any]]]:
    """The parameter sets a question is run with: its example, and its defaults when it can run on them."""
    runs = [("example", dict(query.example))]
    if not any(p.required for p in query.parameters) and query.example:
        runs.append(("defaults", {}))
    return runs


def _plain(value: Any, where: str) -> None:
    """Plain values only: no node, relationship or path objects leak out of a catalog answer."""
    if isinstance(value, dict):
        # the store's plain forms of a node, a relationship and a path (jxkg.store.values)
        assert set(value) != {"id", "labels", "properties"}, f"{where}: a node was returned"
        assert set(value) != {"id", "type", "start", "end", "properties"}, f"{where}: a relationship was returned"
        assert set(value) != {"nodes", "relationships"}, f"{where}: a path was returned"
        for key, item in value.items():
            _plain(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _plain(item, f"{where}[{index}]")
    else:
        assert value is None or isinstance(value, str | int | float | bool), f"{where}: {type(value)}"


@pytest.mark.parametrize("name", NAMES)
def test_every_question_runs(curated_store: GraphStore, name: str) -> None:
    query = CATALOG.get(name)
    for label, given in _runs(query):
        answer = run_named(curated_store, query, given)
        assert not answer.truncated
        assert answer.columns, f"{name} ({label}) names its columns"
        assert all(_COLUMN.match(column) for column in answer.columns), answer.columns
        for number, row in enumerate(answer.rows):
            assert list(row) == answer.columns
            _plain(row, f"{name} ({label}) row {number}")


def test_the_examples_find_something(curated_store: GraphStore) -> None:
    """Each example is chosen to show the question at work on the curated data, not an empty answer."""
    empty = [q.name for q in CATALOG if not run_named(curated_store, q, q.example).rows]
    assert empty == []


# --- the two engines side by side ------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine_pair(request: pytest.FixtureRequest) -> Iterator[dict[str, GraphStore]]:
    """The curated data on both engines at once (Neo4j skipped with its reason where it is unavailable)."""
    server: EmbeddedFalkorDB = request.getfixturevalue("falkordb_server")
    endpoint: Neo4jEndpoint = request.getfixturevalue("neo4j_endpoint")
    graph = f"pair_{uuid.uuid4().hex[:12]}"
    with (
        FalkorDBStore(server.host, server.port, graph) as falkor,
        Neo4jStore(endpoint.uri, user=endpoint.user, password=endpoint.password) as neo,
    ):
        neo.clear()
        _drop_neo4j_schema(neo)
        for store in (falkor, neo):
            report = load_curated(store, default_curated_dir())
            assert report.problems == [], report.problems
        try:
            yield {"falkordb": falkor, "neo4j": neo}
        finally:
            falkor._graph.delete()


def _canonical(answer: Answer) -> list[str]:
    """Each row as JSON that keeps what a client sees: types (1 vs 1.0), list order, every key."""
    return [json.dumps(row, ensure_ascii=False, sort_keys=True) for row in answer.rows]


@pytest.mark.parametrize("name", NAMES)
def test_both_engines_give_the_same_rows(engine_pair: dict[str, GraphStore], name: str) -> None:
    query = CATALOG.get(name)
    for label, given in _runs(query):
        answers = {engine: run_named(store, query, given) for engine, store in engine_pair.items()}
        falkor, neo = answers["falkordb"], answers["neo4j"]
        assert falkor.columns == neo.columns, f"{name} ({label})"
        assert len(falkor.rows) == len(neo.rows), f"{name} ({label}): row counts differ"
        for number, (a, b) in enumerate(zip(_canonical(falkor), _canonical(neo), strict=True)):
            assert a == b, f"{name} ({label}) row {number} differs:\nfalkordb: {a}\nneo4j:    {b}"


def test_the_comparison_sees_a_difference(engine_pair: dict[str, GraphStore]) -> None:
    """The comparison is strict: an integer and a float of the same value are different answers."""
    falkor = engine_pair["falkordb"].read_result("RETURN 1 AS n")
    floaty = engine_pair["neo4j"].read_result("RETURN 1.0 AS n")
    as_answer = [Answer(r.columns, r.rows, r.truncated, None, 0.0, {}) for r in (falkor, floaty)]
    assert _canonical(as_answer[0]) != _canonical(as_answer[1])
