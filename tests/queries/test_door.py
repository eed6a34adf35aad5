"""The read-only door (`run_read_only`, behind `jxkg cypher` and `POST /api/v1/cypher`) on both engines.

Every form of write or admin below is refused with a project error (a 4xx in the API) and the
graph is left exactly as it was; the analyst's mistakes come back as errors they can act on.
"""

from __future__ import annotations

import uuid

import pytest

from jxkg.errors import (
    EngineReplyError,
    JxkgError,
    ParameterError,
    QueryError,
    QueryTextLimitError,
    QueryTimeoutError,
    ReadOnlyViolationError,
    UnknownNameError,
)
from jxkg.ingest.pipeline import load_curated
from jxkg.ingest.read.curated import default_curated_dir
from jxkg.ontology.schema import load_schema
from jxkg.queries import run_read_only
from jxkg.queries.names import names_used, parameters_used
from jxkg.store import GraphStore, open_store
from jxkg.store.cypher_tokens import TextLimits, check_text
from jxkg.store.falkordb_engine import FalkorDBStore
from jxkg.store.falkordb_server import EmbeddedFalkorDB
from jxkg.store.readonly import check_read_only
from tests.conftest import settings_for

SCHEMA = load_schema()

WRITES_AND_ADMIN = {
    "create": "CREATE (n:Entity {id: 'door-test'})",
    "merge": "MERGE (n:Entity {id: 'door-test'})",
    "set": "MATCH (n:Entity {id: '360700'}) SET n.nameZh = 'x'",
    "set-backtick": "MATCH (n:Entity {id: '360700'}) SET n.`nameZh` = 'x'",
    "delete": "MATCH (n:Entity {id: '360700'}) DELETE n",
    "detach-delete": "MATCH (n:Entity {id: '360700'}) DETACH DELETE n",
    "remove": "MATCH (n:Entity {id: '360700'}) REMOVE n.nameEn",
    "lowercase": "match (n:Entity {id: '360700'}) set n.nameEn = 'x'",
    "foreach": "FOREACH (x IN [1] | CREATE (:Entity {id: 'door-test'}))",
    "unwind-merge": "UNWIND [1, 2] AS x MERGE (:Entity {id: 'door-test'})",
    "subquery-write": "MATCH (n:Entity {id: '360700'}) CALL { WITH n SET n.note = 'x' } RETURN n.id",
    "create-index": "CREATE INDEX FOR (n:Entity) ON (n.note)",
    "drop-index": "DROP INDEX ON :Entity(nameZh)",
    "load-csv": "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "load-csv-after-match": "MATCH (n:Entity) WITH n LIMIT 1 LOAD CSV FROM 'file:///etc/hosts' AS r RETURN r",
    "fulltext-drop": "CALL db.idx.fulltext.drop('Entity')",
    "fulltext-create": "CALL db.idx.fulltext.createNodeIndex('Entity', 'note')",
    "admin-procedure": "CALL dbms.killQueries(['query-1'])",
    "string-built": "WITH 'CREATE (:Entity {id: 1})' AS q CALL apoc.cypher.doIt(q, {}) YIELD value RETURN value",
    "two-statements": "MATCH (n:Entity) RETURN count(n); CREATE (:Entity {id: 'door-test'})",
    "after-line-comment": "// only a look\nCREATE (:Entity {id: 'door-test'})",
    "after-block-comment": "/* read */ MERGE (:Entity {id: 'door-test'})",
    "fullwidth-letters": "ＣＲＥＡＴＥ (:Entity {id: 'door-test'})",
    "greek-epsilon": "CR\u0395ATE (:Entity {id: 'door-test'})",
    "zero-width-space": "CRE\u200bATE (:Entity {id: 'door-test'})",
}


def _snapshot(store: GraphStore) -> tuple[int, int, list[str]]:
    stats = store.stats()
    names = [
        r["v"]
        for r in store.read("MATCH (n:Entity {id: '360700'}) RETURN n.nameZh + '|' + coalesce(n.nameEn, '') AS v")
    ]
    return stats.nodes, stats.relationships, names


@pytest.mark.parametrize("form", sorted(WRITES_AND_ADMIN))
def test_every_write_or_admin_form_is_refused_and_the_graph_unchanged(curated_store: GraphStore, form: str) -> None:
    before = _snapshot(curated_store)
    with pytest.raises(JxkgError) as caught:
        run_read_only(curated_store, SCHEMA, WRITES_AND_ADMIN[form])
    # refused by the door's own checks or by the engine's read-only transaction; never a success
    assert isinstance(caught.value, ReadOnlyViolationError | QueryError), type(caught.value)
    assert _snapshot(curated_store) == before


def test_the_engine_itself_refuses_a_write_in_a_read_transaction(curated_store: GraphStore) -> None:
    """The guard that does not depend on our text checks: a read transaction cannot write."""
    before = _snapshot(curated_store)
    with pytest.raises(ReadOnlyViolationError):
        curated_store.read_result("CREATE (:Entity {id: 'door-test'})")
    assert _snapshot(curated_store) == before


def test_reads_pass_with_text_parameters(curated_store: GraphStore) -> None:
    answer = run_read_only(
        curated_store, SCHEMA, "MATCH (n:Entity {id: $id}) RETURN n.nameZh AS name", {"id": "360700"}
    )
    assert answer.columns == ["name"]
    assert answer.rows == [{"name": "赣州市"}]
    assert answer.truncated is False


def test_columns_are_known_even_without_rows(curated_store: GraphStore) -> None:
    answer = run_read_only(
        curated_store, SCHEMA, "MATCH (n:ScienceCity {id: 'none'}) RETURN n.id AS id, n.nameZh AS name"
    )
    assert (answer.columns, answer.rows) == (["id", "name"], [])


def test_the_row_cap_keeps_the_first_rows_and_says_so(curated_store: GraphStore) -> None:
    answer = run_read_only(curated_store, SCHEMA, "MATCH (n:ScienceCity) RETURN n.id AS id ORDER BY id", row_limit=3)
    assert len(answer.rows) == 3 and answer.truncated is True
    everything = run_read_only(curated_store, SCHEMA, "MATCH (n:ScienceCity) RETURN n.id AS id ORDER BY id")
    assert answer.rows == everything.rows[:3] and everything.truncated is False


def test_an_unknown_label_names_the_nearest_ones(curated_store: GraphStore) -> None:
    with pytest.raises(UnknownNameError) as caught:
        run_read_only(curated_store, SCHEMA, "MATCH (c:Sciencecity) RETURN count(c)")
    assert "ScienceCity" in caught.value.suggestions


@pytest.mark.parametrize(
    ("query", "kind", "nearest"),
    [
        ("MATCH (a)-[:LOCATED_INN]->(b) RETURN a", "relationship type", "LOCATED_IN"),
        ("MATCH (a:ScienceCity) RETURN a.namezh", "property", "nameZh"),
        ("MATCH (a:ScienceCity {nameZhh: 'x'}) RETURN a", "property", "nameZh"),
        ("MATCH (a)-[:FOCUSES_ON|SUPORTS_CHAIN]->(b) RETURN a", "relationship type", "SUPPORTS_CHAIN"),
        ("MATCH (a) WHERE a:Laboratry RETURN a", "label", "Laboratory"),
    ],
)
def test_unknown_names_of_every_kind(curated_store: GraphStore, query: str, kind: str, nearest: str) -> None:
    with pytest.raises(UnknownNameError) as caught:
        run_read_only(curated_store, SCHEMA, query)
    assert caught.value.kind == kind
    assert nearest in caught.value.suggestions


def test_names_inside_strings_and_map_keys_are_not_taken_for_labels(curated_store: GraphStore) -> None:
    answer = run_read_only(
        curated_store,
        SCHEMA,
        "MATCH (c:ScienceCity {id: $id}) RETURN {city: c.nameZh, label: 'x:Nothing'} AS m, c{.id, .nameEn} AS p",
        {"id": "science-city:赣州稀金科创城"},
    )
    assert answer.rows[0]["m"] == {"city": "赣州稀金科创城", "label": "x:Nothing"}


def test_maps_in_function_calls_are_not_node_patterns(curated_store: GraphStore) -> None:
    """`collect({class: ...})` is a map, not a node with properties: `class` is not checked as a property."""
    answer = run_read_only(
        curated_store,
        SCHEMA,
        "MATCH (c:ScienceCity) WITH c ORDER BY c.id RETURN collect({class: 'ScienceCity', id: c.id})[0] AS first, "
        "count(DISTINCT {kind: 'x'}) AS kinds",
    )
    assert answer.rows == [{"first": {"class": "ScienceCity", "id": "science-city:上饶大数据科创城"}, "kinds": 1}]


def test_a_missing_parameter_is_named(curated_store: GraphStore) -> None:
    with pytest.raises(ParameterError) as caught:
        run_read_only(curated_store, SCHEMA, "MATCH (n:Entity {id: $id}) WHERE n.year > $since RETURN n", {"id": "x"})
    assert caught.value.parameter == "since"
    assert "$since" in str(caught.value)


def test_a_timeout_names_the_limit_and_the_setting(curated_store: GraphStore) -> None:
    with (
        open_store(settings_for(curated_store, JXKG_QUERY_TIMEOUT=0.05)) as slow,
        pytest.raises(QueryTimeoutError) as caught,
    ):
        run_read_only(slow, SCHEMA, "UNWIND range(1, 50000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS c")
    assert "JXKG_QUERY_TIMEOUT" in str(caught.value)
    assert "0.05" in str(caught.value)


def test_a_reply_the_engine_garbles_is_a_clear_error(
    curated_store: GraphStore, falkordb_server: EmbeddedFalkorDB
) -> None:
    """FalkorDB 4.16 cuts Chinese text inside a character when substring() runs past the end, on the
    graph as a load writes it (a copy of it, as `curated_store` hands out, happens to answer right):
    on FalkorDB the curated data is loaded afresh into a graph of its own."""
    query = "MATCH (a:Programme)-[r:PART_OF]->(b:Programme) RETURN substring(r.quote, 0, 80) AS q"
    if curated_store.engine == "falkordb":
        with FalkorDBStore(falkordb_server.host, falkordb_server.port, f"garbled_{uuid.uuid4().hex[:8]}") as fresh:
            load_curated(fresh, default_curated_dir())
            try:
                with pytest.raises(EngineReplyError, match="cut inside a character"):
                    run_read_only(fresh, SCHEMA, query)
            finally:
                fresh._graph.delete()
        return
    answer = run_read_only(curated_store, SCHEMA, query)  # Neo4j counts characters, so it answers
    assert answer.rows and all(isinstance(r["q"], str) for r in answer.rows)


# Forms that got past the earlier, pattern-based check (issue 27): the door itself refuses each.
BYPASSES = {
    "quoted-dbms": "CALL `dbms.procedures`()",
    "quoted-algo": "CALL `algo.pageRank`(NULL, NULL)",
    "quoted-fulltext-drop": "CALL `db.idx.fulltext.drop`('Entity')",
    "quoted-parts": "CALL `db`.`idx`.`fulltext`.`drop`('Entity')",
    "comment-between-parts": "CALL db . /* read */ idx.fulltext . `drop`('Entity')",
    "dbms-by-name": "CALL dbms.components() YIELD name RETURN name",
    "quoted-dbms-part": "CALL `dbms`.listConfig()",
    "after-comment-cr": "RETURN 1 AS one // note\rCREATE (:Entity {id: 'door-test'})",
    "after-comment-crlf": "RETURN 1 AS one // note\r\nCREATE (:Entity {id: 'door-test'})",
    "escaped-quote": "RETURN 'a\\' AS a CREATE (:Entity {id: 'door-test'}) RETURN '' AS b",
    "insert": "INSERT (:Entity {id: 'door-test'})",
    "after-number-dot": "RETURN 1. CREATE (:Entity {id: 'door-test'})",
    "fullwidth": "ＣＲＥＡＴＥ (:Entity {id: 'door-test'})",
    "use-system": "USE system SHOW USERS",
    "show": "SHOW PROCEDURES",
    "terminate": "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "load-lowercase": "load csv from 'file:///etc/passwd' as row return row",
    "scoped-subquery-write": "MATCH (n:Entity {id: '360700'}) CALL (n) { SET n.note = 'x' } RETURN n.id",
    "unterminated-comment": "RETURN 1 /* CREATE (:Entity {id: 'door-test'})",
}


@pytest.mark.parametrize("form", sorted(BYPASSES))
def test_the_door_refuses_each_bypass_and_the_graph_is_unchanged(curated_store: GraphStore, form: str) -> None:
    before = _snapshot(curated_store)
    with pytest.raises(ReadOnlyViolationError):
        check_read_only(BYPASSES[form])
    with pytest.raises(ReadOnlyViolationError):
        run_read_only(curated_store, SCHEMA, BYPASSES[form])
    assert _snapshot(curated_store) == before


# Reads that name keywords where they are not clauses: each passes the door and runs, on both engines.
READS = {
    "alias-set": ("MATCH (n:Entity {id: '360700'}) RETURN n.id AS set", ["set"]),
    "alias-create": ("MATCH (n:Entity {id: '360700'}) RETURN n.id AS create, n.id AS delete", ["create", "delete"]),
    "property-delete": ("WITH {delete: 1, set: 2} AS n RETURN n.delete AS d, n.set AS s", ["d", "s"]),
    "string-create": ("RETURN 'CREATE (:Entity {id: 1})' AS text, \"MERGE\" AS other", ["text", "other"]),
    "line-comment": ("// CREATE (:Entity)\nMATCH (n:Entity {id: '360700'}) RETURN n.id AS id", ["id"]),
    "block-comment": ("/* SET n.x = 1; DELETE n */ RETURN 1 AS one", ["one"]),
    "quoted-alias": ("RETURN 1 AS `CREATE`", ["CREATE"]),
    "map-keys": ("RETURN {create: 1, merge: 2, remove: 3} AS m", ["m"]),
    "allowed-quoted": ("CALL `db`.`labels`() YIELD label RETURN count(label) AS labels", ["labels"]),
    "subquery": ("CALL { MATCH (n:Entity) RETURN count(n) AS c } RETURN c", ["c"]),
    # neither engine ends a comment at U+2028, U+2029 or U+0085: what follows is comment to both
    "comment-past-ls": ("RETURN 1 AS one // x\u2028CREATE (:Entity {id: 'door-test'})", ["one"]),
    "comment-past-ps": ("RETURN 1 AS one // x\u2029CREATE (:Entity {id: 'door-test'})", ["one"]),
    "comment-past-nel": ("RETURN 1 AS one // x\u0085CREATE (:Entity {id: 'door-test'})", ["one"]),
}


@pytest.mark.parametrize("form", sorted(READS))
def test_reads_named_like_keywords_pass(curated_store: GraphStore, form: str) -> None:
    query, columns = READS[form]
    before = _snapshot(curated_store)
    check_read_only(query)
    assert run_read_only(curated_store, SCHEMA, query).columns == columns
    assert _snapshot(curated_store) == before


def test_a_huge_name_and_deep_nesting_are_refused_before_the_engine(curated_store: GraphStore) -> None:
    """A 20,000-character name is over the default length and 200 levels of nesting over the depth
    (FalkorDB's parse time doubles per level: 200 held it for minutes): refused, naming the bound and
    its setting, in Chinese too; at the bounds the text passes."""
    limits = curated_store.text_limits
    assert limits == TextLimits()  # the defaults, as the settings give them
    name = "a" * 20_000
    with pytest.raises(QueryTextLimitError) as too_long:
        run_read_only(curated_store, SCHEMA, f"RETURN 1 AS {name}")
    assert (too_long.value.bound, too_long.value.setting) == ("length", "JXKG_MAX_QUERY_CHARS")
    assert f"{limits.max_chars:,}" in str(too_long.value) and "JXKG_MAX_QUERY_CHARS" in (
        too_long.value.message_zh or ""
    )
    fits = "a" * (limits.max_chars - len("RETURN 1 AS "))
    assert run_read_only(curated_store, SCHEMA, f"RETURN 1 AS {fits}").columns == [fits]
    for opener, closer in ("()", "[]", "{}"):
        deep = "RETURN " + opener * 200 + "1" + closer * 200
        with pytest.raises(QueryTextLimitError) as too_deep:
            run_read_only(curated_store, SCHEMA, deep)
        assert (too_deep.value.bound, too_deep.value.limit) == ("nesting", limits.max_nesting)
        assert "JXKG_MAX_QUERY_NESTING" in str(too_deep.value)
    at_bound = "RETURN " + "[" * limits.max_nesting + "1" + "]" * limits.max_nesting + " AS x"
    check_read_only(at_bound, limits)
    # brackets in strings and comments are not nesting
    check_read_only("RETURN '" + "(" * 200 + "' AS x // " + "[" * 200, limits)
    with pytest.raises(QueryTextLimitError):
        check_text("RETURN " + "(" * (limits.max_nesting + 1) + "1" + ")" * (limits.max_nesting + 1))


def test_the_static_checks_are_linear_on_hostile_text() -> None:
    """With the length bound raised, every static check still reads 20,000-character names, runs of
    white space and unended comments at once (each of these took seconds to minutes when a pattern
    could share out the same characters between two of its parts)."""
    wide = TextLimits(max_chars=200_000)
    name = "a" * 20_000
    hostile = (
        f"MATCH (n) RETURN n.{name} AS x",
        f"RETURN {name}{{.x}} AS x",
        f"MATCH ({name}:Entity {{id: 1}}) RETURN 1",
        "RETURN 1 AS `" + "/*'" * 6_000 + "`",
        "MATCH (" + " " * 20_000 + ") RETURN 1",
        "MATCH (a:" + " " * 20_000 + ") RETURN 1",
        "MATCH ()-[:A" + "| " * 10_000 + "]-() RETURN 1",
        "RETURN n{" + " ." * 10_000 + "} AS x",
    )
    for text in hostile:
        check_read_only(text, wide)
        assert parameters_used(text) == []
        names_used(text)
    unended = "RETURN 1 " + "/*" * 10_000
    with pytest.raises(ReadOnlyViolationError, match="never ends"):
        check_read_only(unended, wide)
    assert parameters_used(unended) == []


def test_many_names_within_the_bound_are_checked(curated_store: GraphStore) -> None:
    check_names_query = "MATCH (x) RETURN [" + ", ".join(["x:Entity"] * 1_800) + "] AS l"
    assert len(check_names_query) < curated_store.text_limits.max_chars
    assert run_read_only(curated_store, SCHEMA, check_names_query + " LIMIT 1").columns == ["l"]


def test_a_nul_in_a_parameter_never_reaches_falkordb(curated_store: GraphStore) -> None:
    """FalkorDB's parser ends its text at a NUL (its message then named the query's header); Neo4j takes the value."""
    query, params = "RETURN $x AS x", {"x": "a\x00b"}
    if curated_store.engine == "falkordb":
        with pytest.raises(ParameterError) as caught:
            run_read_only(curated_store, SCHEMA, query, params)
        assert caught.value.parameter == "x"
    else:
        assert run_read_only(curated_store, SCHEMA, query, params).rows == [{"x": "a\x00b"}]
