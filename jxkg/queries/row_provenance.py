"""A fact's provenance inside a question's rows, in the shape nodes and edges carry it (`Provenance`).

A catalog question returns each fact's provenance as a map under a key named `provenance` or ending
in `Provenance` (`chainProvenance`), of the stored properties: `{kind: r.provenanceKind, source:
r.source, quote: r.quote, note: r.note}` (and `sourceRow` where it has one); a list of such maps
under such a key is one per fact (`chainPathProvenance`). After the question runs, each becomes the
whole structure, citing its document and passage (`documents.citations`, one read for all the rows),
so a row's provenance joins its SourceDocument and Passage as an edge's does. A map of other keys
under such a name (a count by kind) is left as it is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from jxkg.ontology.conventions import NOTE, PROVENANCE_KIND, QUOTE, SOURCE, SOURCE_ROW, SYNTHETIC
from jxkg.queries.documents import citations, cite
from jxkg.queries.views import Provenance, provenance_of
from jxkg.store import GraphStore, Row

__all__ = ["PROVENANCE_KEYS", "cited_rows", "is_provenance_name"]

PROVENANCE_KEYS = frozenset({"kind", "source", "quote", "note", "sourceRow"})  # what a question may give


def is_provenance_name(name: object) -> bool:
    """Whether a column or a map's key names a fact's provenance (`provenance`, `chainProvenance`)."""
    return isinstance(name, str) and (name == "provenance" or name.endswith("Provenance"))


def _is_stored(value: object) -> bool:
    return isinstance(value, dict) and "kind" in value and value.keys() <= PROVENANCE_KEYS


def _provenance(stored: dict[str, Any]) -> Provenance:
    """A row's stored map read as the node and relationship properties it holds are (`provenance_of`)."""
    kind = stored.get("kind")
    return provenance_of(
        {
            PROVENANCE_KIND: kind,
            SYNTHETIC: kind == SYNTHETIC,
            SOURCE: stored.get("source"),
            QUOTE: stored.get("quote"),
            NOTE: stored.get("note"),
            SOURCE_ROW: stored.get("sourceRow"),
        }
    )


def _walk(value: Any, named: bool, change: Callable[[dict[str, Any]], Any]) -> Any:
    """`value` with every stored provenance map (under a provenance name) replaced by `change(map)`."""
    if named and _is_stored(value):
        return change(value)
    if isinstance(value, list):
        return [_walk(item, named, change) for item in value]
    if isinstance(value, dict) and not {"labels", "properties"} <= value.keys():
        return {key: _walk(item, is_provenance_name(key), change) for key, item in value.items()}
    return value


def cited_rows(store: GraphStore, columns: Sequence[str], rows: Sequence[Row]) -> list[Row]:
    """`rows` with each fact's provenance the whole structure, citing its document and passage."""
    found: list[Provenance] = []

    def collect(stored: dict[str, Any]) -> dict[str, Any]:
        found.append(_provenance(stored))
        return stored

    for row in rows:
        for column in columns:
            _walk(row.get(column), is_provenance_name(column), collect)
    if not found:
        return list(rows)
    cited = citations(store, found)

    def structured(stored: dict[str, Any]) -> dict[str, Any]:
        return cite(_provenance(stored), cited).model_dump(mode="json", by_alias=True)

    return [{column: _walk(row.get(column), is_provenance_name(column), structured) for column in row} for row in rows]
