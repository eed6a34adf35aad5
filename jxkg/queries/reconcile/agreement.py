"""How many of a query's `{pid, v}` each candidate agrees with: what breaks ties between namesakes.

A `pid` that names a relationship type (`LOCATED_IN`) compares `v` with the candidate's targets of
that type, one hop away (both ways for a symmetric type): a target agrees when `v` is its id, or
when `v` and one of its names (Chinese, alias, English) are one comparison form (`Normaliser.key`:
赣州 agrees with 赣州市). A `pid` that names a property (`nameEn`, `foundedYear`) compares `v` with
the candidate's own value(s) in the same way (numbers and booleans as their text). A `v` that is
an entity (`{"id": ...}`, as OpenRefine sends a reconciled cell) agrees by id only; an array of
values agrees when any of them does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from jxkg.queries.reconcile.model import EntityValue, PropertyValue
from jxkg.queries.reconcile.terms import PropertyTerm
from jxkg.queries.resolve import Normaliser
from jxkg.store import GraphStore

Form = tuple[str, str]  # ("id", an entity id) or ("text", a comparison form)


def agreement(
    store: GraphStore,
    normaliser: Normaliser,
    ids: Sequence[str],
    constraints: Sequence[tuple[PropertyTerm, Sequence[PropertyValue]]],
) -> dict[str, int]:
    """For each id, the number of constraints it agrees with (two reads per constraint at most)."""
    agreed: dict[str, int] = dict.fromkeys(ids, 0)
    if not ids:
        return agreed
    nodes: dict[str, dict[str, Any]] | None = None
    for term, values in constraints:
        wanted = set().union(*(_value_forms(value, normaliser) for value in values))
        if term.relationship is not None:
            stored = _target_forms(store, normaliser, ids, term)
        else:
            if nodes is None:
                rows = store.read("MATCH (n:Entity) WHERE n.id IN $ids RETURN n", {"ids": list(ids)})
                nodes = {str(row["n"]["properties"].get("id")): row["n"]["properties"] for row in rows}
            assert term.property is not None
            stored = {
                entity: _stored_forms(properties.get(term.property), normaliser) for entity, properties in nodes.items()
            }
        for entity in ids:
            if wanted & stored.get(entity, set()):
                agreed[entity] += 1
    return agreed


def _target_forms(
    store: GraphStore, normaliser: Normaliser, ids: Sequence[str], term: PropertyTerm
) -> dict[str, set[Form]]:
    # the type is the ontology's own (PropertyTerm comes from the schema), never the caller's text
    arrow = "-" if term.symmetric else "->"
    rows = store.read(
        f"MATCH (n:Entity)-[:{term.relationship}]{arrow}(m:Entity) WHERE n.id IN $ids "
        "RETURN n.id AS id, m.id AS target, m.nameZh AS zh, m.nameEn AS en, m.aliases AS aliases",
        {"ids": list(ids)},
    )
    found: dict[str, set[Form]] = defaultdict(set)
    for row in rows:
        forms = found[str(row["id"])]
        forms.add(("id", str(row["target"])))
        for name in (row.get("zh"), row.get("en"), *_listed(row.get("aliases"))):
            if isinstance(name, str) and name:
                forms.add(("text", normaliser.key(name)))
    return found


def _value_forms(value: PropertyValue, normaliser: Normaliser) -> set[Form]:
    if isinstance(value, EntityValue):
        return {("id", value.id)}
    forms = _stored_forms(value, normaliser)
    if isinstance(value, str):
        forms.add(("id", value))  # a plain string may be an entity's id too
    return forms


def _stored_forms(value: Any, normaliser: Normaliser) -> set[Form]:
    forms: set[Form] = set()
    for one in _listed(value):
        text = _text(one)
        if text is not None:
            key = normaliser.key(text)
            forms.add(("text", key or text))
    return forms


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()  # the store gives dates as datetime.date on both engines
    return None


def _listed(value: Any) -> Iterable[Any]:
    if value is None:
        return ()
    return value if isinstance(value, list) else (value,)
