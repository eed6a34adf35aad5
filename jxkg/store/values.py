"""The plain values every engine's results are converted to, so nothing above the store knows the engine.

A node is `{"id", "labels", "properties"}`, a relationship `{"id", "type", "start", "end",
"properties"}` (start and end are the endpoints' `id` properties, never internal ids) and a path
`{"nodes": [...], "relationships": [...]}`. Everything else is a map, list, str, int, float,
bool, None, `datetime.date` or a naive `datetime.datetime`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from jxkg.store.base import relationship_key

PlainNode = dict[str, Any]
PlainRelationship = dict[str, Any]


def plain_node(labels: Iterable[str], properties: Mapping[str, Any]) -> PlainNode:
    props = {str(k): plain_scalar(v) for k, v in properties.items()}
    return {"id": props.get("id"), "labels": sorted(labels), "properties": props}


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
