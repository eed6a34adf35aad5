"""The plain values every engine's results are converted to, so nothing above the store knows the engine.

A node is `{"id", "labels", "properties"}`, a relationship `{"id", "type", "start", "end",
"properties"}` (start and end are the endpoints' `id` properties, never internal ids; `id` is the
relationship's `id` property, else its `relationship_key`) and a path
`{"nodes": [...], "relationships": [...]}`. Everything else is a map, list, str, int, float,
bool, None, `datetime.date` or a naive `datetime.datetime`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from jxkg.store.base import check_identifier

PlainNode = dict[str, Any]
PlainRelationship = dict[str, Any]


def plain_node(labels: Iterable[str], properties: Mapping[str, Any]) -> PlainNode:
    props = {str(k): plain_scalar(v) for k, v in properties.items()}
    return {"id": props.get("id"), "labels": sorted(labels), "properties": props}


def relationship_key(start: Any, rel_type: str, end: Any) -> str:
    """`start-[TYPE]->end`: a relationship's key, by the `id`s of its ends and its type. A relationship
    the writer wrote has an `id` property (the key, plus `#<source>` for a documented claim: parallel
    claims of one type between the same two nodes stay apart, docs/conventions.md); one read back
    without it is named by its key. Written here, not with the rest of the conventions in
    `jxkg.ontology.conventions` (which hands it on to everything above the store), because the store
    names relationships by it and sits below the ontology."""
    return f"{start}-[{rel_type}]->{end}"


def relationship_key_cypher(start: str, relationship: str, end: str) -> str:
    """`relationship_key` in Cypher, over the variables of a matched `(start)-[relationship]->(end)`
    (for a relationship that may have been written without an `id`)."""
    for name in (start, relationship, end):
        check_identifier(name)
    return f"{start}.id + '-[' + type({relationship}) + ']->' + {end}.id"


def plain_relationship(rel_type: str, start: Any, end: Any, properties: Mapping[str, Any]) -> PlainRelationship:
    props = {str(k): plain_scalar(v) for k, v in properties.items()}
    rel_id = props.get("id") or relationship_key(start, rel_type, end)
    return {"id": rel_id, "type": rel_type, "start": start, "end": end, "properties": props}


def plain_path(nodes: list[PlainNode], relationships: list[PlainRelationship]) -> dict[str, Any]:
    return {"nodes": nodes, "relationships": relationships}


def plain_scalar(value: Any) -> Any:
    """Maps, lists and scalars; datetimes lose their zone (the graph keeps none, see CYPHER.md)."""
    if isinstance(value, Mapping):
        return {str(k): plain_scalar(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_scalar(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is dt.UTC else value
    return value
