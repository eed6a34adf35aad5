"""The embedded default engine: FalkorDB over its native protocol (not its experimental Bolt port)."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any, ClassVar, LiteralString

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.graph import Graph
from falkordb.helpers import stringify_param_value
from falkordb.node import Node

from jxkg.errors import (
    ConfigurationError,
    EngineReplyError,
    ParameterError,
    QueryError,
    QueryTimeoutError,
    ReadOnlyViolationError,
    StoreUnavailableError,
)
from jxkg.settings import DEFAULT_QUERY_TIMEOUT_S, DEFAULT_WRITE_TIMEOUT_S
from jxkg.store.base import (
    AccessMode,
    Deadline,
    GraphStore,
    Health,
    Params,
    QueryResult,
    Row,
    WriteCounters,
    check_identifier,
)
from jxkg.store.cypher_tokens import TextLimits
from jxkg.store.falkordb_reply import Watchdog, convert_rows, endpoint, parse_reply, read_reply, walk
from jxkg.store.falkordb_server import engine_timeout_ms
from jxkg.store.schema import IndexKind, IndexSpec
from jxkg.store.text import char_bigrams, has_cjk

ENGINE = "falkordb"
_EMPTY_KEY = "empty key"
_READ_ONLY_REFUSAL = "only on read-only queries"
_TIMED_OUT = "Query timed out"
_OVER_TIMEOUT_MAX = "cannot exceed the TIMEOUT_MAX"
# characters with a meaning in RediSearch's query syntax, which FalkorDB's full-text index speaks
_REDISEARCH_SPECIAL = re.compile(r"[,.<>{}\[\]\"':;!@#$%^&*()\-+=~|/\\?]")


class FalkorDBStore(GraphStore):
    engine: ClassVar[str] = ENGINE

    def __init__(
        self,
        host: str,
        port: int,
        graph: str,
        *,
        timeout_s: float = DEFAULT_QUERY_TIMEOUT_S,
        write_timeout_s: float = DEFAULT_WRITE_TIMEOUT_S,
        text_limits: TextLimits | None = None,
    ) -> None:
        self._host, self._port, self._graph_name = host, port, graph
        self._address = f"{host}:{port}"
        self._timeout_s = timeout_s
        self._timeout_ms = engine_timeout_ms(timeout_s)
        self._write_timeout_ms = engine_timeout_ms(write_timeout_s)
        self.text_limits = text_limits or TextLimits()
        self._connection: tuple[FalkorDB, Graph] | None = None
        self._watchdog = Watchdog()

    @property
    def _db(self) -> FalkorDB:
        return self._connect()[0]

    @property
    def _graph(self) -> Graph:
        return self._connect()[1]

    def _connect(self) -> tuple[FalkorDB, Graph]:
        """Connect on first use: the client talks to the server as soon as it is built."""
        if self._connection is None:
            try:
                db = FalkorDB(host=self._host, port=self._port, socket_connect_timeout=2)
            except redis.exceptions.ConnectionError as exc:
                raise self._unavailable() from exc
            self._connection = (db, db.select_graph(self._graph_name))
        return self._connection

    # --- queries ---------------------------------------------------------------------------
    def _run(self, query: str, params: Params, mode: AccessMode, row_limit: int | None = None) -> QueryResult:
        return self._run_text(_with_params(query, params), mode, query, row_limit)

    def _run_text(self, text: str, mode: AccessMode, query: str, row_limit: int | None = None) -> QueryResult:
        """Run `text`, a query with its parameters written in front of it (`_with_params`).

        A read's time limit covers the whole call: the server stops its own work at the limit
        (`timeout`, within the server's TIMEOUT_MAX), and the reply's rows are parsed and converted
        in chunks against the same deadline. The server sends the whole result set at once, so a row
        limit trims the raw reply before any row is parsed.
        """
        deadline = Deadline(self._timeout_s, query=query, engine=ENGINE) if mode is AccessMode.READ else None
        command = "GRAPH.RO_QUERY" if mode is AccessMode.READ else "GRAPH.QUERY"
        timeout_ms = self._timeout_ms if mode is AccessMode.READ else self._write_timeout_ms
        try:
            command_args = (command, self._graph.name, text, "--compact", "timeout", timeout_ms)
            response = read_reply(self._graph, command_args, deadline, self._watchdog)
            result, records, truncated = parse_reply(self._graph, response, row_limit, deadline)
            columns = [str(c[1]) if isinstance(c, list | tuple) else str(c) for c in (result.header or [])]
            endpoint_ids = self._endpoint_ids(records, deadline)
            rows = convert_rows(columns, records, endpoint_ids, deadline)
        except redis.exceptions.ConnectionError as exc:
            self.close()  # the next call connects afresh, so a restarted server is found again
            raise self._unavailable() from exc
        except UnicodeDecodeError as exc:
            # FalkorDB 4.16 can cut multi-byte text inside a character (substring() past the end)
            raise EngineReplyError(
                f"a text value is cut inside a character ({exc.reason} at byte {exc.start}); FalkorDB's "
                "substring(), left() and right() can do this to Chinese text: return the whole property instead",
                query=query,
                engine=ENGINE,
            ) from exc
        except redis.exceptions.ResponseError as exc:
            if mode is AccessMode.READ and _EMPTY_KEY in str(exc):
                # the graph does not exist until its first write; create it empty and read again
                self._graph.query("RETURN 1")
                return self._run_text(text, mode, query, row_limit)
            raise self._refusal(exc, query, timeout_ms) from exc
        counters = WriteCounters(
            nodes_created=int(result.nodes_created),
            nodes_deleted=int(result.nodes_deleted),
            relationships_created=int(result.relationships_created),
            relationships_deleted=int(result.relationships_deleted),
            properties_set=int(result.properties_set),
            labels_added=int(result.labels_added),
        )
        return QueryResult(rows=rows, counters=counters, columns=columns, truncated=truncated)

    def _refusal(self, exc: redis.exceptions.ResponseError, query: str, timeout_ms: int) -> Exception:
        """The project's error for what the server answered instead of a result."""
        if _READ_ONLY_REFUSAL in str(exc):
            return ReadOnlyViolationError(f"a read-only query may not write: {_engine_message(exc)}")
        if _TIMED_OUT in str(exc):
            return QueryTimeoutError(limit_s=timeout_ms / 1000, query=query, engine=ENGINE)
        if _OVER_TIMEOUT_MAX in str(exc):
            return ConfigurationError(
                f"the FalkorDB server at {self._address} holds a lower TIMEOUT_MAX than JXKG_QUERY_TIMEOUT or "
                "JXKG_WRITE_TIMEOUT ask for: restart it with the new settings (`jxkg db stop`, `jxkg db start`)"
            )
        return QueryError(_engine_message(exc), query=query, engine=ENGINE)

    _fulltext_call: ClassVar[LiteralString] = "CALL db.idx.fulltext.queryNodes($index, $terms) YIELD node, score"

    def _fulltext_index(self, index: IndexSpec) -> str:
        return check_identifier(index.label)  # one full-text index per label, named by it

    def _fulltext_terms(self, text: str, fields: Sequence[str]) -> str:
        """The index holds each name's character bigrams (`nameBigrams`), so a Chinese word is asked
        for as its bigrams, all required; a word of Latin letters or digits matches as a prefix.
        Fields narrow the terms with RediSearch's field modifier (`@a|b:(...)`)."""
        words = " ".join(_search_words(text))
        if not words or not fields:
            return words
        return f"@{'|'.join(check_identifier(name) for name in fields)}:({words})"

    def _prepare_batch(self, query: LiteralString, batch: list[Row]) -> Any:
        """The client writes a batch's parameters into the query as Cypher text, in Python (a third of
        a load's time): done here, in the thread that prepares the next batch (`_run_batches`)."""
        return _with_params(query, {"rows": batch})

    def _run_prepared(self, query: LiteralString, prepared: Any) -> QueryResult:
        return self._run_text(prepared, AccessMode.WRITE, query)

    def _endpoint_ids(self, records: list[list[Any]], deadline: Deadline | None) -> dict[int, Any]:
        """Internal id -> `id` property for every node a returned edge touches.

        FalkorDB sends an edge's endpoints as internal ids only; nodes returned alongside are
        used directly, the others are looked up in one query, within what is left of the deadline.
        """
        known: dict[int, Any] = {}
        wanted: set[int] = set()
        for value in walk(records):
            if isinstance(value, Node) and value.id is not None:
                known[int(value.id)] = value.properties.get("id")
            elif isinstance(value, Edge):
                wanted.update(endpoint(e) for e in (value.src_node, value.dest_node))
        missing = sorted(wanted - known.keys())
        if missing:
            timeout_ms = self._timeout_ms
            if deadline is not None:
                deadline.check()
                timeout_ms = max(1, min(timeout_ms, int(deadline.remaining_s() * 1000)))
            # one id seek per endpoint: `WHERE id(n) IN $ids` is planned as a scan of every node
            # (28 ms for three ids at generator scale 1, against 0.6 ms this way; docs/benchmarks.md)
            found = self._graph.ro_query(
                "UNWIND $ids AS i MATCH (n) WHERE id(n) = i RETURN i, n.id", {"ids": missing}, timeout=timeout_ms
            )
            known.update({int(internal): key for internal, key in found.result_set})
        return known

    # --- schema ----------------------------------------------------------------------------
    def _existing_indexes(self) -> set[IndexSpec]:
        existing: set[IndexSpec] = set()
        for row in self.read("CALL db.indexes() YIELD label, properties, types RETURN label, properties, types"):
            label = str(row["label"])
            types: dict[str, list[str]] = row["types"]
            fulltext = tuple(p for p in row["properties"] if "FULLTEXT" in types.get(p, []))
            if fulltext:
                existing.add(IndexSpec(label, fulltext, IndexKind.FULLTEXT))
            for prop in row["properties"]:
                if "RANGE" in types.get(prop, []):
                    existing.add(IndexSpec(label, (prop,), IndexKind.RANGE))
        for row in self.read(_CONSTRAINTS):
            if row["type"] == "UNIQUE" and len(row["properties"]) == 1 and row["status"] != "FAILED":
                existing.add(IndexSpec(str(row["label"]), (str(row["properties"][0]),), IndexKind.UNIQUE))
        return existing

    def _create_index(self, spec: IndexSpec) -> None:
        label = check_identifier(spec.label)
        if spec.kind is IndexKind.FULLTEXT:
            # one full-text index per label: drop a narrower one before creating the wanted one
            current = [s for s in self._existing_indexes() if s.kind is IndexKind.FULLTEXT and s.label == label]
            if current:
                self.write("CALL db.idx.fulltext.drop($label)", {"label": label})
            args = ", ".join(f"'{check_identifier(p)}'" for p in spec.properties)
            self._ddl(f"CALL db.idx.fulltext.createNodeIndex('{label}', {args})")
            self._await_schema(spec)
            return
        prop = check_identifier(spec.properties[0])
        if IndexSpec(label, (prop,), IndexKind.RANGE) not in self._existing_indexes():
            # a unique constraint in FalkorDB needs an exact-match index on the property first
            self._ddl(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
        if spec.kind is IndexKind.UNIQUE:
            try:
                self._graph.execute_command(
                    "GRAPH.CONSTRAINT", "CREATE", self._graph.name, "UNIQUE", "NODE", label, "PROPERTIES", "1", prop
                )
            except redis.exceptions.ConnectionError as exc:
                raise self._unavailable() from exc
            except redis.exceptions.ResponseError as exc:
                raise QueryError(_engine_message(exc), query=_unique_statement(spec), engine=ENGINE) from exc
        self._await_schema(spec)

    def _await_schema(self, spec: IndexSpec, *, timeout_s: float = 300.0) -> None:
        """Wait until FalkorDB has built the indexes and constraints: it builds them on a background
        thread after the command returns ("UNDER CONSTRUCTION"), and a write meanwhile does not find
        existing nodes through them (a MERGE then created a second node and broke the unique key).
        A unique constraint the data breaks ends FAILED: an error naming it, as Neo4j's would be."""
        deadline = time.monotonic() + timeout_s
        while True:
            indexes = self.read("CALL db.indexes() YIELD label, status RETURN label, status")
            constraints = self.read(_CONSTRAINTS)
            for row in constraints:
                ours = row["label"] == spec.label and list(row["properties"]) == list(spec.properties)
                if ours and row["type"] == "UNIQUE" and row["status"] == "FAILED":
                    message = f"the unique key on {spec.label}.{spec.properties[0]} failed: the graph holds duplicates"
                    raise QueryError(message, query=_unique_statement(spec), engine=ENGINE)
            if not any(_UNDER_CONSTRUCTION in str(row["status"]) for row in (*indexes, *constraints)):
                return
            if time.monotonic() > deadline:
                raise QueryError(
                    f"indexes still being built after {timeout_s:.0f} s", query="CALL db.indexes()", engine=ENGINE
                )
            time.sleep(0.05)

    def _ddl(self, statement: str) -> None:
        self._run(statement, {}, AccessMode.WRITE)

    # --- operations ------------------------------------------------------------------------
    def health(self) -> Health:
        try:
            modules = self._db.connection.execute_command("MODULE", "LIST")
        except (redis.exceptions.RedisError, StoreUnavailableError) as exc:
            return Health(ENGINE, "unknown", False, self._address, str(exc))
        version = "unknown"
        for module in modules:
            fields = dict(zip(module[::2], module[1::2], strict=True))
            if _text(fields.get("name", fields.get(b"name"))) == "graph":
                version = _module_version(int(fields.get("ver", fields.get(b"ver")) or 0))
        return Health(ENGINE, version, True, self._address)

    def compact(self, *, timeout_s: float = 300.0) -> None:
        """Rewrite the AOF as a snapshot and wait for it, so a restart loads the snapshot instead of
        replaying every write (replay does not use indexes: over 40x slower than the load)."""
        connection = self._db.connection
        try:
            try:
                connection.execute_command("BGREWRITEAOF")
            except redis.exceptions.ResponseError as exc:
                if "already in progress" not in str(exc):
                    raise QueryError(_engine_message(exc), query="BGREWRITEAOF", engine=ENGINE) from exc
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                info = connection.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                    return
                time.sleep(0.05)
        except redis.exceptions.ConnectionError as exc:
            raise self._unavailable() from exc
        raise QueryError(f"AOF rewrite still running after {timeout_s:.0f} s", query="BGREWRITEAOF", engine=ENGINE)

    def close(self) -> None:
        self._watchdog.stop()
        if self._connection is not None:
            self._connection[0].connection.close()
            self._connection = None

    def _unavailable(self) -> StoreUnavailableError:
        return StoreUnavailableError(
            f"database not reachable at {self._address} — start it with `jxkg db start`", address=self._address
        )


_UNDER_CONSTRUCTION = "UNDER CONSTRUCTION"  # an index's or constraint's status while FalkorDB builds it
_CONSTRAINTS = "CALL db.constraints() YIELD type, label, properties, status RETURN type, label, properties, status"


def _unique_statement(spec: IndexSpec) -> str:
    """The command that makes `spec`'s unique key, as an error names it."""
    return f"GRAPH.CONSTRAINT CREATE UNIQUE NODE {spec.label} {spec.properties[0]}"


def _with_params(query: str, params: Params) -> str:
    """The query as FalkorDB receives it: `CYPHER name=value ... query`, values as Cypher literals."""
    if not params:
        return query
    for name in params:
        if not name or "`" in name or "\x00" in name:  # its parameter header cannot escape a backtick or hold a NUL
            raise QueryError(f"not a usable parameter name: {name!r}", query=query, engine=ENGINE)
    parts = []
    for name, value in params.items():
        try:
            literal = stringify_param_value(value)
        except (ValueError, TypeError) as exc:  # e.g. a map with an empty key, which Cypher cannot write
            raise ParameterError(f"parameter {name!r} cannot be sent to FalkorDB: {exc}", parameter=name) from exc
        if "\x00" in literal:  # FalkorDB's parser ends the text at a NUL: never send one
            raise ParameterError(f"parameter {name!r} holds a NUL character", parameter=name)
        parts.append(f"`{name}`={literal}")
    return f"CYPHER {' '.join(parts)} {query}"


def _search_words(text: str) -> list[str]:
    """RediSearch terms for the words of `text`: bigrams for Chinese, a prefix for other words."""
    terms: list[str] = []
    for word in _REDISEARCH_SPECIAL.sub(" ", text).split():
        if has_cjk(word):
            grams = char_bigrams(word).split()
            terms += [f"{gram}*" if len(gram) == 1 else gram for gram in grams]
        else:
            terms.append(f"{word.lower()}*" if len(word) >= 2 else word.lower())
    return list(dict.fromkeys(terms))


def _module_version(encoded: int) -> str:
    """FalkorDB reports its version as one number: 41603 is 4.16.3."""
    return f"{encoded // 10000}.{encoded // 100 % 100}.{encoded % 100}"


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _engine_message(exc: Exception) -> str:
    return str(exc).strip()
