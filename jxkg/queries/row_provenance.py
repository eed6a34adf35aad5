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
from typing import Any, get_args

from jxkg.ontology.conventions import ProvenanceKind, split_source
from jxkg.queries.documents import citations, cite
from jxkg.queries.views import Provenance
from jxkg.store import GraphStore, Row

__all__ = ["PROVENANCE_KEYS", "cited_rows", "is_provenance_name"]

PROVENANCE_KEYS = frozenset({"kind", "source", "quote", "note", "sourceRow"})  # what a question may give
_KINDS = frozenset(get_args(ProvenanceKind))


def is_provenance_name(name: object) -> bool:
    """Whether a column or a map's key names a fact's provenance (`provenance`, `chainProvenance`)."""
    return isinstance(name, str) and (name == "provenance" or name.endswith("Provenance"))


def _is_stored(value: object) -> bool:
    return isinstance(value, dict) and "kind" in value and value.keys() <= PROVENANCE_KEYS


def _provenance(stored: dict[str, Any]) -> Provenance:
    kind, source, row = stored.get("kind"), stored.get("source"), stored.get("sourceRow")
    source = source if isinstance(source, str) and source else None
    return Provenance(
        kind=kind if kind in _KINDS else None,
        synthetic=kind == "synthetic",
        source=source,
        section=split_source(source)[1] if source else None,
        quote=stored.get("quote") or None,
        note=stored.get("note") or None,
        source_row=row if isinstance(row, int) else None,
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
    named = [column for column in columns if is_provenance_name(column)]
    found: list[Provenance] = []

    def collect(stored: dict[str, Any]) -> dict[str, Any]:
        found.append(_provenance(stored))
        return stored

    for row in rows:
        for column in columns:
            _walk(row.get(column), column in named, collect)
    if not found:
        return list(rows)
    cited = citations(store, found)

    def structured(stored: dict[str, Any]) -> dict[str, Any]:
        return cite(_provenance(stored), cited).model_dump(mode="json", by_alias=True)

    return [{column: _walk(row.get(column), column in named, structured) for column in row} for row in rows]
