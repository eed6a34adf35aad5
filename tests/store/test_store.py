"""The store interface, on both engines, each a real server."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from jxkg.errors import QueryError, ReadOnlyViolationError, StoreUnavailableError
from jxkg.store import GraphStore, IndexKind, IndexSpec
from jxkg.store.falkordb_engine import FalkorDBStore
from jxkg.store.neo4j_engine import Neo4jStore
from tests.conftest import free_port

SCHEMA = [
    IndexSpec("Entity", ("id",), IndexKind.UNIQUE),
    IndexSpec("Entity", ("nameZh",), IndexKind.RANGE),
    IndexSpec("Entity", ("nameZh", "nameBigrams"), IndexKind.FULLTEXT),
]

MERGE_NODES = "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n += row.props"


def _seed(store: GraphStore) -> None:
    store.ensure_schema(SCHEMA)
    store.write(
        "CREATE (c:Entity:Place:ScienceCity {id: 'science-city:赣州稀金科创城', nameZh: '赣州稀金科创城', "
        "founded: date('2021-10-15'), aliases: ['稀金科创城'], area: 12.5, built: true}) "
        "CREATE (g:Entity:Place:PrefectureCity {id: '360700', nameZh: '赣州市'}) "
        "CREATE (c)-[:LOCATED_IN {source: 'plan'}]->(g)"
    )


def test_health_names_engine_version_and_reachability(store: GraphStore) -> None:
    health = store.health()
    assert health.reachable
    assert health.engine == store.engine
    major = health.version.split(".")[0]
    assert major.isdigit() and int(major) >= 4, health.version


def test_nodes_relationships_and_paths_come_back_as_the_same_plain_values(store: GraphStore) -> None:
    _seed(store)
    row = store.read(
        "MATCH p = (c:ScienceCity)-[r:LOCATED_IN]->(g) RETURN c, r, p, c.founded AS founded, "
        "{name: c.nameZh, codes: [g.id]} AS m, c.area AS area, c.built AS built, c.missing AS missing"
    )[0]
    city = {
        "id": "science-city:赣州稀金科创城",
        "labels": ["Entity", "Place", "ScienceCity"],
        "properties": {
            "id": "science-city:赣州稀金科创城",
            "nameZh": "赣州稀金科创城",
            "founded": dt.date(2021, 10, 15),
            "aliases": ["稀金科创城"],
            "area": 12.5,
            "built": True,
        },
    }
    prefecture = {
        "id": "360700",
        "labels": ["Entity", "Place", "PrefectureCity"],
        "properties": {"id": "360700", "nameZh": "赣州市"},
    }
    rel = {
        "id": "science-city:赣州稀金科创城-[LOCATED_IN]->360700",
        "type": "LOCATED_IN",
        "start": "science-city:赣州稀金科创城",
        "end": "360700",
        "properties": {"source": "plan"},
    }
    assert row["c"] == city
    assert row["r"] == rel
    assert row["p"] == {"nodes": [city, prefecture], "relationships": [rel]}
    assert row["founded"] == dt.date(2021, 10, 15)
    assert row["m"] == {"name": "赣州稀金科创城", "codes": ["360700"]}
    assert (row["area"], row["built"], row["missing"]) == (12.5, True, None)
    assert type(row["m"]) is dict


def test_a_relationship_returned_without_its_nodes_still_names_its_endpoints(store: GraphStore) -> None:
    _seed(store)
    rels = store.read("MATCH ()-[r]->() RETURN r")
    assert [(r["r"]["start"], r["r"]["end"]) for r in rels] == [("science-city:赣州稀金科创城", "360700")]


def test_batched_merge_is_idempotent_and_counts_what_it_did(store: GraphStore) -> None:
    store.ensure_schema(SCHEMA)
    rows: list[dict[str, Any]] = [{"id": f"n{i}", "props": {"nameZh": f"节点{i}", "rank": i}} for i in range(2500)]
    first = store.write_batch(MERGE_NODES, rows, batch_size=1000)
    assert first.counters.nodes_created == 2500
    second = store.write_batch(MERGE_NODES, rows, batch_size=1000)
    assert second.counters.nodes_created == 0
    assert store.read("MATCH (n:Entity) RETURN count(n) AS c")[0]["c"] == 2500
    assert store.read("MATCH (n:Entity {id: 'n2499'}) RETURN n.rank AS r")[0]["r"] == 2499


def test_batches_run_in_order_and_stop_at_the_first_that_fails(store: GraphStore) -> None:
    store.ensure_schema(SCHEMA)
    # each row links to the node of the row before it: a batch needs the batches before it committed
    chain = (
        "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) "
        "WITH n, row OPTIONAL MATCH (p:Entity {id: row.previous}) "
        "FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (n)-[:AFTER]->(p)) "
        "RETURN n.id AS id"
    )
    rows = ({"id": f"n{i}", "previous": f"n{i - 1}"} for i in range(30))  # a generator, read once
    result = store.write_batch(chain, rows, batch_size=4)
    assert [r["id"] for r in result.rows] == [f"n{i}" for i in range(30)]
    assert store.read("MATCH ()-[r:AFTER]->() RETURN count(r) AS c")[0]["c"] == 29

    failing = "UNWIND $rows AS row CREATE (:Entity {id: row.id})"  # the unique key refuses a second n5
    with pytest.raises(QueryError):
        store.write_batch(failing, [{"id": f"m{i}"} for i in range(8)] + [{"id": "n5"}] + [{"id": "z"}], batch_size=4)
    found = store.read("MATCH (n:Entity) WHERE n.id STARTS WITH 'm' OR n.id = 'z' RETURN n.id AS id")
    created = {r["id"] for r in found}
    assert created == {f"m{i}" for i in range(8)}  # the batches before the failing one, nothing after


def test_write_batches_gives_each_batchs_result_as_it_commits(store: GraphStore) -> None:
    store.ensure_schema(SCHEMA)
    query = "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) RETURN count(*) AS written, max(row.id) AS last"
    rows = [{"id": f"b{i:02d}"} for i in range(10)]
    seen = []
    for result in store.write_batches(query, rows, batch_size=4):
        seen.append((result.rows[0]["written"], result.rows[0]["last"], result.counters.nodes_created))
        # what the batches so far wrote is committed before the next result comes
        assert store.read("MATCH (n:Entity) RETURN count(n) AS c")[0]["c"] == sum(s[0] for s in seen)
    assert seen == [(4, "b03", 4), (4, "b07", 4), (2, "b09", 2)]
    with pytest.raises(ValueError, match="at least 1"):
        store.write_batches(query, rows, batch_size=0)


def test_write_batches_takes_the_rows_as_it_needs_them(store: GraphStore) -> None:
    # the writer makes its rows (content hashes and all) as they are asked for, so that work
    # overlaps the server's: the store asks for batch k+1 in another thread while batch k runs
    store.ensure_schema(SCHEMA)
    query = "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) RETURN count(*) AS written"
    made: list[int] = []  # the thread that made each row

    def rows() -> Iterator[dict[str, Any]]:
        for i in range(40):
            made.append(threading.get_ident())
            yield {"id": f"lazy{i:02d}"}

    for k, result in enumerate(store.write_batches(query, rows(), batch_size=4)):
        assert result.rows[0]["written"] == 4
        assert len(made) <= (k + 2) * 4, "no more than the next batch is made ahead"
    assert len(made) == 40 and threading.get_ident() not in made
    assert store.read("MATCH (n:Entity) WHERE n.id STARTS WITH 'lazy' RETURN count(n) AS c")[0]["c"] == 40


def test_parameter_text_is_stored_literally(store: GraphStore) -> None:
    store.ensure_schema(SCHEMA)
    awkward = ['"}) DETACH DELETE n //', "back\\slash \\", "it's", "`tick`", "多行\n文本\t", ""]
    rows = [{"id": f"t{i}", "props": {"nameZh": text}} for i, text in enumerate(awkward)]
    store.write_batch(MERGE_NODES, rows, batch_size=3)
    stored = {r["id"]: r["name"] for r in store.read("MATCH (n:Entity) RETURN n.id AS id, n.nameZh AS name")}
    assert stored == {f"t{i}": text for i, text in enumerate(awkward)}


def test_ensure_schema_twice_changes_nothing_and_enforces_the_key(store: GraphStore) -> None:
    assert set(store.ensure_schema(SCHEMA)) == set(SCHEMA)
    assert store.ensure_schema(SCHEMA) == []
    store.write("CREATE (:Entity {id: 'dup'})")
    with pytest.raises(QueryError):
        store.write("CREATE (:Entity {id: 'dup'})")
    assert store.read("MATCH (n:Entity {id: 'dup'}) RETURN count(n) AS c")[0]["c"] == 1


def test_widening_the_fulltext_index_replaces_it(store: GraphStore) -> None:
    store.ensure_schema([IndexSpec("Entity", ("nameZh",), IndexKind.FULLTEXT)])
    wider = IndexSpec("Entity", ("nameZh", "nameEn"), IndexKind.FULLTEXT)
    assert store.ensure_schema([wider]) == [wider]
    assert store.ensure_schema([wider]) == []


def test_stats_count_per_label_and_per_relationship_type(store: GraphStore) -> None:
    _seed(store)
    stats = store.stats()
    assert (stats.nodes, stats.relationships) == (2, 1)
    assert stats.labels == {"Entity": 2, "Place": 2, "PrefectureCity": 1, "ScienceCity": 1}
    assert stats.relationship_types == {"LOCATED_IN": 1}


def test_clear_deletes_everything_in_batches(store: GraphStore) -> None:
    store.ensure_schema(SCHEMA)
    store.write_batch(MERGE_NODES, [{"id": f"n{i}", "props": {}} for i in range(250)])
    assert store.clear(batch_size=100) == 250
    assert store.stats().nodes == 0


def test_a_syntax_error_carries_the_engine_message_and_the_query(store: GraphStore) -> None:
    with pytest.raises(QueryError) as caught:
        store.read("MATC (n) RETURN n")
    assert caught.value.query == "MATC (n) RETURN n"
    assert caught.value.engine == store.engine
    assert caught.value.engine_message
    assert store.engine in str(caught.value)


def test_a_read_may_not_write(store: GraphStore) -> None:
    with pytest.raises(ReadOnlyViolationError):
        store.read("CREATE (:Entity {id: 'sneaky'})")
    assert store.stats().nodes == 0


def test_two_threads_read_at_once(store: GraphStore) -> None:
    _seed(store)
    results: list[Any] = []
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            for _ in range(20):
                results.append(store.read("MATCH (n:ScienceCity) RETURN n.nameZh AS name")[0]["name"])
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == ["赣州稀金科创城"] * 40


@pytest.mark.parametrize("engine", ["falkordb", "neo4j"])
def test_an_unreachable_database_is_a_clear_error(engine: str) -> None:
    port = free_port()  # nothing listens there
    unreachable: GraphStore = (
        FalkorDBStore("127.0.0.1", port, "g") if engine == "falkordb" else Neo4jStore(f"bolt://127.0.0.1:{port}")
    )
    with unreachable:
        assert unreachable.health().reachable is False
        with pytest.raises(StoreUnavailableError) as caught:
            unreachable.read("RETURN 1 AS one")
    assert f"127.0.0.1:{port}" in str(caught.value)
    assert "database not reachable" in str(caught.value)


def _index_states(store: GraphStore) -> set[str]:
    if isinstance(store, FalkorDBStore):
        rows = store.read("CALL db.indexes() YIELD status RETURN status")
        rows += store.read("CALL db.constraints() YIELD status RETURN status")
    else:
        rows = store.read("SHOW INDEXES YIELD state RETURN state AS status")
    return {str(row["status"]) for row in rows}


def test_ensure_schema_returns_once_the_indexes_are_built(store: GraphStore) -> None:
    """FalkorDB builds an index or a constraint in the background after the command returns; a write
    in the meantime did not find existing nodes through it. So the store waits, as Neo4j's does."""
    store.write("UNWIND range(1, 100000) AS i CREATE (:Entity {id: 'n' + toString(i), nameZh: 'x' + toString(i)})")
    store.ensure_schema(SCHEMA)
    assert _index_states(store) == ({"OPERATIONAL"} if isinstance(store, FalkorDBStore) else {"ONLINE"})


def test_a_unique_key_the_data_breaks_is_an_error(store: GraphStore) -> None:
    store.write("CREATE (:Entity {id: 'twice'}), (:Entity {id: 'twice'})")
    with pytest.raises(QueryError, match="Entity"):
        store.ensure_schema([IndexSpec("Entity", ("id",), IndexKind.UNIQUE)])
