"""What an answer drawn as a graph sums up instead of drawing: around the entities a question names
(its `graph.summarise`, e.g. each industry chain), the neighbours it leaves out, one node per
relationship and class holding their count.

At province scale a chain has thousands of supporters: drawn, they bury the science cities and
chains that are the answer; left out, the picture says nothing of them. A group node says how many
there are, in the neighbours' class's own style, and names the read that draws them (the
neighbourhood page of its entity, by relationship and class). The counts come from what the writer
keeps on each entity (`neighbourCounts`), minus the relationships already drawn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from jxkg.ontology.schema import GraphSchema
from jxkg.queries.model import NeighbourSummary
from jxkg.queries.views import GraphEdge, GraphNode, NeighbourCount, NeighbourGroup, Provenance, Subgraph

GROUP_PREFIX = "group:"  # the id of a node that stands for neighbours not drawn


def group_id(group: NeighbourGroup) -> str:
    return f"{GROUP_PREFIX}{group.entity}|{group.relationship}|{group.direction}|{group.type}"


def around(graph: Subgraph, summary: NeighbourSummary) -> list[str]:
    """The drawn entities whose neighbours `summary` sums up."""
    return [node.id for node in graph.nodes if summary.around in node.labels]


def summarised(
    schema: GraphSchema, graph: Subgraph, summary: NeighbourSummary, counts: Mapping[str, Sequence[NeighbourCount]]
) -> Subgraph:
    """`graph` with a group node (and its edge) for each relationship and class of neighbours that
    `summary` sums up around the drawn entities of its class, where some are not drawn; `counts`:
    those entities' neighbours by relationship, direction and class (`around`)."""
    classes = _classes(schema, summary.classes)
    drawn = _drawn(graph)
    nodes, edges = list(graph.nodes), list(graph.edges)
    for entity in around(graph, summary):
        for count in counts.get(entity, ()):
            if count.relationship not in summary.relationships or count.direction != summary.direction:
                continue
            if count.type not in classes:
                continue
            left = count.count - drawn[entity, count.relationship, count.direction, count.type]
            if left <= 0:
                continue
            group = NeighbourGroup(
                entity=entity, relationship=count.relationship, direction=count.direction, type=count.type, count=left
            )
            nodes.append(_group_node(schema, group))
            edges.append(_group_edge(schema, group))
    return graph.model_copy(update={"nodes": nodes, "edges": edges})


def _classes(schema: GraphSchema, names: tuple[str, ...]) -> set[str]:
    """The concrete classes that are one of `names` or below one."""
    wanted = set(names)
    return {t.name for t in schema.concrete_types() if wanted & set(t.labels)}


def _drawn(graph: Subgraph) -> Counter[tuple[str, str, str, str]]:
    """The relationships already in the graph, counted as `neighbourCounts` counts them: by entity,
    relationship, direction and the other end's class (each relationship once from either end)."""
    types = {node.id: node.type for node in graph.nodes}
    drawn: Counter[tuple[str, str, str, str]] = Counter()
    for edge in graph.edges:
        drawn[edge.source, edge.type, "out", types.get(edge.target, "")] += 1
        drawn[edge.target, edge.type, "in", types.get(edge.source, "")] += 1
    return drawn


def _group_node(schema: GraphSchema, group: NeighbourGroup) -> GraphNode:
    node_type = schema.node_type(group.type)
    return GraphNode(
        id=group_id(group),
        type=group.type,
        labels=sorted(node_type.labels),
        caption_zh=f"另有{node_type.label_zh} {group.count:,} 个",
        caption_en=f"{group.count:,} more: {node_type.label_en}",
        provenance=Provenance(),
        group=group,
    )


def _group_edge(schema: GraphSchema, group: NeighbourGroup) -> GraphEdge:
    relationship = schema.relationship(group.relationship)
    node_id = group_id(group)
    start, end = (node_id, group.entity) if group.direction == "in" else (group.entity, node_id)
    return GraphEdge(
        id=f"{start}-[{group.relationship}]->{end}",
        type=group.relationship,
        source=start,
        target=end,
        caption_zh=relationship.label_zh,
        caption_en=relationship.label_en,
        provenance=Provenance(),
    )
