"""The terms of the ontology, as read from it (`reader.py`): its datatype properties, classes and
object properties, their alignments with other vocabularies, and all of them with what the ontology
says of itself (`SchemaTerms`), which `schema.GraphSchema` indexes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Alignment:
    """One link from a jx term to a term of another vocabulary (ORG, schema.org, PROV-O...)."""

    relation: str  # a CURIE: "rdfs:subClassOf", "skos:closeMatch", ...
    iri: str


@dataclass(frozen=True)
class PropertySpec:
    """A datatype property: a property of nodes (and, if `on_relationships`, of relationships)."""

    name: str
    iri: str
    datatype: str  # local name in xsd (or "langString" for rdf:langString)
    label_zh: str
    label_en: str
    definition: str
    indexed: bool
    full_text: bool
    multi_valued: bool
    definition_zh: str = ""
    domain: tuple[str, ...] = ()
    derived: bool = False
    bookkeeping: bool = False  # ingest's own tracking (hash, run, time, search bigrams), not data
    on_relationships: bool = False
    allowed_values: tuple[str, ...] = ()
    alignments: tuple[str, ...] = ()
    mappings: tuple[Alignment, ...] = ()


@dataclass(frozen=True)
class NodeType:
    """A class: its node carries `labels`, root first and its own label last."""

    name: str
    iri: str
    labels: tuple[str, ...]
    parents: tuple[str, ...]
    abstract: bool
    label_zh: str
    label_en: str
    definition: str
    properties: tuple[str, ...]
    alignments: tuple[str, ...]
    definition_zh: str = ""
    scope_note: str = ""
    key: str = "id"
    mappings: tuple[Alignment, ...] = ()


@dataclass(frozen=True)
class RelationshipType:
    """An object property: relationships of type `type` from a `domain` node to a `range` node."""

    name: str
    type: str
    iri: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    label_zh: str
    label_en: str
    definition: str
    definition_zh: str = ""
    symmetric: bool = False
    scope_note: str = ""
    alignments: tuple[str, ...] = ()
    mappings: tuple[Alignment, ...] = ()


@dataclass(frozen=True)
class SchemaTerms:
    """What the ontology declares. Node types are in class-tree order."""

    iri: str
    version: str
    version_iri: str
    title_en: str
    title_zh: str
    description: str
    root: str  # the label every node carries
    key: str  # the root's unique key property
    node_types: tuple[NodeType, ...]
    relationships: tuple[RelationshipType, ...]
    properties: tuple[PropertySpec, ...]
