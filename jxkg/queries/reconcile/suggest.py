"""Suggest services: a prefix → entities (the explorer's search), types (classes) or properties.

Entities: an entity whose id is the prefix first (the specification expects it), then the
full-text search's hits, exact names before names that start with the prefix, then contain it.
Types and properties: the ontology's terms whose id or Chinese or English name starts with the
prefix, then those that contain it (case folded).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from jxkg.errors import ParameterError, UnknownNameError
from jxkg.ontology.schema import GraphSchema
from jxkg.queries import explore
from jxkg.queries.reconcile.model import SuggestItem, SuggestResponse
from jxkg.queries.reconcile.terms import both, class_name, property_terms, reconcilable_types, type_ref
from jxkg.queries.resolve import Resolver, check_text
from jxkg.queries.views import GraphNode, graph_node
from jxkg.store import GraphStore

MAX_SUGGESTIONS = 50
DEFAULT_SUGGESTIONS = 10


def _checked(prefix: str, cursor: int, limit: int, *, required: bool) -> str:
    text = " ".join(prefix.split())
    if required or text:  # the resolver's own check of what may name anything: empty, length, control characters
        text = check_text(text, parameter="prefix", what="the prefix")
    if cursor < 0 or cursor > explore.MAX_SEARCH_RESULTS:
        raise ParameterError(f"cursor must be between 0 and {explore.MAX_SEARCH_RESULTS}", parameter="cursor")
    if not 1 <= limit <= MAX_SUGGESTIONS:
        raise ParameterError(f"limit must be between 1 and {MAX_SUGGESTIONS}", parameter="limit")
    return text


def entities(
    store: GraphStore,
    schema: GraphSchema,
    prefix: str,
    *,
    type_id: str | None = None,
    cursor: int = 0,
    limit: int = DEFAULT_SUGGESTIONS,
    resolver: Resolver | None = None,
) -> SuggestResponse:
    """Entities for a prefix, as the explorer's search ranks them; hold a `resolver` for many calls."""
    text = _checked(prefix, cursor, limit, required=True)
    label = class_name(schema, type_id) if type_id else None
    items: list[SuggestItem] = []
    for row in store.read("MATCH (n:Entity {id: $id}) RETURN n", {"id": text}):
        node = graph_node(row["n"], schema)
        if node.type != "IngestRun" and (label is None or label in node.labels):
            items.append(_entity_item(node, schema))
    wanted = min(cursor + limit, explore.MAX_SEARCH_RESULTS)
    for hit in explore.search(store, schema, text, type_name=label, limit=wanted, resolver=resolver):
        if hit.node.type != "IngestRun" and all(item.id != hit.node.id for item in items):
            items.append(_entity_item(hit.node, schema))
    return SuggestResponse(result=items[cursor : cursor + limit])


def _entity_item(node: GraphNode, schema: GraphSchema) -> SuggestItem:
    description = node.caption_en if node.caption_en and node.caption_en != node.caption_zh else None
    try:
        notable = [type_ref(schema.node_type(node.type), schema)]
    except UnknownNameError:  # a node written around the ontology still suggests, without its class
        notable = None
    return SuggestItem(id=node.id, name=node.caption_zh or node.id, description=description, notable=notable)


def types(schema: GraphSchema, prefix: str, *, cursor: int = 0, limit: int = DEFAULT_SUGGESTIONS) -> SuggestResponse:
    text = _checked(prefix, cursor, limit, required=False)
    ranked = _ranked(text, [(t, (t.name, t.label_zh, t.label_en)) for t in reconcilable_types(schema)])
    items = [
        SuggestItem(
            id=t.name,
            name=both(t.label_zh, t.label_en),
            description=t.definition or None,
            broader=type_ref(t, schema, with_broader=True).broader,
        )
        for t in ranked
    ]
    return SuggestResponse(result=items[cursor : cursor + limit])


def properties(
    schema: GraphSchema, prefix: str, *, cursor: int = 0, limit: int = DEFAULT_SUGGESTIONS
) -> SuggestResponse:
    text = _checked(prefix, cursor, limit, required=False)
    terms = property_terms(schema)
    ranked = _ranked(text, [(term, tuple(term.words())) for term in terms])
    items = [SuggestItem(id=t.id, name=t.name, description=t.description or None) for t in ranked]
    return SuggestResponse(result=items[cursor : cursor + limit])


_T = TypeVar("_T")


def _ranked(text: str, found: Sequence[tuple[_T, Iterable[str]]]) -> list[_T]:
    """Those whose words start with `text` first, then those containing it; the ontology's order within."""
    needle = text.casefold()
    starts: list[_T] = []
    contains: list[_T] = []
    for item, words in found:
        folded = [word.casefold() for word in words if word]
        if any(word.startswith(needle) for word in folded):
            starts.append(item)
        elif any(needle in word for word in folded):
            contains.append(item)
    return starts + contains
