"""The explorer's reads: search, one entity, its neighbourhood, the paths between two entities, the
subgraph a set of entities spans (a shared view, a question's answer drawn as a graph).

Every read is bounded: neighbourhoods by a cap on the nodes visited and paged by a cursor, paths by
the number of hops, subgraphs by the number of ids. Search lives in `jxkg.queries.search` (ranked
through the name resolver, and inside quotes); `explore.search` is its entity search.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, LiteralString

from jxkg.errors import NotFoundError, ParameterError, UnknownNameError
from jxkg.ontology.conventions import NEIGHBOUR_COUNTS, QUOTE, SOURCE, decode_neighbour_counts
from jxkg.ontology.schema import GraphSchema
from jxkg.queries import summaries
from jxkg.queries.cursors import decode_cursor, encode_cursor
from jxkg.queries.documents import cited_sources
from jxkg.queries.model import NeighbourSummary
from jxkg.queries.search import MAX_SEARCH_RESULTS as MAX_SEARCH_RESULTS  # explore.search: the entity search
from jxkg.queries.search import search as search
from jxkg.queries.tabular import entity_ids
from jxkg.queries.views import (
    Direction,
    EntityDetail,
    GraphEdge,
    GraphNode,
    GraphPath,
    Mention,
    NeighbourCount,
    PathsAnswer,
    Subgraph,
    graph_edge,
    graph_node,
)
from jxkg.queries.views import (
    SearchResult as SearchResult,
)
from jxkg.store import GraphStore

MAX_DEPTH = 3
MAX_PAGE = 500
MAX_VISITED = 5_000  # nodes a neighbourhood read may visit before it stops and says so
MAX_HOPS = 6
MAX_PATHS = 25
MAX_SUBGRAPH_IDS = 500  # entities one subgraph read may ask for

# one statement per path length: a variable-length bound cannot be a parameter
_PATH_QUERIES: dict[int, LiteralString] = {
    1: "MATCH (a:Entity {id: $start}), (b:Entity {id: $end}) WITH a, b "
    "MATCH p = allShortestPaths((a)-[*..1]-(b)) RETURN p LIMIT $limit",
    2: "MATCH (a:Entity {id: $start}), (b:Entity {id: $end}) WITH a, b "
    "MATCH p = allShortestPaths((a)-[*..2]-(b)) RETURN p LIMIT $limit",
    3: "MATCH (a:Entity {id: $start}), (b:Entity {id: $end}) WITH a, b "
    "MATCH p = allShortestPaths((a)-[*..3]-(b)) RETURN p LIMIT $limit",
    4: "MATCH (a:Entity {id: $start}), (b:Entity {id: $end}) WITH a, b "
    "MATCH p = allShortestPaths((a)-[*..4]-(b)) RETURN p LIMIT $limit",
    5: "MATCH (a:Entity {id: $start}), (b:Entity {id: $end}) WITH a, b "
    "MATCH p = allShortestPaths((a)-[*..5]-(b)) RETURN p LIMIT $limit",
    6: "MATCH (a:Entity {id: $start}), (b:Entity {id: $end}) WITH a, b "
    "MATCH p = allShortestPaths((a)-[*..6]-(b)) RETURN p LIMIT $limit",
}


# --- one entity -------------------------------------------------------------------------------


def entity(store: GraphStore, schema: GraphSchema, entity_id: str) -> EntityDetail:
    """An entity's class, properties (derived bookkeeping left out), provenance, mentions and
    relationship counts, in one round trip to the engine."""
    rows = store.read(
        "MATCH (n:Entity {id: $id}) "
        "OPTIONAL MATCH (n)-[m:MENTIONED_IN]->(p:Entity) "
        "WITH n, m, p ORDER BY p.id "
        "WITH n, collect(CASE WHEN p IS NULL THEN NULL ELSE {id: p.id, caption: coalesce(p.nameZh, p.title, p.id), "
        f"quote: coalesce(p.{QUOTE}, m.{QUOTE}), source: coalesce(p.{SOURCE}, m.{SOURCE})}} END) AS mentions "
        "RETURN n, mentions",
        {"id": entity_id},
    )
    if not rows:
        raise NotFoundError(f"no entity with id {entity_id!r}")
    raw = rows[0]["n"]
    hidden = {p.name for p in schema.properties if p.derived}
    node = graph_node(raw, schema)
    mentions = [
        Mention(id=str(m["id"]), caption_zh=str(m["caption"]), quote=m["quote"], source=m["source"])
        for m in rows[0]["mentions"]
    ]
    return EntityDetail(
        node=node,
        properties={k: v for k, v in sorted(raw["properties"].items()) if k not in hidden},
        relationship_counts=_neighbour_counts(store, schema, raw),
        mentions=mentions,
        sources=cited_sources(store, [node.provenance.source, *(m.source for m in mentions)]),
    )


def _neighbour_counts(store: GraphStore, schema: GraphSchema, node: dict[str, Any]) -> list[NeighbourCount]:
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


# --- neighbourhoods -----------------------------------------------------------------------------


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
    """The entity and its neighbours within `depth` hops, nearest first, `limit` per page.

    A breadth-first walk, one query per ring, follows only the relationship types asked for; the
    label filter picks which neighbours are returned (the walk goes through any). A page holds
    neighbours ordered by (distance, id) and, for each, its edges to nodes nearer the centre, so
    the pages put together draw the whole neighbourhood.
    """
    types = _checked_walk(schema, depth, limit, relationship_types, label)
    paged = ("neighbours", entity_id, depth, sorted(types), label)  # what a cursor pages
    skip = decode_cursor(cursor, paged)
    centre_rows = store.read("MATCH (n:Entity {id: $id}) RETURN n", {"id": entity_id})
    if not centre_rows:
        raise NotFoundError(f"no entity with id {entity_id!r}")
    centre = centre_rows[0]["n"]

    if depth == 1:
        return _first_ring(store, schema, centre, types, label, skip, limit, paged)
    walk = _Rings(entity_id, list(centre["labels"]))
    walk.run(store, types, label, depth)
    candidates = sorted(
        (node_id for node_id, d in walk.distance.items() if d > 0 and (label is None or label in walk.labels[node_id])),
        key=lambda node_id: (walk.distance[node_id], node_id),
    )
    page = candidates[skip : skip + limit]
    more = skip + limit < len(candidates)
    return Subgraph(
        nodes=[graph_node(centre, schema), *_page_nodes(store, schema, page)],
        edges=_page_edges(store, schema, page, walk.parents, types),
        truncated=walk.truncated,
        next_cursor=encode_cursor(skip + limit, paged) if more else None,
        total=len(candidates),
        summary=_neighbour_counts(store, schema, centre) if skip == 0 else [],
    )


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
    skip: int,
    limit: int,
    paged: Sequence[object],
) -> Subgraph:
    """Depth 1: the engine counts the neighbours and cuts the page itself, so a hub with thousands
    of neighbours costs one page, not thousands of rows (docs/benchmarks.md)."""
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
        nodes=[graph_node(centre, schema), *_page_nodes(store, schema, page)],
        edges=_page_edges(store, schema, page, {node_id: {entity_id} for node_id in page}, types),
        truncated=False,
        next_cursor=encode_cursor(skip + limit, paged) if skip + limit < total else None,
        total=total,
        summary=_neighbour_counts(store, schema, centre) if skip == 0 else [],
    )


def _page_nodes(store: GraphStore, schema: GraphSchema, page: list[str]) -> list[GraphNode]:
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
    # from each page node to its parent: a hub at the centre is never expanded whole
    rows = store.read(
        "UNWIND $pairs AS pair MATCH (a:Entity {id: pair.a}) MATCH (a)-[r]-(b:Entity) "
        "WHERE b.id = pair.b AND ($types IS NULL OR type(r) IN $types) RETURN a.id AS a, b.id AS b, r",
        {"pairs": pairs, "types": types or None},
    )
    edges: dict[str, GraphEdge] = {}
    for row in rows:
        if str(row["b"]) in parents.get(str(row["a"]), ()):
            edge = graph_edge(row["r"], schema)
            edges.setdefault(edge.id, edge)
    return sorted(edges.values(), key=lambda e: e.id)


# --- the subgraph a set of entities spans -------------------------------------------------------


def subgraph(store: GraphStore, schema: GraphSchema, ids: Sequence[str]) -> Subgraph:
    """The entities with these ids, in the order given (unknown ids left out, a repeated one kept
    once), and every relationship between two of them, each once, sorted by its id. Two round trips
    to the engine; at most MAX_SUBGRAPH_IDS ids. `total` is the number of entities found."""
    if len(ids) > MAX_SUBGRAPH_IDS:
        raise ParameterError(f"at most {MAX_SUBGRAPH_IDS} ids can be drawn at once, got {len(ids)}", parameter="ids")
    wanted = list(dict.fromkeys(str(node_id) for node_id in ids))
    if not wanted:
        return Subgraph(nodes=[], edges=[], total=0)
    nodes = _page_nodes(store, schema, wanted)
    found = [node.id for node in nodes]
    edges: dict[str, GraphEdge] = {}
    if found:
        # directed, so each relationship comes once; both ends are looked up by the id index
        rows = store.read(
            "MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id IN $ids AND b.id IN $ids RETURN r", {"ids": found}
        )
        for row in rows:
            edge = graph_edge(row["r"], schema)
            edges.setdefault(edge.id, edge)
    return Subgraph(nodes=nodes, edges=sorted(edges.values(), key=lambda e: e.id), total=len(nodes))


def answer_graph(
    store: GraphStore,
    schema: GraphSchema,
    columns: Sequence[str],
    rows: Sequence[dict[str, Any]],
    *,
    summarise: NeighbourSummary | None = None,
) -> Subgraph:
    """A question's answer as a graph: the subgraph of the entities its rows name (`entity_ids`),
    the first MAX_SUBGRAPH_IDS of them; `truncated` when the rows name more. `summarise` (the
    question's `graph.summarise`): the neighbours it leaves out, as group nodes (`summaries`)."""
    named = entity_ids(columns, rows)
    graph = subgraph(store, schema, named[:MAX_SUBGRAPH_IDS])
    if len(named) > MAX_SUBGRAPH_IDS:
        graph = graph.model_copy(update={"truncated": True})
    if summarise is None:
        return graph
    rows_of = store.read("MATCH (n:Entity) WHERE n.id IN $ids RETURN n", {"ids": summaries.around(graph, summarise)})
    counts = {graph_node(row["n"], schema).id: _neighbour_counts(store, schema, row["n"]) for row in rows_of}
    return summaries.summarised(schema, graph, summarise, counts)


# --- paths --------------------------------------------------------------------------------------


def paths(
    store: GraphStore, schema: GraphSchema, start: str, end: str, *, max_hops: int = 3, limit: int = 10
) -> PathsAnswer:
    """The shortest paths (every relationship direction) between two entities, up to `max_hops`: at
    most `limit` of them, `truncated` when there are more."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise ParameterError(f"max_hops must be between 1 and {MAX_HOPS}, got {max_hops}", parameter="max_hops")
    if not 1 <= limit <= MAX_PATHS:
        raise ParameterError(f"limit must be between 1 and {MAX_PATHS}, got {limit}", parameter="limit")
    found = store.read("MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id", {"ids": [start, end]})
    missing = sorted({start, end} - {str(row["id"]) for row in found})
    if missing:
        raise NotFoundError(f"no entity with id {missing[0]!r}")
    if start == end:
        raise ParameterError("from and to are the same entity", parameter="to")
    # one more than asked for: whether the answer was cut is said, not left to guess
    rows = store.read(_PATH_QUERIES[max_hops], {"start": start, "end": end, "limit": limit + 1})
    answer: list[GraphPath] = []
    for row in rows[:limit]:
        path = row["p"]
        nodes: list[GraphNode] = [graph_node(n, schema) for n in path["nodes"]]
        edges: list[GraphEdge] = [graph_edge(r, schema) for r in path["relationships"]]
        answer.append(GraphPath(nodes=nodes, edges=edges))
    answer.sort(key=lambda p: [n.id for n in p.nodes])
    return PathsAnswer(start=start, end=end, max_hops=max_hops, paths=answer, truncated=len(rows) > limit)
