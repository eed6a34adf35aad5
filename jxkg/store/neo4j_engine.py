"""Neo4j 5 through the official driver: reads in read transactions, writes in retried write transactions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, LiteralString

import neo4j
import neo4j.exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from jxkg.errors import QueryError, QueryTimeoutError, ReadOnlyViolationError, StoreUnavailableError
from jxkg.settings import DEFAULT_QUERY_TIMEOUT_S, DEFAULT_WRITE_TIMEOUT_S
from jxkg.store.base import (
    DEADLINE_CHUNK,
    AccessMode,
    Deadline,
    GraphStore,
    Health,
    Params,
    QueryResult,
    WriteCounters,
    check_identifier,
)
from jxkg.store.cypher_tokens import TextLimits
from jxkg.store.schema import IndexKind, IndexSpec
from jxkg.store.text import has_cjk
from jxkg.store.values import plain_node, plain_path, plain_relationship, plain_scalar

ENGINE = "neo4j"
_ACCESS_MODE_CODES = ("Neo.ClientError.Statement.AccessMode", "Neo.ClientError.Cluster.NotALeader")
_TIMEOUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
)
_LUCENE_SPECIAL = re.compile(r'[+\-&|!(){}\[\]^"~*?:\\/]')


class Neo4jStore(GraphStore):
    engine: ClassVar[str] = ENGINE

    def __init__(
        self,
        uri: str,
        *,
        user: str = "neo4j",
        password: str = "",
        database: str = "neo4j",
        timeout_s: float = DEFAULT_QUERY_TIMEOUT_S,
        write_timeout_s: float = DEFAULT_WRITE_TIMEOUT_S,
        text_limits: TextLimits | None = None,
    ) -> None:
        self._uri = uri
        self._database = database
        self._timeout_s = timeout_s
        self._write_timeout_s = write_timeout_s
        self.text_limits = text_limits or TextLimits()
        self._verified = False
        # every session of this store, reads and writes, chained by bookmarks: on a cluster a read
        # routed to a secondary waits until it holds what this store (or one sharing it) wrote
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()
        auth = (user, password) if password else None
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=5)
        except ValueError as exc:  # a malformed URI
            raise StoreUnavailableError(f"not a Neo4j URI: {uri!r} ({exc})", address=uri) from exc

    # --- queries ---------------------------------------------------------------------------
    def _run(self, query: str, params: Params, mode: AccessMode, row_limit: int | None = None) -> QueryResult:
        """One transaction under its time limit, held by the server (the transaction's timeout, which
        covers the streaming of its rows) and here (the rows read and converted against a deadline;
        raising inside the transaction rolls it back, which stops the server's work too)."""
        reading = mode is AccessMode.READ
        limit_s = self._timeout_s if reading else self._write_timeout_s

        @neo4j.unit_of_work(timeout=limit_s)
        def work(tx: neo4j.ManagedTransaction) -> QueryResult:
            deadline = Deadline(limit_s, query=query, engine=ENGINE) if reading else None
            result = tx.run(query, dict(params))
            columns = [str(k) for k in result.keys()]  # noqa: SIM118  (a Result, not a dict)
            records: list[tuple[list[str], list[Any]]] = []
            truncated = False
            for record in result:  # records stream in, so a row limit stops the reading itself
                if row_limit is not None and len(records) >= row_limit:
                    truncated = True
                    break
                if deadline is not None and len(records) % DEADLINE_CHUNK == 0:
                    deadline.check()
                records.append((record.keys(), record.values()))
            counters = _counters(result.consume().counters)
            endpoint_ids = _endpoint_ids(tx, [values for _, values in records])
            rows: list[dict[str, Any]] = []
            for start in range(0, len(records), DEADLINE_CHUNK):
                if deadline is not None:
                    deadline.check()
                rows += [
                    {str(k): _plain(v, endpoint_ids) for k, v in zip(keys, values, strict=True)}
                    for keys, values in records[start : start + DEADLINE_CHUNK]
                ]
            return QueryResult(rows=rows, counters=counters, columns=columns, truncated=truncated)

        self._verify_once()
        try:
            with self._driver.session(database=self._database, bookmark_manager=self._bookmarks) as session:
                if mode is AccessMode.READ:
                    return session.execute_read(work)
                return session.execute_write(work)
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
            raise self._unavailable() from exc
        except neo4j_errors.AuthError as exc:
            raise StoreUnavailableError(
                f"Neo4j at {self._uri} refused the credentials (NEO4J_USER / NEO4J_PASSWORD): {exc.message}",
                address=self._uri,
            ) from exc
        except neo4j_errors.Neo4jError as exc:
            if exc.code in _ACCESS_MODE_CODES:
                raise ReadOnlyViolationError(f"a read-only query may not write: {exc.message}") from exc
            if exc.code in _TIMEOUT_CODES:
                raise QueryTimeoutError(limit_s=limit_s, query=query, engine=ENGINE) from exc
            raise QueryError(exc.message or str(exc), query=query, engine=ENGINE) from exc

    _fulltext_call: ClassVar[LiteralString] = "CALL db.index.fulltext.queryNodes($index, $terms) YIELD node, score"

    def _fulltext_index(self, index: IndexSpec) -> str:
        return check_identifier(index.name)

    def _fulltext_terms(self, text: str, fields: Sequence[str]) -> str:
        """Lucene syntax over the `cjk` analyzer: a Chinese word as a phrase (its bigrams in a row, so a
        substring), other words as prefixes; every word required, in any of `fields` when given."""
        words = _lucene_words(text)
        if fields:
            names = [check_identifier(name) for name in fields]
            words = ["(" + " OR ".join(f"{name}:{word}" for name in names) + ")" for word in words]
        return " AND ".join(words)

    def _verify_once(self) -> None:
        """Fail fast when the server is not there at all; the driver would retry for 30 s first.

        Later outages are left to the driver's retries, which is what they are for.
        """
        if self._verified:
            return
        try:
            self._driver.verify_connectivity()
        except (neo4j_errors.ServiceUnavailable, OSError) as exc:
            raise self._unavailable() from exc
        except neo4j_errors.AuthError as exc:
            raise StoreUnavailableError(
                f"Neo4j at {self._uri} refused the credentials (NEO4J_USER / NEO4J_PASSWORD): {exc.message}",
                address=self._uri,
            ) from exc
        self._verified = True

    # --- schema ----------------------------------------------------------------------------
    def _existing_indexes(self) -> set[IndexSpec]:
        existing: set[IndexSpec] = set()
        for row in self.read(
            "SHOW INDEXES YIELD type, entityType, labelsOrTypes, properties, owningConstraint "
            "RETURN type, entityType, labelsOrTypes, properties, owningConstraint"
        ):
            if row["entityType"] != "NODE" or not row["labelsOrTypes"] or len(row["labelsOrTypes"]) != 1:
                continue
            label, props = str(row["labelsOrTypes"][0]), tuple(str(p) for p in row["properties"])
            if row["type"] == "FULLTEXT":
                existing.add(IndexSpec(label, props, IndexKind.FULLTEXT))
            elif row["type"] == "RANGE" and row["owningConstraint"] is None and len(props) == 1:
                existing.add(IndexSpec(label, props, IndexKind.RANGE))
        for row in self.read(
            "SHOW CONSTRAINTS YIELD type, entityType, labelsOrTypes, properties "
            "RETURN type, entityType, labelsOrTypes, properties"
        ):
            if row["entityType"] == "NODE" and "UNIQUENESS" in str(row["type"]) and len(row["properties"]) == 1:
                existing.add(IndexSpec(str(row["labelsOrTypes"][0]), (str(row["properties"][0]),), IndexKind.UNIQUE))
        return existing

    def _create_index(self, spec: IndexSpec) -> None:
        if spec.kind is IndexKind.FULLTEXT:
            for row in self.read(
                "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes WHERE $label IN labelsOrTypes RETURN name",
                {"label": check_identifier(spec.label)},
            ):  # one full-text index per label, as on FalkorDB: replace a narrower one
                self._schema(f"DROP INDEX {check_identifier(str(row['name']))} IF EXISTS")
        try:
            self._schema(index_statement(spec))
        except QueryError as exc:
            # a run killed while the server still built this constraint leaves its index named but the
            # constraint not yet listed: once the server has finished, the rule is there (or gone)
            if "already exists" not in str(exc):
                raise
            self._schema("CALL db.awaitIndexes(300)")
            if spec not in self._existing_indexes():
                raise

    def _schema(self, statement: str) -> None:
        """Schema commands run in their own auto-commit transaction, then wait until online."""
        try:
            with self._driver.session(database=self._database, bookmark_manager=self._bookmarks) as session:
                session.run(statement).consume()  # built from checked identifiers
                session.run("CALL db.awaitIndexes(300)").consume()
        except neo4j_errors.ServiceUnavailable as exc:
            raise self._unavailable() from exc
        except neo4j_errors.Neo4jError as exc:
            raise QueryError(exc.message or str(exc), query=statement, engine=ENGINE) from exc

    # --- operations ------------------------------------------------------------------------
    def health(self) -> Health:
        try:
            info = self._driver.get_server_info()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            return Health(ENGINE, "unknown", False, self._uri, str(exc))
        version = info.agent.split("/", 1)[-1] if info.agent else "unknown"
        return Health(ENGINE, version, True, self._uri)

    def share_bookmarks(self, other: GraphStore) -> None:
        if isinstance(other, Neo4jStore):
            self._bookmarks = other._bookmarks

    @property
    def bookmarks(self) -> list[str]:
        """The bookmarks this store's next session starts from (what it has written, or read after)."""
        return sorted(self._bookmarks.get_bookmarks())

    def close(self) -> None:
        self._driver.close()

    def _unavailable(self) -> StoreUnavailableError:
        return StoreUnavailableError(
            f"database not reachable at {self._uri} — start Neo4j (`docker compose up neo4j` or `make neo4j`) "
            "or set NEO4J_URI",
            address=self._uri,
        )


def index_statement(spec: IndexSpec) -> str:
    """The Cypher that creates what `spec` asks for (if it does not exist yet). On a database that
    holds a narrower full-text index on the label, `ensure_schema` drops that one first."""
    label = check_identifier(spec.label)
    props = [check_identifier(p) for p in spec.properties]
    name = check_identifier(spec.name)
    if spec.kind is IndexKind.UNIQUE:
        return f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{props[0]} IS UNIQUE"
    if spec.kind is IndexKind.RANGE:
        return f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{props[0]})"
    on_each = ", ".join(f"n.{p}" for p in props)
    # the cjk analyzer splits Chinese into bigrams, as the derived nameBigrams does on FalkorDB
    return (
        f"CREATE FULLTEXT INDEX {name} IF NOT EXISTS FOR (n:{label}) ON EACH [{on_each}] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
    )


def index_statements(specs: Iterable[IndexSpec]) -> list[str]:
    """The Cypher `ensure_schema` runs to create `specs` on an empty database, in order, each once
    (for a database made without the store: `jxkg export --format neo4j-admin`)."""
    return [index_statement(spec) for spec in dict.fromkeys(specs)]


def _lucene_words(text: str) -> list[str]:
    terms: list[str] = []
    for word in _LUCENE_SPECIAL.sub(" ", text).split():
        if has_cjk(word):
            terms.append(f'"{word}"' if len(word) > 1 else f"{word}*")
        elif word.upper() not in {"AND", "OR", "NOT", "TO"}:
            terms.append(f"{word.lower()}*")
    return list(dict.fromkeys(terms))


def _counters(c: neo4j.SummaryCounters) -> WriteCounters:
    return WriteCounters(
        nodes_created=c.nodes_created,
        nodes_deleted=c.nodes_deleted,
        relationships_created=c.relationships_created,
        relationships_deleted=c.relationships_deleted,
        properties_set=c.properties_set,
        labels_added=c.labels_added,
    )


def _walk(values: list[Any]) -> Any:
    for value in values:
        if isinstance(value, list):
            yield from _walk(value)
        elif isinstance(value, dict):
            yield from _walk(list(value.values()))
        elif isinstance(value, Path):
            yield from value.nodes
            yield from value.relationships
        else:
            yield value


def _endpoint_ids(tx: neo4j.ManagedTransaction, records: list[list[Any]]) -> dict[str, Any]:
    """Element id -> `id` property for the endpoints of returned relationships (the driver may not have them)."""
    known: dict[str, Any] = {}
    wanted: set[str] = set()
    for value in _walk(records):
        if isinstance(value, Node) and len(value) > 0:
            known[value.element_id] = value.get("id")
        elif isinstance(value, Relationship) and value.start_node is not None and value.end_node is not None:
            wanted.update((value.start_node.element_id, value.end_node.element_id))
    missing = sorted(wanted - known.keys())
    if missing:
        found = tx.run("MATCH (n) WHERE elementId(n) IN $ids RETURN elementId(n) AS e, n.id AS id", ids=missing)
        known.update({record["e"]: record["id"] for record in found})
    return known


def _plain(value: Any, endpoint_ids: dict[str, Any]) -> Any:
    if isinstance(value, Node):
        return plain_node(value.labels, dict(value.items()))
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return plain_relationship(
            value.type,
            endpoint_ids.get(start.element_id) if start is not None else None,
            endpoint_ids.get(end.element_id) if end is not None else None,
            dict(value.items()),
        )
    if isinstance(value, Path):
        return plain_path(
            [_plain(n, endpoint_ids) for n in value.nodes],
            [_plain(r, endpoint_ids) for r in value.relationships],
        )
    if isinstance(value, list):
        return [_plain(v, endpoint_ids) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, endpoint_ids) for k, v in value.items()}
    if isinstance(value, neo4j.time.Date | neo4j.time.DateTime | neo4j.time.Time):
        return plain_scalar(value.to_native())
    if isinstance(value, neo4j.time.Duration):
        return value.iso_format()
    return plain_scalar(value)
