"""The one door to the database: the interface every engine implements.

The shared base holds what is the same on every engine (batching, stats, clear, the context
manager); each engine supplies a few hooks: run a query in read or write mode, the DDL for an
index spec, health, compaction and close.
"""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from types import TracebackType
from typing import Any, ClassVar, LiteralString, Self

from jxkg.errors import QueryTimeoutError
from jxkg.store.cypher_tokens import TextLimits
from jxkg.store.schema import IndexSpec

Row = dict[str, Any]
Params = Mapping[str, Any]

# Labels, types and property names go into DDL text, where parameters are not allowed: only plain
# identifiers pass, so nothing from outside can be spliced into a statement.
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

DEFAULT_BATCH_SIZE = 1000
# Rows are read and converted in chunks of this many, the time limit checked between them.
DEADLINE_CHUNK = 2000


def check_identifier(name: str) -> str:
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"not a plain identifier: {name!r}")
    return name


class AccessMode(StrEnum):
    READ = "read"
    WRITE = "write"


@dataclass(frozen=True)
class WriteCounters:
    """What a write changed, as both engines count it."""

    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    labels_added: int = 0

    def __add__(self, other: WriteCounters) -> WriteCounters:
        return WriteCounters(
            nodes_created=self.nodes_created + other.nodes_created,
            nodes_deleted=self.nodes_deleted + other.nodes_deleted,
            relationships_created=self.relationships_created + other.relationships_created,
            relationships_deleted=self.relationships_deleted + other.relationships_deleted,
            properties_set=self.properties_set + other.properties_set,
            labels_added=self.labels_added + other.labels_added,
        )


@dataclass(frozen=True)
class QueryResult:
    """Rows as plain Python values, the columns in the query's order, plus what a write changed.

    `truncated` is true when a row limit stopped the reading before the engine's last row.
    """

    rows: list[Row]
    counters: WriteCounters = field(default_factory=WriteCounters)
    columns: list[str] = field(default_factory=list)
    truncated: bool = False


class Deadline:
    """A read's time limit, counted from before it is sent: the engine holds the same limit for its
    own work, and the reading and converting of rows is checked against it here, so a read never
    answers later than its limit plus one chunk of rows (`DEADLINE_CHUNK`)."""

    def __init__(self, limit_s: float, *, query: str, engine: str) -> None:
        self.limit_s, self._query, self._engine = limit_s, query, engine
        self._ends = time.monotonic() + limit_s

    def remaining_s(self) -> float:
        return self._ends - time.monotonic()

    def check(self) -> None:
        """Raise `QueryTimeoutError` once the limit has passed."""
        if time.monotonic() > self._ends:
            raise self.error()

    def error(self) -> QueryTimeoutError:
        return QueryTimeoutError(limit_s=self.limit_s, query=self._query, engine=self._engine)


@dataclass(frozen=True)
class SearchHit:
    """A node the full-text index found, with the engine's relevance score (higher is better)."""

    node: dict[str, Any]
    score: float


@dataclass(frozen=True)
class GraphStats:
    nodes: int
    relationships: int
    labels: dict[str, int]
    relationship_types: dict[str, int]


@dataclass(frozen=True)
class Health:
    engine: str
    version: str
    reachable: bool
    address: str
    detail: str = ""


class GraphStore(ABC):
    """A graph database behind one small interface.

    Query text is a `LiteralString` and values always travel as parameters, so no caller builds
    Cypher out of data. Writes must be idempotent (MERGE): engines may retry them.
    """

    engine: ClassVar[str]
    # the bounds outside query text must be within before an engine sees it (set from the settings)
    text_limits: TextLimits = TextLimits()

    # --- hooks for each engine -------------------------------------------------------------
    @abstractmethod
    def _run(self, query: str, params: Params, mode: AccessMode, row_limit: int | None = None) -> QueryResult:
        """Run one query in one transaction; translate engine errors to `jxkg.errors`.

        With `row_limit`, at most that many rows are kept (`truncated` says whether more existed).
        """

    # the procedure call that queries a full-text index: $index, $terms -> node, score
    _fulltext_call: ClassVar[LiteralString]

    @abstractmethod
    def _fulltext_index(self, index: IndexSpec) -> str:
        """How the engine names the full-text index `index` in a query."""

    @abstractmethod
    def _fulltext_terms(self, text: str, fields: Sequence[str]) -> str:
        """`text` in the index's query syntax, every word required, in one of `fields` (any of the
        index's when empty); empty when nothing is left to ask."""

    @abstractmethod
    def _existing_indexes(self) -> set[IndexSpec]:
        """The specs the database already satisfies."""

    @abstractmethod
    def _create_index(self, spec: IndexSpec) -> None:
        """Create what `spec` asks for; only called when it does not exist yet."""

    @abstractmethod
    def health(self) -> Health:
        """Engine, version, reachability. Never raises for an unreachable database."""

    @abstractmethod
    def close(self) -> None:
        """Release connections. The store is unusable afterwards."""

    def share_bookmarks(self, other: GraphStore) -> None:  # noqa: B027  (a hook whose default is to do nothing)
        """From now on this store reads what `other` has written and `other` what this one writes, on an
        engine whose reads may go to another server than its writes (a Neo4j cluster or Aura: the two
        share one bookmark manager, so a read waits until its server holds the writes it follows).
        A no-op for one server, which always reads what it wrote."""

    def compact(self, *, timeout_s: float = 300.0) -> None:  # noqa: B027  (a hook whose default is to do nothing)
        """Make persistence cheap to reload after a bulk write (a no-op where nothing is needed)."""

    # --- the interface ---------------------------------------------------------------------
    def read(self, query: LiteralString, params: Params | None = None) -> list[Row]:
        """Run a read-only query; the engine refuses it if it would write."""
        return self._run(query, params or {}, AccessMode.READ).rows

    def search_text(
        self, index: IndexSpec, text: str, *, label: str | None, limit: int, fields: Sequence[str] = ()
    ) -> list[SearchHit]:
        """Nodes whose full-text properties match every word of `text` (Chinese by substring, other
        words by prefix), best first; only nodes with `label` when it is given, and only in `fields`
        (some of the index's properties: names, or the quotes' bigrams) when they are given. The
        engines differ in how the words are asked for: FalkorDB's index does not segment Chinese,
        Neo4j's `cjk` analyzer does."""
        unknown = [name for name in fields if name not in index.properties]
        if unknown:
            raise ValueError(f"{unknown} are not properties of the full-text index {index.name}")
        terms = self._fulltext_terms(text, fields)
        if not terms:
            return []
        rows = self.read(
            self._fulltext_call + " WITH node, score WHERE $label IS NULL OR $label IN labels(node) "
            "RETURN node, score ORDER BY score DESC LIMIT $limit",
            {"index": self._fulltext_index(index), "terms": terms, "label": label, "limit": limit},
        )
        return [SearchHit(node=row["node"], score=float(row["score"])) for row in rows]

    def read_result(self, query: str, params: Params | None = None, *, row_limit: int | None = None) -> QueryResult:
        """A read-only query with its columns, keeping at most `row_limit` rows.

        `query` may come from outside (the analysts' door): the engine's read-only transaction is
        what stops a write, and `jxkg.store.readonly.check_read_only` must have passed it first.
        """
        if row_limit is not None and row_limit < 0:
            raise ValueError("row_limit must not be negative")
        return self._run(query, params or {}, AccessMode.READ, row_limit)

    def write(self, query: LiteralString, params: Params | None = None) -> QueryResult:
        return self._run(query, params or {}, AccessMode.WRITE)

    def write_batch(
        self,
        query: LiteralString,
        rows: Iterable[Mapping[str, Any]],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> QueryResult:
        """Run `query` (which UNWINDs `$rows`) once per batch of rows; one transaction per batch.

        Returns the rows of all batches, in order, and the counters summed.
        """
        total = WriteCounters()
        returned: list[Row] = []
        for result in self.write_batches(query, rows, batch_size=batch_size):
            total = total + result.counters
            returned.extend(result.rows)
        return QueryResult(rows=returned, counters=total)

    def write_batches(
        self,
        query: LiteralString,
        rows: Iterable[Mapping[str, Any]],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> Iterator[QueryResult]:
        """`write_batch`, each batch's result as it commits (for a caller that reports progress).
        Give it all the rows at once rather than calling it per batch: an engine may prepare the
        next batch while the server runs this one, which a call of one batch cannot."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        return self._run_batches(query, batches_of(rows, batch_size))

    def _run_batches(self, query: LiteralString, batches: Iterator[list[Row]]) -> Iterator[QueryResult]:
        """Each batch's result, the batches run one after another, in order, one transaction each.
        A thread prepares the next batch while the server runs this one: it takes the batch from
        `batches` (whose rows a caller may make as they are asked for) and readies it for the engine
        (`_prepare_batch`), while this thread waits on the socket, which releases the GIL."""

        def prepare_next() -> Any:
            batch = next(batches, None)
            return None if batch is None else self._prepare_batch(query, batch)

        with ThreadPoolExecutor(1, thread_name_prefix="jxkg-batches") as preparer:
            upcoming = preparer.submit(prepare_next)
            while (prepared := upcoming.result()) is not None:
                upcoming = preparer.submit(prepare_next)
                yield self._run_prepared(query, prepared)

    def _prepare_batch(self, query: LiteralString, batch: list[Row]) -> Any:
        """A batch readied for `_run_prepared`: its parameters (an engine may do more here)."""
        return {"rows": batch}

    def _run_prepared(self, query: LiteralString, prepared: Any) -> QueryResult:
        return self._run(query, prepared, AccessMode.WRITE)

    def ensure_schema(self, specs: Iterable[IndexSpec]) -> list[IndexSpec]:
        """Create the indexes and constraints that are missing; returns those it created."""
        wanted = list(dict.fromkeys(specs))
        for spec in wanted:
            check_identifier(spec.label)
            for prop in spec.properties:
                check_identifier(prop)
        existing = self._existing_indexes()
        created = [spec for spec in wanted if spec not in existing]
        for spec in created:
            self._create_index(spec)
        return created

    def clear(self, *, batch_size: int = 10_000) -> int:
        """Delete every node and relationship (indexes stay); returns the number of nodes deleted."""
        deleted = 0
        while True:
            rows = self.write(
                "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted",
                {"limit": batch_size},
            ).rows
            batch = int(rows[0]["deleted"]) if rows else 0
            deleted += batch
            if batch < batch_size:
                return deleted

    def size(self) -> tuple[int, int]:
        """Nodes and relationships: two counts both engines keep, so cheap on any graph (for probes)."""
        nodes = self.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
        relationships = self.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
        return int(nodes), int(relationships)

    def relationship_types(self) -> list[str]:
        """The relationship types the engine knows (one may have no relationship left), sorted."""
        rows = self.read("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType")
        return sorted(check_identifier(str(row["relationshipType"])) for row in rows)

    def stats(self) -> GraphStats:
        """Counts per label and per relationship type, one count query each: both engines answer a
        count on one label or type from their own counters, where grouping every node by its labels
        scans the graph (3 s at generator scale 1 on FalkorDB; measured in docs/benchmarks.md)."""
        nodes, relationships = self.size()
        labels: dict[str, int] = {}
        for row in self.read("CALL db.labels() YIELD label RETURN label"):
            label = check_identifier(str(row["label"]))
            labels[label] = int(self.read(f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"])
        types: dict[str, int] = {}
        for rel_type in self.relationship_types():
            types[rel_type] = int(self.read(f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS c")[0]["c"])
        return GraphStats(
            nodes=nodes,
            relationships=relationships,
            labels={k: v for k, v in sorted(labels.items()) if v},  # a label or type no longer used counts 0
            relationship_types={k: v for k, v in sorted(types.items()) if v},
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def batches_of(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(dict(row))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def rows_of(records: Sequence[Sequence[Any]], columns: Sequence[str]) -> list[Row]:
    return [dict(zip(columns, record, strict=True)) for record in records]
