"""The property-graph schema the ontology defines, and where it is loaded from.

`load_schema` reads `jxkg.ttl` (`reader.py` does the reading) into a `GraphSchema`: frozen
dataclasses (node types with their labels and key, relationship types, property specs; `terms.py`)
that ingest, the store's DDL, the shapes and the API take, found by name. The mapping follows
docs/conventions.md:

    owl:Class jx:NationalKeyLaboratory  -> labels Entity, Platform, Laboratory, NationalKeyLaboratory
    owl:ObjectProperty jx:supportsChain -> relationship type SUPPORTS_CHAIN
    owl:DatatypeProperty jx:nameZh      -> property nameZh

An ontology that cannot be read or breaks these rules raises `OntologyError` naming the file and
every problem found, not only the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from jxkg.errors import OntologyError, UnknownNameError
from jxkg.ontology.terms import NodeType, PropertySpec, RelationshipType, SchemaTerms
from jxkg.store.schema import IndexKind, IndexSpec

if TYPE_CHECKING:  # rdflib is imported where the ontology is read: a command that needs no schema skips it
    import rdflib

__all__ = [
    "DEFAULT_ONTOLOGY",
    "GraphSchema",
    "UnknownNameError",
    "load_graph",
    "load_schema",
    "ontology_stamp",
    "schema_from_graph",
]

DEFAULT_ONTOLOGY: Path = Path(__file__).with_name("jxkg.ttl")


@dataclass(frozen=True)
class GraphSchema(SchemaTerms):
    """The property-graph schema the ontology defines: its terms (`SchemaTerms`), found by name, and
    what the rest of jxkg asks of them."""

    _nodes: Mapping[str, NodeType] = field(init=False, repr=False, compare=False)
    _relationships: Mapping[str, RelationshipType] = field(init=False, repr=False, compare=False)
    _properties: Mapping[str, PropertySpec] = field(init=False, repr=False, compare=False)
    # the properties ingest stamps on what it writes (`jx:bookkeeping`): not data, so exports leave
    # them out and no source may set them
    bookkeeping: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rels = {r.name: r for r in self.relationships} | {r.type: r for r in self.relationships}
        object.__setattr__(self, "_nodes", MappingProxyType({t.name: t for t in self.node_types}))
        object.__setattr__(self, "_relationships", MappingProxyType(rels))
        object.__setattr__(self, "_properties", MappingProxyType({p.name: p for p in self.properties}))
        object.__setattr__(self, "bookkeeping", frozenset(p.name for p in self.properties if p.bookkeeping))

    @classmethod
    def of(cls, terms: SchemaTerms) -> GraphSchema:
        """The schema of the terms a reader read."""
        return cls(**{f.name: getattr(terms, f.name) for f in fields(SchemaTerms)})

    def node_type(self, name: str) -> NodeType:
        try:
            return self._nodes[name]
        except KeyError:
            raise UnknownNameError("class", name, self._nodes) from None

    def relationship(self, name_or_type: str) -> RelationshipType:
        """By property name (`supportsChain`) or relationship type (`SUPPORTS_CHAIN`)."""
        try:
            return self._relationships[name_or_type]
        except KeyError:
            raise UnknownNameError("relationship", name_or_type, self._relationships) from None

    def property(self, name: str) -> PropertySpec:
        try:
            return self._properties[name]
        except KeyError:
            raise UnknownNameError("property", name, self._properties) from None

    def concrete_types(self) -> tuple[NodeType, ...]:
        return tuple(t for t in self.node_types if not t.abstract)

    def labels_for(self, class_name: str) -> tuple[str, ...]:
        return self.node_type(class_name).labels

    def most_specific_type(self, labels: Iterable[str]) -> NodeType | None:
        """The concrete class whose labels are exactly `labels` (a node's class); None if none is."""
        wanted = set(labels)
        for node_type in self.node_types:
            if not node_type.abstract and node_type.name in wanted and set(node_type.labels) == wanted:
                return node_type
        return None

    def most_specific_class(self, labels: Iterable[str]) -> str:
        """The name of a stored node's class, from its labels (the one label whose class carries all
        the others, its ancestors); UnknownNameError when they are no concrete class's labels."""
        given = sorted(labels)
        node_type = self.most_specific_type(given)
        if node_type is None:
            known = (":".join(sorted(t.labels)) for t in self.concrete_types())
            raise UnknownNameError("set of class labels", ":".join(given), known)
        return node_type.name

    def index_specs(self) -> list[IndexSpec]:
        """The unique key, a range index per indexed property, one full-text index; all on the root."""
        specs = [IndexSpec(self.root, (self.key,), IndexKind.UNIQUE)]
        specs += [
            IndexSpec(self.root, (p.name,), IndexKind.RANGE)
            for p in self.properties
            if p.indexed and p.name != self.key
        ]
        full_text = tuple(p.name for p in self.properties if p.full_text)
        if full_text:
            specs.append(IndexSpec(self.root, full_text, IndexKind.FULLTEXT))
        return specs


def load_graph(path: Path | None = None) -> rdflib.Graph:
    """The ontology as an rdflib graph (a fresh, mutable copy each call)."""
    import rdflib

    resolved = Path(path) if path is not None else DEFAULT_ONTOLOGY
    try:
        text = resolved.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OntologyError(f"{resolved}: cannot read the ontology: {exc}") from exc
    graph = rdflib.Graph()
    try:
        graph.parse(data=text, format="turtle", publicID=resolved.resolve().as_uri())
    except Exception as exc:  # BadSyntax (a SyntaxError), ValueError, even AssertionError on some input
        raise OntologyError(f"{resolved}: not valid Turtle: {exc or type(exc).__name__}") from exc
    return graph


def load_schema(path: Path | None = None) -> GraphSchema:
    """The schema of the ontology at `path` (default: the packaged one); cached while the file is unchanged."""
    resolved = (Path(path) if path is not None else DEFAULT_ONTOLOGY).resolve()
    return _load_schema(resolved, ontology_stamp(resolved))


def ontology_stamp(path: Path | None = None) -> int:
    """The ontology file's time: what changes when it is edited (the schema's cache key; the API's
    ETags hold it too)."""
    resolved = (Path(path) if path is not None else DEFAULT_ONTOLOGY).resolve()
    try:
        return resolved.stat().st_mtime_ns
    except OSError as exc:
        raise OntologyError(f"{resolved}: cannot read the ontology: {exc}") from exc


@lru_cache(maxsize=16)
def _load_schema(path: Path, stamp: int) -> GraphSchema:
    return schema_from_graph(load_graph(path), source=str(path))


def schema_from_graph(graph: rdflib.Graph, source: str = "<graph>") -> GraphSchema:
    """Derive the schema from an already parsed ontology graph."""
    from jxkg.ontology.reader import OntologyReader

    reader = OntologyReader(graph)
    terms = reader.read()
    if reader.problems:
        listing = "\n".join(f"  - {p}" for p in sorted(set(reader.problems)))
        raise OntologyError(f"{source}: ill-formed ontology ({len(set(reader.problems))} problems):\n{listing}")
    assert terms is not None
    return GraphSchema.of(terms)
