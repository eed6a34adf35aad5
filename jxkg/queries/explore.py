"""The explorer's reads: search, one entity, its neighbourhood, the paths between two entities, the
subgraph a set of entities spans (a shared view, a question's answer drawn as a graph).

Every read is bounded: neighbourhoods by a cap on the nodes visited and paged by a cursor, paths by
the number of hops, subgraphs by the number of ids. Search lives in `jxkg.queries.search` (ranked
through the name resolver, and inside quotes); `explore.search` is its entity search. Neighbourhoods
live in `jxkg.queries.neighbourhood`; `explore.neighbours` is that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, LiteralString

from jxkg.errors import NotFoundError, ParameterError
from jxkg.ontology.conventions import QUOTE, SOURCE
from jxkg.ontology.schema import GraphSchema
from jxkg.queries import summaries
from jxkg.queries.documents import citations, cite, cited_subgraph, listed_sources, with_citations
from jxkg.queries.model import NeighbourSummary
from jxkg.queries.neighbourhood import MAX_DEPTH as MAX_DEPTH  # explore.neighbours' bounds
from jxkg.queries.neighbourhood import MAX_PAGE as MAX_PAGE
from jxkg.queries.neighbourhood import neighbour_counts, page_nodes
from jxkg.queries.neighbourhood import neighbours as neighbours  # explore.neighbours: a neighbourhood
from jxkg.queries.search import MAX_SEARCH_RESULTS as MAX_SEARCH_RESULTS  # explore.search: the entity search
from jxkg.queries.search import search as search
from jxkg.queries.tabular import entity_ids
from jxkg.queries.views import (
    EntityDetail,
    GraphEdge,
    GraphNode,
    GraphPath,
    Mention,
    PathsAnswer,
    Provenance,
    Subgraph,
    graph_edge,
    graph_node,
)
from jxkg.queries.views import (
    SearchResult as SearchResult,
)
from jxkg.store import GraphStore

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
    # one read cites the entity's own provenance and names the documents of its mentions' sources
    sources = [node.provenance.source, *(m.source for m in mentions)]
    cited = citations(store, [node.provenance, *(Provenance(source=s) for s in sources if s)])
    return EntityDetail(
        node=node.model_copy(update={"provenance": cite(node.provenance, cited)}),
        properties={k: v for k, v in sorted(raw["properties"].items()) if k not in hidden},
        relationship_counts=neighbour_counts(store, schema, raw),
        mentions=mentions,
        sources=listed_sources(sources, cited),
    )


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
    nodes = page_nodes(store, schema, wanted)
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
    graph = Subgraph(nodes=nodes, edges=sorted(edges.values(), key=lambda e: e.id), total=len(nodes))
    return cited_subgraph(store, graph)


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
    counts = {graph_node(row["n"], schema).id: neighbour_counts(store, schema, row["n"]) for row in rows_of}
    return summaries.summarised(schema, graph, summarise, counts)


# --- paths --------------------------------------------------------------------------------------


def paths(
    store: GraphStore, schema: GraphSchema, start: str, end: str, *, max_hops: int = 3, limit: int = 10
) -> PathsAnswer:
    """The shortest paths (every relationship direction) between two entities, up to `max_hops`: at
    most `limit` of them, `truncated` when there are more."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise ParameterError(f"maxHops must be between 1 and {MAX_HOPS}, got {max_hops}", parameter="maxHops")
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
    answer = _cited_paths(store, answer)
    answer.sort(key=lambda p: [n.id for n in p.nodes])
    return PathsAnswer(start=start, end=end, max_hops=max_hops, paths=answer, truncated=len(rows) > limit)


def _cited_paths(store: GraphStore, found: list[GraphPath]) -> list[GraphPath]:
    """Paths whose nodes' and edges' provenance cite their documents and passages (one read for all)."""
    provenances = [n.provenance for path in found for n in path.nodes]
    provenances += [e.provenance for path in found for e in path.edges]
    cited = citations(store, provenances)
    return [GraphPath(nodes=with_citations(p.nodes, cited), edges=with_citations(p.edges, cited)) for p in found]
