"""What each source document supports, kept on its SourceDocument node by the writer: the nodes and
relationships whose `source` is one of the document's sections (`file#section`), counted by class
(or relationship type) and provenance kind (`supportCounts`, a bookkeeping property).

Counting them means reading the `source` of every node and relationship of the graph: at generator
scale 1 (a million relationships) that is seconds, too slow for a question
(`source-document-support`) and cheap once per run. So the writer counts every document again, in
one pass, after a run that changed the graph (`keep_support`); a recount is idempotent, and a run
also counts again when a document keeps no counts (loaded before they were kept, or written around
ingest). `audit_support` compares what is kept with a recount (`jxkg audit`).

The engine groups the facts by their whole `source` (a few hundred sections), provenance kind and
class (or type), so the pass returns few rows; Python maps each source to its document and each
label set to its most specific class.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from jxkg.ingest.write.kept import ClassNames
from jxkg.ontology.conventions import PROVENANCE_KIND, SOURCE, SUPPORT_COUNTS, encode_support_counts
from jxkg.ontology.schema import GraphSchema
from jxkg.store import GraphStore

__all__ = [
    "Fact",
    "SupportMismatch",
    "audit_support",
    "counted_support",
    "keep_counted",
    "keep_support",
    "support_of",
    "unkept_support",
]

# (node | relationship, class or type, provenance kind) -> count
Tally = dict[tuple[str, str, str | None], int]


@dataclass(frozen=True)
class Fact:
    """Facts of one class (or relationship type), source and provenance kind, and how many."""

    what: str  # node | relationship
    name: str  # the class or the relationship type
    source: object
    kind: object
    count: int = 1


@dataclass(frozen=True)
class SupportMismatch:
    """A document whose kept support counts differ from a recount (None: not kept at all)."""

    file: str
    kept: tuple[str, ...] | None
    counted: tuple[str, ...]


def counted_support(store: GraphStore, schema: GraphSchema) -> dict[str, tuple[str, ...]]:
    """Every source document's support counts, counted now, as kept (`encode_support_counts`), by the
    document's file name."""
    files = store.read("MATCH (d:SourceDocument) WHERE d.fileName IS NOT NULL RETURN d.fileName AS file")
    return support_of((str(row["file"]) for row in files), _facts(store, schema))


def _facts(store: GraphStore, schema: GraphSchema) -> Iterator[Fact]:
    """The graph's facts with a sectioned source, grouped by the engine by source and kind."""
    class_of = ClassNames(schema)
    node_rows = store.read(
        f"MATCH (n:Entity) WHERE n.{SOURCE} CONTAINS '#' "
        f"RETURN n.{SOURCE} AS source, labels(n) AS labels, n.{PROVENANCE_KIND} AS kind, count(*) AS c"
    )
    for row in node_rows:
        yield Fact("node", class_of(row["labels"]), row["source"], row["kind"], int(row["c"]))
    # one untyped pass: the source of every relationship is read whatever the pattern, and FalkorDB
    # scans every node once per pattern, so one pass per type took twice as long at generator scale 1
    # (docs/benchmarks.md, "What each source document supports")
    rows = store.read(
        f"MATCH (:Entity)-[r]->(:Entity) WHERE r.{SOURCE} CONTAINS '#' "
        f"RETURN type(r) AS type, r.{SOURCE} AS source, r.{PROVENANCE_KIND} AS kind, count(*) AS c"
    )
    for row in rows:
        yield Fact("relationship", str(row["type"]), row["source"], row["kind"], int(row["c"]))


def support_of(files: Iterable[str], facts: Iterable[Fact]) -> dict[str, tuple[str, ...]]:
    """The support counts of each of `files` (documents' file names) from `facts`: those whose
    source is one of the document's sections (`file#section`) counted, the others left out."""
    tallies: dict[str, Tally] = {file: {} for file in files}
    for fact in facts:
        file, hashed, _ = str(fact.source).partition("#")
        tally = tallies.get(file) if hashed and fact.source is not None else None
        if tally is not None:
            key = (fact.what, fact.name, None if fact.kind is None else str(fact.kind))
            tally[key] = tally.get(key, 0) + fact.count
    return {
        file: tuple(encode_support_counts((what, name, kind, count) for (what, name, kind), count in tally.items()))
        for file, tally in tallies.items()
    }


def keep_support(store: GraphStore, schema: GraphSchema) -> int:
    """Count what every document supports and keep it on the document; returns how many documents."""
    return keep_counted(store, counted_support(store, schema))


def keep_counted(store: GraphStore, counted: Mapping[str, tuple[str, ...]]) -> int:
    """Keep support counts already counted (`counted_support`, `audit_support`'s recount) on their
    documents, by file name; returns how many documents."""
    rows = [{"file": file, "counts": list(counts)} for file, counts in sorted(counted.items())]
    if rows:
        store.write(
            "UNWIND $rows AS row MATCH (d:SourceDocument) WHERE d.fileName = row.file "
            f"SET d.{SUPPORT_COUNTS} = row.counts",
            {"rows": rows},
        )
    return len(rows)


def unkept_support(store: GraphStore) -> bool:
    """Whether a document keeps no support counts (loaded before they were kept, or written around ingest)."""
    rows = store.read(
        f"MATCH (d:SourceDocument) WHERE d.fileName IS NOT NULL AND d.{SUPPORT_COUNTS} IS NULL RETURN count(d) AS c"
    )
    return bool(rows) and int(rows[0]["c"]) > 0


def audit_support(store: GraphStore, schema: GraphSchema) -> list[SupportMismatch]:
    """The documents whose kept support counts differ from a recount, by file name."""
    counted = counted_support(store, schema)
    kept = _kept(store)
    return [
        SupportMismatch(file=file, kept=kept.get(file), counted=counts)
        for file, counts in sorted(counted.items())
        if kept.get(file) != counts
    ]


def _kept(store: GraphStore) -> dict[str, tuple[str, ...]]:
    rows = store.read(f"MATCH (d:SourceDocument) RETURN d.fileName AS file, d.{SUPPORT_COUNTS} AS counts")
    return {str(row["file"]): tuple(str(c) for c in row["counts"]) for row in rows if row["counts"] is not None}
