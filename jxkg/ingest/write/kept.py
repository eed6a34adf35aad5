"""Counts the engines do not keep, kept on the entities by the writer: an entity's degree and its
neighbours counted by relationship, direction and the neighbour's class.

Neither engine keeps a node's degree by type: counting it means reading every relationship of the
node, and at a hub (a city with 28,000 neighbours) or for every organisation of the province
(`best-connected-organisations`) that is seconds (docs/benchmarks.md). So the writer keeps them, as
bookkeeping properties (`jx:bookkeeping`: not data, exports leave them out):
- `degree`: the relationships in either direction, the provenance links (`PROVENANCE_LINKS`) left out;
- `neighbourCounts`: `TYPE|out|Class|count` texts, one per relationship type, direction and
  neighbour's class, every relationship counted (`encode_neighbour_counts`).

They are recounted for the entities a run touched (`recount`): the nodes it wrote (writing a node
replaces its properties), the ends of the relationships it created or deleted, the neighbours of a
node whose class changed or that was deleted. A recount is idempotent: the counts equal what a count
of the graph gives, however often it runs. `audit_counts` recounts every entity and lists those whose
kept counts differ; `recount` of all of them (`jxkg audit --repair-counts`) mends a graph loaded
before the counts were kept.

The relationships are counted one type and direction at a time (`MATCH (n)-[:T]->(m)`): an untyped
`type(r)` makes FalkorDB read every relationship whole, about 10x slower (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from jxkg.ontology.conventions import (
    DEGREE,
    FACT_KINDS,
    NEIGHBOUR_COUNTS,
    PROVENANCE_KIND,
    PROVENANCE_LINKS,
    encode_neighbour_counts,
)
from jxkg.ontology.schema import GraphSchema
from jxkg.store import GraphStore
from jxkg.store.base import check_identifier

__all__ = [
    "NO_COUNTS",
    "ClassNames",
    "Counted",
    "CountsAudit",
    "KeptCounts",
    "Mismatch",
    "audit_counts",
    "count_pairs",
    "counted_everywhere",
    "neighbours",
    "recount",
    "recounted",
    "uncounted",
]

_BATCH = 2_000  # entities recounted per statement
_SPAN = 50_000  # internal ids read per statement in a whole-graph recount
WHOLE_GRAPH_FROM = 20_000  # from this many entities, a recount is one pass over the graph

_Key = TypeVar("_Key", str, int)  # a node's key: its id, or the engine's internal id
# (relationship type, "out" | "in", neighbour's class) -> count
Tally = dict[tuple[str, str, str], int]


class ClassNames:
    """A node's most specific class from its labels ("Entity" when they are no concrete class's),
    each label set looked up in the schema once: a count meets the same few label sets again and again."""

    def __init__(self, schema: GraphSchema) -> None:
        self._schema = schema
        self._known: dict[tuple[str, ...], str] = {}

    def __call__(self, labels: Iterable[str]) -> str:
        key = tuple(sorted(labels))
        if key not in self._known:
            node_type = self._schema.most_specific_type(key)
            self._known[key] = node_type.name if node_type else "Entity"
        return self._known[key]


@dataclass(frozen=True)
class KeptCounts:
    """One entity's kept counts, as they are written on it."""

    degree: int
    neighbour_counts: tuple[str, ...]  # as kept (`encode_neighbour_counts`)
    fact_kinds: tuple[str, ...] = ()  # its own provenance kind and its outgoing relationships', sorted

    def properties(self) -> dict[str, object]:
        """As the node's properties."""
        return {DEGREE: self.degree, NEIGHBOUR_COUNTS: list(self.neighbour_counts), FACT_KINDS: list(self.fact_kinds)}

    @classmethod
    def of(cls, tally: Tally, kinds: Iterable[object] = ()) -> KeptCounts:
        degree = sum(c for (rel, _, _), c in tally.items() if rel not in PROVENANCE_LINKS)
        return cls(degree=degree, neighbour_counts=encode(tally), fact_kinds=fact_kinds(kinds))


def fact_kinds(kinds: Iterable[object]) -> tuple[str, ...]:
    """`factKinds` as kept: the distinct provenance kinds given (none left out), sorted."""
    return tuple(sorted({str(kind) for kind in kinds if kind is not None}))


@dataclass(frozen=True)
class Mismatch:
    """An entity whose kept counts differ from a recount (None: not kept at all)."""

    id: str
    kept: KeptCounts | None
    counted: KeptCounts


# the kept counts of an entity with no relationships, as properties to set
NO_COUNTS: dict[str, object] = {DEGREE: 0, NEIGHBOUR_COUNTS: [], FACT_KINDS: []}


def encode(tally: Tally) -> tuple[str, ...]:
    return tuple(
        encode_neighbour_counts((rel, direction, kind, count) for (rel, direction, kind), count in tally.items())
    )


def recounted(
    store: GraphStore, schema: GraphSchema, ids: Sequence[str], types: Sequence[str] | None = None
) -> dict[str, KeptCounts]:
    """What the counts of each of `ids` found in the graph are, counted now (ids not found are left
    out); `types`: the graph's relationship types, when the caller has them already."""
    tallies: dict[str, Tally] = {}
    kinds: dict[str, set[object]] = {}
    class_of = ClassNames(schema)
    rel_types = store.relationship_types() if types is None else types
    for i in range(0, len(ids), _BATCH):
        batch = list(ids[i : i + _BATCH])
        found = store.read(
            f"UNWIND $ids AS i MATCH (n:Entity {{id: i}}) RETURN n.id AS id, n.{PROVENANCE_KIND} AS kind",
            {"ids": batch},
        )
        for row in found:
            tallies[str(row["id"])] = {}
            kinds[str(row["id"])] = {row["kind"]}
        for rel_type in rel_types:
            for direction, pattern in (("out", "-[r:{t}]->"), ("in", "<-[r:{t}]-")):
                arrow = pattern.format(t=check_identifier(rel_type))
                # the relationship's kind is read in both directions: FalkorDB (4.16) counts parallel
                # relationships between two nodes once when the pattern does not read the relationship
                # (docs/benchmarks.md); an outgoing one's kind is kept on its start (`factKinds`)
                rows = store.read(
                    f"UNWIND $ids AS i MATCH (n:Entity {{id: i}}){arrow}(m) "
                    f"RETURN n.id AS id, labels(m) AS labels, r.{PROVENANCE_KIND} AS kind, count(*) AS c",
                    {"ids": batch},
                )
                for row in rows:
                    key = (rel_type, direction, class_of(row["labels"]))
                    tally = tallies.setdefault(str(row["id"]), {})  # written since `found` was read
                    tally[key] = tally.get(key, 0) + int(row["c"])
                    if direction == "out":
                        kinds.setdefault(str(row["id"]), set()).add(row["kind"])
    return {entity_id: KeptCounts.of(tally, kinds.get(entity_id, ())) for entity_id, tally in tallies.items()}


@dataclass(frozen=True)
class Counted:
    """The counts of every entity, as one pass over the graph found them."""

    counts: dict[str, KeptCounts]
    # relationships left out because an end was written after the pass read the entities: another
    # process wrote while the pass ran (its own recount counts them when it finishes)
    late: int


def counted_everywhere(store: GraphStore, schema: GraphSchema, types: Sequence[str] | None = None) -> Counted:
    """Every entity's counts, counted now from one pass over each relationship type: the engine gives
    the pairs of ids and Python tallies them. For many entities this is faster than the engine's own
    grouping (`recounted`): FalkorDB groups 2M relationship ends by entity and class in 82 s at
    generator scale 1, reads them in 29 s (docs/benchmarks.md). The pass is not one transaction: a
    relationship to an entity written after the entities were read is left out and counted in `late`."""
    ids: dict[int, str] = {}  # the engine's internal id -> the entity's id
    classes: dict[int, str] = {}
    own_kinds: dict[int, object] = {}
    class_of = ClassNames(schema)
    spans = _spans(store)
    for span in spans:
        query = (
            "MATCH (n:Entity) WHERE $lo <= id(n) < $hi "
            f"RETURN id(n) AS nid, n.id AS id, labels(n) AS labels, n.{PROVENANCE_KIND} AS kind"
        )
        for row in store.read(query, span):
            ids[int(row["nid"])] = str(row["id"])
            classes[int(row["nid"])] = class_of(row["labels"])
            own_kinds[int(row["nid"])] = row["kind"]

    late = 0

    def pairs() -> Iterator[tuple[str, int, int, object]]:
        nonlocal late
        for rel_type in store.relationship_types() if types is None else types:
            # internal ids: the pairs of a million relationships read as numbers, not as text
            query = (
                f"MATCH (a:Entity)-[r:{check_identifier(rel_type)}]->(b:Entity) WHERE $lo <= id(a) < $hi "
                f"RETURN id(a) AS a, id(b) AS b, r.{PROVENANCE_KIND} AS kind"
            )
            for span in spans:
                for row in store.read(query, span):
                    start, end = int(row["a"]), int(row["b"])
                    if start in classes and end in classes:
                        yield rel_type, start, end, row["kind"]
                    else:
                        late += 1

    counted = count_pairs(classes, pairs(), own_kinds)
    return Counted(counts={ids[nid]: kept for nid, kept in counted.items()}, late=late)


def count_pairs(
    classes: Mapping[_Key, str],
    pairs: Iterable[tuple[str, _Key, _Key, object]],
    own_kinds: Mapping[_Key, object],
) -> dict[_Key, KeptCounts]:
    """The counts of every node of `classes` (its most specific class, by its key) from the
    (relationship type, start, end, provenance kind) of every relationship between them, and each
    node's own provenance kind (`own_kinds`)."""
    tallies: dict[_Key, Tally] = {key: {} for key in classes}
    kinds: dict[_Key, set[object]] = {key: {own_kinds.get(key)} for key in classes}
    for rel_type, start, end, kind in pairs:
        out, into = tallies[start], tallies[end]
        key = (rel_type, "out", classes[end])
        out[key] = out.get(key, 0) + 1
        key = (rel_type, "in", classes[start])
        into[key] = into.get(key, 0) + 1
        kinds[start].add(kind)
    return {key: KeptCounts.of(tally, kinds[key]) for key, tally in tallies.items()}


def uncounted(store: GraphStore) -> set[str]:
    """The entities that keep no counts (written before they were kept, or by a hand-written query)."""
    query = f"MATCH (n:Entity) WHERE n.{DEGREE} IS NULL OR n.{FACT_KINDS} IS NULL RETURN n.id AS id"
    return {str(row["id"]) for row in store.read(query)}


def _spans(store: GraphStore) -> list[dict[str, int]]:
    """The engine's internal node ids in ranges of `_SPAN`: a whole-graph read a range at a time,
    each well within the query time limit (both engines scan a range of ids without a full scan)."""
    (row,) = store.read("MATCH (n) RETURN max(id(n)) AS top")
    top = -1 if row["top"] is None else int(row["top"])
    return [{"lo": lo, "hi": lo + _SPAN} for lo in range(0, top + 1, _SPAN)]


def recount(store: GraphStore, schema: GraphSchema, ids: Iterable[str]) -> int:
    """Count the relationships of `ids` again and keep the counts on them; returns how many entities
    were recounted (ids no longer in the graph are skipped). Up to `WHOLE_GRAPH_FROM` entities are
    counted where they are (`recounted`); more, as a first load touches, in one pass over the graph."""
    wanted = sorted(set(ids))
    types = store.relationship_types()
    if len(wanted) >= WHOLE_GRAPH_FROM:
        everywhere = counted_everywhere(store, schema, types).counts
        return _keep(store, {entity_id: everywhere[entity_id] for entity_id in wanted if entity_id in everywhere})
    done = 0
    for i in range(0, len(wanted), _BATCH):
        done += _keep(store, recounted(store, schema, wanted[i : i + _BATCH], types))
    return done


def _keep(store: GraphStore, counts: dict[str, KeptCounts]) -> int:
    """Write the counts on their entities."""
    rows = [
        {"id": entity_id, "degree": kept.degree, "counts": list(kept.neighbour_counts), "kinds": list(kept.fact_kinds)}
        for entity_id, kept in sorted(counts.items())
    ]
    if rows:
        store.write_batch(
            f"UNWIND $rows AS row MATCH (n:Entity {{id: row.id}}) "
            f"SET n.{DEGREE} = row.degree, n.{NEIGHBOUR_COUNTS} = row.counts, n.{FACT_KINDS} = row.kinds",
            rows,
            batch_size=_BATCH * 5,
        )
    return len(rows)


def neighbours(store: GraphStore, ids: Iterable[str]) -> set[str]:
    """The entities related to any of `ids` (whose counts change when one of them changes class or goes)."""
    wanted = sorted(set(ids))
    found: set[str] = set()
    for i in range(0, len(wanted), _BATCH):
        rows = store.read(
            "UNWIND $ids AS i MATCH (n:Entity {id: i})--(m:Entity) RETURN DISTINCT m.id AS id",
            {"ids": wanted[i : i + _BATCH]},
        )
        found.update(str(row["id"]) for row in rows)
    return found


@dataclass(frozen=True)
class CountsAudit:
    """Every entity's kept counts against a recount."""

    differing: int  # entities whose kept counts differ (or that keep none)
    first: list[Mismatch]  # the first of them, by id
    late: int  # relationships written while the recount ran, left out of it (`Counted.late`)


def audit_counts(store: GraphStore, schema: GraphSchema, *, limit: int = 100) -> CountsAudit:
    """Recount every entity and compare with what is kept; the first `limit` that differ are listed."""
    counted = counted_everywhere(store, schema)
    kept = _kept(store)
    differing = 0
    found: list[Mismatch] = []
    for entity_id, counts in sorted(counted.counts.items()):
        if kept.get(entity_id) != counts:
            differing += 1
            if len(found) < limit:
                found.append(Mismatch(id=entity_id, kept=kept.get(entity_id), counted=counts))
    return CountsAudit(differing=differing, first=found, late=counted.late)


def _kept(store: GraphStore) -> dict[str, KeptCounts]:
    """The counts kept on every entity (one without them is left out)."""
    rows = store.read(
        f"MATCH (n:Entity) RETURN n.id AS id, n.{DEGREE} AS degree, n.{NEIGHBOUR_COUNTS} AS counts, "
        f"n.{FACT_KINDS} AS kinds"
    )
    return {
        str(row["id"]): KeptCounts(
            degree=int(row["degree"]),
            neighbour_counts=tuple(str(c) for c in row["counts"]),
            fact_kinds=tuple(str(k) for k in row["kinds"]),
        )
        for row in rows
        if row["degree"] is not None and row["counts"] is not None and row["kinds"] is not None
    }
