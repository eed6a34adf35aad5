"""A neighbourhood: an entity and its neighbours within 1-3 hops, paged, as nodes and edges ready
for a front end; and its direct neighbours counted by relationship and class (`neighbour_counts`).

The first ring (depth 1) is read group by group, so its first page samples every group
(`jxkg.queries.neighbour_groups`); an entity that keeps no counts is read by id. Deeper
neighbourhoods come by (distance, id). Every read is bounded: the walk by a cap on the nodes
visited, each page by `limit`, and the cursor pages the one list it was given out for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, LiteralString

from jxkg.cursors import decode_cursor, encode_cursor
from jxkg.errors import NotFoundError, ParameterError, UnknownNameError
from jxkg.ontology.conventions import NEIGHBOUR_COUNTS, decode_neighbour_counts
from jxkg.ontology.schema import GraphSchema
from jxkg.queries.documents import cited_subgraph
from jxkg.queries.neighbour_groups import groups_of, sampled_page
from jxkg.queries.views import Direction, GraphEdge, GraphNode, NeighbourCount, Subgraph, graph_edge, graph_node
from jxkg.store import GraphStore

__all__ = ["MAX_DEPTH", "MAX_PAGE", "MAX_VISITED", "neighbour_counts", "neighbours", "page_nodes"]

MAX_DEPTH = 3
MAX_PAGE = 500
MAX_VISITED = 5_000  # nodes a neighbourhood read may visit before it stops and says so


def neighbour_counts(store: GraphStore, schema: GraphSchema, node: dict[str, Any]) -> list[NeighbourCount]:
    """The node's relationships by type, direction and the neighbours' class: the counts ingest keeps
    on it (`neighbourCounts`), or, on a node written before they were kept, counted now (a hub's
    thousands of relationships read: 100 ms and more at generator scale 1)."""
    kept = node["properties"].get(NEIGHBOUR_COUNTS)
    if isinstance(kept, list):
        return [
            NeighbourCount(relationship=rel, direction="out" if direction == "out" else "in", type=kind, count=count)
            for rel, direction, kind, count in decode_neighbour_counts(kept)
        ]
    rows = store.read(
        "MATCH (n:Entity {id: $id})-[r]-(m) "
        "RETURN type(r) AS rel, startNode(r) = n AS out, labels(m) AS labels, count(*) AS c",
        {"id": str(node["id"])},
    )
    return _counted(schema, rows)


def _counted(schema: GraphSchema, rows: list[dict[str, Any]]) -> list[NeighbourCount]:
    """Rows of (rel, out, labels, c) summed by relationship, direction and the neighbours' class."""
    counts: dict[tuple[str, Direction, str], int] = {}
    for row in rows:
        node_type = schema.most_specific_type(row["labels"])
        direction: Direction = "out" if row["out"] else "in"
        key = (str(row["rel"]), direction, node_type.name if node_type else "Entity")
        counts[key] = counts.get(key, 0) + int(row["c"])
    return [
        NeighbourCount(relationship=rel, direction=direction, type=kind, count=count)
        for (rel, direction, kind), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def neighbours(
    store: GraphStore,
    schema: GraphSchema,
    entity_id: str,
    *,
    depth: int = 1,
    relationship_types: Sequence[str] = (),
    label: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Subgraph:
    """The entity and its neighbours within `depth` hops, `limit` per page, each with its edges to
    the nodes one ring nearer the centre, so the pages put together draw the whole neighbourhood.

    Only the relationship types asked for are followed; the label filter picks which neighbours are
    returned (a walk goes through any). Depth 1 samples every group first (`_first_ring`); deeper,
    a breadth-first walk, one query per ring, gives the neighbours by (distance, id).
    """
    types = _checked_walk(schema, depth, limit, relationship_types, label)
    paged = ("neighbours", entity_id, depth, sorted(types), label)  # what a cursor pages
    centre_rows = store.read("MATCH (n:Entity {id: $id}) RETURN n", {"id": entity_id})
    if not centre_rows:
        raise NotFoundError(f"no entity with id {entity_id!r}")
    centre = centre_rows[0]["n"]

    if depth == 1:
        # every provenance cites its document and passage: one read for the page, here for each way
        return cited_subgraph(store, _first_ring(store, schema, centre, types, label, cursor, limit, paged))
    skip = decode_cursor(cursor, paged)
    walk = _Rings(entity_id, list(centre["labels"]))
    walk.run(store, types, label, depth)
    candidates = sorted(
        (node_id for node_id, d in walk.distance.items() if d > 0 and (label is None or label in walk.labels[node_id])),
        key=lambda node_id: (walk.distance[node_id], node_id),
    )
    page = candidates[skip : skip + limit]
    more = skip + limit < len(candidates)
    graph = Subgraph(
        nodes=[graph_node(centre, schema), *page_nodes(store, schema, page)],
        edges=_page_edges(store, schema, page, walk.parents, types),
        truncated=walk.truncated,
        next_cursor=encode_cursor(skip + limit, paged) if more else None,
        total=len(candidates),
        summary=neighbour_counts(store, schema, centre) if skip == 0 else [],
    )
    return cited_subgraph(store, graph)


def _checked_walk(
    schema: GraphSchema, depth: int, limit: int, relationship_types: Sequence[str], label: str | None
) -> list[str]:
    """The relationship types to follow, each once, once the arguments of `neighbours` are found good."""
    if not 1 <= depth <= MAX_DEPTH:
        raise ParameterError(f"depth must be between 1 and {MAX_DEPTH}, got {depth}", parameter="depth")
    if not 1 <= limit <= MAX_PAGE:
        raise ParameterError(f"limit must be between 1 and {MAX_PAGE}, got {limit}", parameter="limit")
    known_types = {r.type for r in schema.relationships}
    for rel_type in relationship_types:
        if rel_type not in known_types:
            raise UnknownNameError("relationship type", rel_type, known_types)
    if label is not None:
        schema.node_type(label)
    return list(dict.fromkeys(relationship_types))


class _Rings:
    """The breadth-first walk of `neighbours` beyond the first ring: each node reached, its distance
    from the centre, its labels (when a label filters them), and its neighbours one ring nearer."""

    def __init__(self, centre_id: str, centre_labels: list[str]) -> None:
        self.distance: dict[str, int] = {centre_id: 0}
        self.labels: dict[str, list[str]] = {centre_id: centre_labels}
        self.parents: dict[str, set[str]] = {}
        self.truncated = False  # the walk stopped at MAX_VISITED nodes
        self._frontier = [centre_id]

    def run(self, store: GraphStore, types: list[str], label: str | None, depth: int) -> None:
        # the walk reads ids (and labels, to filter by one) only; whole nodes and relationships are read
        # for one page: at a hub, reading them all costs more than the walk itself
        ring_query: LiteralString = (
            "MATCH (n:Entity)-[r]-(m:Entity) WHERE n.id IN $frontier AND ($types IS NULL OR type(r) IN $types) "
            "RETURN DISTINCT n.id AS from, m.id AS to, labels(m) AS labels ORDER BY to LIMIT $cap"
            if label is not None
            else "MATCH (n:Entity)-[r]-(m:Entity) WHERE n.id IN $frontier AND ($types IS NULL OR type(r) IN $types) "
            "RETURN DISTINCT n.id AS from, m.id AS to, [] AS labels ORDER BY to LIMIT $cap"
        )
        for ring in range(1, depth + 1):
            if not self._frontier:
                break
            rows = store.read(ring_query, {"frontier": self._frontier, "types": types or None, "cap": MAX_VISITED + 1})
            if len(rows) > MAX_VISITED:
                self.truncated = True
            self._frontier = self._ring(ring, rows)

    def _ring(self, ring: int, rows: list[dict[str, Any]]) -> list[str]:
        """Take in one ring's rows; returns the nodes first reached in it (the next frontier)."""
        reached: list[str] = []
        for row in rows:
            other_id = str(row["to"])
            if other_id not in self.distance:
                if len(self.distance) > MAX_VISITED:
                    self.truncated = True
                    continue
                self.distance[other_id] = ring
                self.labels[other_id] = list(row["labels"])
                reached.append(other_id)
            if self.distance[other_id] == ring:
                self.parents.setdefault(other_id, set()).add(str(row["from"]))
        return reached


def _first_ring(
    store: GraphStore,
    schema: GraphSchema,
    centre: dict[str, Any],
    types: list[str],
    label: str | None,
    cursor: str | None,
    limit: int,
    paged: Sequence[object],
) -> Subgraph:
    """Depth 1, group by group (`jxkg.queries.neighbour_groups`): every group of the entity's kept
    counts gets a share of the page, each group's neighbours by provenance, degree and id. An entity
    that keeps no counts (written before they were kept: `jxkg audit --repair-counts` mends it), or
    whose graph holds more neighbours than its counts say, is read by id instead (`_first_ring_by_id`),
    still exactly paged; its cursor is not one of the grouped list's, and the other way round."""
    entity_id = str(centre["id"])
    groups = groups_of(schema, centre, types, label)
    sampled = (
        None
        if groups is None
        else sampled_page(store, schema, entity_id, groups, (types, label), (cursor, limit, paged))
    )
    if sampled is None:
        return _first_ring_by_id(store, schema, centre, types, label, cursor, limit, paged)
    nodes = [graph_node(node, schema) for node in sampled.nodes]
    page = [node.id for node in nodes]
    return Subgraph(
        nodes=[graph_node(centre, schema), *nodes],
        edges=_page_edges(store, schema, page, {node_id: {entity_id} for node_id in page}, types),
        truncated=False,
        next_cursor=sampled.next_cursor,
        total=sampled.total,
        summary=neighbour_counts(store, schema, centre) if not cursor else [],
    )


def _first_ring_by_id(
    store: GraphStore,
    schema: GraphSchema,
    centre: dict[str, Any],
    types: list[str],
    label: str | None,
    cursor: str | None,
    limit: int,
    paged: Sequence[object],
) -> Subgraph:
    """Depth 1 by id: the engine counts the neighbours and cuts the page itself, so a hub with
    thousands of neighbours costs one page, not thousands of rows (docs/benchmarks.md)."""
    skip = decode_cursor(cursor, paged)
    entity_id = str(centre["id"])
    params = {"id": entity_id, "types": types or None, "label": label, "skip": skip, "limit": limit}
    match: LiteralString = (
        "MATCH (n:Entity {id: $id})-[r]-(m:Entity) WHERE ($types IS NULL OR type(r) IN $types) AND $label IN labels(m) "
        if label is not None
        else "MATCH (n:Entity {id: $id})-[r]-(m:Entity) WHERE ($types IS NULL OR type(r) IN $types) "
    )
    # one pass gives both the count and the page: the sorted ids are collected once
    (answer,) = store.read(
        match + "WITH DISTINCT m.id AS id ORDER BY id WITH collect(id) AS ids "
        "RETURN size(ids) AS total, ids[$skip..$skip + $limit] AS page",
        params,
    )
    total, page = int(answer["total"]), [str(node_id) for node_id in answer["page"]]
    return Subgraph(
        nodes=[graph_node(centre, schema), *page_nodes(store, schema, page)],
        edges=_page_edges(store, schema, page, {node_id: {entity_id} for node_id in page}, types),
        truncated=False,
        next_cursor=encode_cursor(skip + limit, paged) if skip + limit < total else None,
        total=total,
        summary=neighbour_counts(store, schema, centre) if skip == 0 else [],
    )


def page_nodes(store: GraphStore, schema: GraphSchema, page: list[str]) -> list[GraphNode]:
    """The nodes with these ids, in the order given (ids not found left out)."""
    if not page:
        return []
    found = {
        str(row["n"]["id"]): row["n"]
        for row in store.read("MATCH (n:Entity) WHERE n.id IN $ids RETURN n", {"ids": page})
    }
    return [graph_node(found[node_id], schema) for node_id in page if node_id in found]


def _page_edges(
    store: GraphStore, schema: GraphSchema, page: list[str], parents: dict[str, set[str]], types: list[str]
) -> list[GraphEdge]:
    """The relationships between each node of the page and its nodes one ring nearer the centre."""
    pairs = [{"a": node_id, "b": parent} for node_id in page for parent in sorted(parents.get(node_id, ()))]
    if not pairs:
        return []
    # both ends found by id first, then the relationships between them (`WITH a, b`: FalkorDB then
    # looks them up between the two, where it expanded the page node whole and filtered by the other
    # end: 70 ms for a county of 11,684 relationships, 0.8 ms now); a hub is never expanded
    rows = store.read(
        "UNWIND $pairs AS pair MATCH (a:Entity {id: pair.a}) MATCH (b:Entity {id: pair.b}) WITH a, b "
        "MATCH (a)-[r]-(b) WHERE $types IS NULL OR type(r) IN $types RETURN a.id AS a, b.id AS b, r",
        {"pairs": pairs, "types": types or None},
    )
    edges: dict[str, GraphEdge] = {}
    for row in rows:
        if str(row["b"]) in parents.get(str(row["a"]), ()):
            edge = graph_edge(row["r"], schema)
            edges.setdefault(edge.id, edge)
    return sorted(edges.values(), key=lambda e: e.id)
