"""The conventions of docs/conventions.md, in code: the namespaces, how the ontology's names become
the graph's, how entities, relationships and ingest runs are identified, and the names of the
provenance and bookkeeping properties. Each has its one home here and is imported wherever it is
used: a literal of one elsewhere in the package would drift from it unseen.

The relationship key (`relationship_key`, `relationship_key_cypher`) is written in the store
(`jxkg.store.values`): the store names a relationship read back without an `id` property by it, and
the store is the floor below the ontology, so it cannot import from here. Above the store, every
part takes the key from this module, with the rest of the relationship id rule (`relationship_id`).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import quote, unquote

from jxkg.store.values import relationship_key, relationship_key_cypher

if TYPE_CHECKING:
    from rdflib import Namespace, URIRef
    from rdflib.term import Node

    JX: Namespace
    JXS: Namespace
    JXD: Namespace

__all__ = [
    "CLAIM_SEPARATOR",
    "CLASS_NAME",
    "CONTENT_HASH",
    "CURATED",
    "DEGREE",
    "DERIVED_BY",
    "DOCUMENTED",
    "FACT_KINDS",
    "INFERRED",
    "INGESTED_AT",
    "INGEST_RUN",
    "JX",
    "JXD",
    "JXS",
    "NAMESPACES",
    "NAME_BIGRAMS",
    "NEIGHBOUR_COUNTS",
    "NOTE",
    "PROPERTY_NAME",
    "PROVENANCE_KIND",
    "PROVENANCE_LINKS",
    "QUOTE",
    "REFERENCE",
    "RUN_CLASS",
    "RUN_ID",
    "SOURCE",
    "SOURCE_ROW",
    "SUPPORT_COUNTS",
    "SYNTHETIC",
    "TYPE_NAME",
    "decode_neighbour_counts",
    "decode_support_counts",
    "encode_neighbour_counts",
    "encode_support_counts",
    "entity_id",
    "entity_iri",
    "is_relationship_type_name",
    "named_entity_id",
    "new_run_id",
    "now_text",
    "relationship_id",
    "relationship_key",
    "relationship_key_cypher",
    "relationship_property_name",
    "relationship_type_name",
    "run_node_id",
    "type_slug",
]

# --- names: from the ontology to the property graph ------------------------------------------------------------------

CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")  # a class, UpperCamelCase: also its nodes' label
PROPERTY_NAME = re.compile(r"[a-z][A-Za-z0-9]*")  # a datatype or object property, lowerCamelCase
TYPE_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")  # a relationship type, UPPER_SNAKE_CASE
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def type_slug(class_name: str) -> str:
    """`NationalKeyLaboratory` -> `national-key-laboratory`, the prefix of its nodes' ids."""
    return _WORD_BOUNDARY.sub("-", class_name).lower()


def relationship_type_name(property_name: str) -> str:
    """`supportsChain` -> `SUPPORTS_CHAIN` (an object property's name to its relationship type)."""
    if not PROPERTY_NAME.fullmatch(property_name):
        raise ValueError(f"{property_name!r} is not a lowerCamelCase property name")
    return _WORD_BOUNDARY.sub("_", property_name).upper()


def relationship_property_name(type_name: str) -> str:
    """`SUPPORTS_CHAIN` -> `supportsChain`, the inverse of `relationship_type_name`."""
    if not is_relationship_type_name(type_name):
        raise ValueError(f"{type_name!r} is not an UPPER_SNAKE_CASE relationship type")
    first, *rest = type_name.lower().split("_")
    return first + "".join(word.capitalize() for word in rest)


def is_relationship_type_name(text: str) -> bool:
    return TYPE_NAME.fullmatch(text) is not None


# --- namespaces, entities: ids and IRIs ------------------------------------------------------------------------------

NAMESPACES: Final[Mapping[str, str]] = {
    "JX": "https://w3id.org/jxkg/ontology#",  # the ontology's classes and properties
    "JXS": "https://w3id.org/jxkg/shapes#",  # the SHACL shapes
    "JXD": "https://w3id.org/jxkg/id/",  # the entities
}
_ENTITIES = NAMESPACES["JXD"]


@cache
def _namespace(name: str) -> Namespace:
    from rdflib import Namespace

    return Namespace(NAMESPACES[name])


def __getattr__(name: str) -> Any:
    """`JX`, `JXS`, `JXD` as rdflib namespaces, made on first use: importing rdflib takes about 0.13 s,
    which the commands that handle no RDF (`jxkg query`, `jxkg cypher`) should not pay."""
    if name in NAMESPACES:
        return _namespace(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# characters left as they are in entity IRIs: ids like science-city:赣州稀金科创城 stay readable
_SAFE = ":/-_.~()（）—"


def named_entity_id(class_name: str, name: str) -> str:
    """The id of an entity known by its name, where no code identifies it: `<type-slug>:<name>`."""
    return f"{type_slug(class_name)}:{name}"


def entity_iri(entity_id: str) -> URIRef:
    """`jxd:` + the id, percent-encoded where needed."""
    return _namespace("JXD")[quote(entity_id, safe=_SAFE)]


def entity_id(iri: Node) -> str | None:
    """The id an entity IRI stands for, or None for an IRI outside the entity namespace."""
    text = str(iri)
    return unquote(text[len(_ENTITIES) :]) if text.startswith(_ENTITIES) else None


# --- relationships: ids ----------------------------------------------------------------------------------------------

CLAIM_SEPARATOR: Final = "#"  # between a documented claim's relationship key and its source


def relationship_id(start: str, rel_type: str, end: str, properties: Mapping[str, Any]) -> str:
    """A relationship's stable id: its key (`start-[TYPE]->end`), plus `#` and the document passage
    for a documented claim.

    Two documents may state the same link differently (the plan: a candidate; the review: approved):
    both claims are kept, as parallel relationships of one type between the same two nodes, each with
    its own quote. Any other source gives one relationship per (start, type, end), however often it
    is re-read.
    """
    key = relationship_key(start, rel_type, end)
    source = properties.get(SOURCE)
    if properties.get(PROVENANCE_KIND) == DOCUMENTED and source:
        return f"{key}{CLAIM_SEPARATOR}{source}"
    return key


# --- provenance: what every node and relationship says of where it comes from ----------------------------------------

SOURCE: Final = "source"  # the document (file#chapter) or data file


def split_source(source: str) -> tuple[str, str | None]:
    """A `source` (`file#section`, e.g. `000_d24e6e608ec2dcda.txt#第二章 第二节`) as (file, section);
    a source without `#` is a file (or a reference, such as GB/T 2260) alone."""
    file, _, section = source.partition("#")
    return file.strip(), section.strip() or None


QUOTE: Final = "quote"  # the passage, copied character for character
NOTE: Final = "note"  # why a curated or doubtful fact is believed
SOURCE_ROW: Final = "sourceRow"  # the row of a tabular source (1 = the first data row)
PROVENANCE_KIND: Final = "provenanceKind"  # one of the kinds below
DERIVED_BY: Final = "derivedBy"  # the rule that derived an inferred fact
SYNTHETIC: Final = "synthetic"  # true on what the generator made; also the kind it gives
# the relationships that tie an entity to the passages and documents it is read from, not to the
# entities it relates to: a degree leaves them out
PROVENANCE_LINKS: Final = ("MENTIONED_IN", "DERIVED_FROM")

# the values of `provenanceKind` (the ontology's allowed values of it; a test keeps them equal), as the
# API's closed set and one by one
ProvenanceKind = Literal["documented", "curated", "reference", "synthetic", "inferred"]
DOCUMENTED: Final = "documented"
CURATED: Final = "curated"
REFERENCE: Final = "reference"
INFERRED: Final = "inferred"

# --- bookkeeping: what ingest stamps on what it writes (`jx:bookkeeping` in the ontology) ----------------------------

CONTENT_HASH: Final = "contentHash"  # the hash of what was last written: unchanged, nothing to write
INGEST_RUN: Final = "ingestRun"  # the run that wrote it last
INGESTED_AT: Final = "ingestedAt"  # and when (`now_text`)
NAME_BIGRAMS: Final = "nameBigrams"  # the name's character bigrams, for full-text search
QUOTE_BIGRAMS: Final = "quoteBigrams"  # the quote's character bigrams in order, for searching inside quotes
DEGREE: Final = "degree"  # an entity's relationships, provenance links left out (`jxkg.ingest.write.kept`)
NEIGHBOUR_COUNTS: Final = "neighbourCounts"  # its relationships by type, direction and neighbour class (JSON)
FACT_KINDS: Final = "factKinds"  # the provenance kinds of the entity and of its outgoing relationships
# Which properties are bookkeeping (not data: exports leave them out, no source may set them) is the
# ontology's to say (`jx:bookkeeping`): where a list of them is needed it is `GraphSchema.bookkeeping`,
# and tests/ontology/test_conventions.py holds it equal to these seven names.


NEIGHBOUR_COUNT_SEPARATOR: Final = "|"  # between the fields of one `neighbourCounts` entry


def encode_neighbour_counts(rows: Iterable[tuple[str, str, str, int]]) -> list[str]:
    """`neighbourCounts` as kept: one `TYPE|out|Class|count` text per relationship type, direction
    ("out" or "in") and neighbour's class, the largest count first, then by type, direction and
    class. Text, so that a Cypher question can read it (`split(x, '|')`) on both engines."""
    ordered = sorted(rows, key=lambda row: (-row[3], row[0], row[1], row[2]))
    return [
        NEIGHBOUR_COUNT_SEPARATOR.join((rel, direction, kind, str(count))) for rel, direction, kind, count in ordered
    ]


def decode_neighbour_counts(entries: Iterable[str]) -> list[tuple[str, str, str, int]]:
    """`neighbourCounts` read back, in its order."""
    rows = []
    for entry in entries:
        rel, direction, kind, count = str(entry).split(NEIGHBOUR_COUNT_SEPARATOR)
        rows.append((rel, direction, kind, int(count)))
    return rows


SUPPORT_COUNTS: Final = "supportCounts"  # on a SourceDocument: what its sections are the source of (`support`)


def encode_support_counts(rows: Iterable[tuple[str, str, str | None, int]]) -> list[str]:
    """`supportCounts` as kept: one `node|Class|provenanceKind|count` or `relationship|TYPE|…` text per
    class (or type) and provenance kind of the facts whose source is one of a document's sections, an
    empty kind for none; nodes first, then by class or type and kind (none last), as a question lists
    them. Text, so that a Cypher question can read it (`split(x, '|')`) on both engines."""
    ordered = sorted(rows, key=lambda row: (row[0] != "node", row[1], row[2] is None, row[2] or ""))
    return [NEIGHBOUR_COUNT_SEPARATOR.join((what, name, kind or "", str(count))) for what, name, kind, count in ordered]


def decode_support_counts(entries: Iterable[str]) -> list[tuple[str, str, str | None, int]]:
    """`supportCounts` read back, in its order."""
    rows: list[tuple[str, str, str | None, int]] = []
    for entry in entries:
        what, name, kind, count = str(entry).split(NEIGHBOUR_COUNT_SEPARATOR)
        rows.append((what, name, kind or None, int(count)))
    return rows


# --- ingest runs: their ids, their node, the time text of the graph --------------------------------------------------

RUN_CLASS: Final = "IngestRun"  # the class of a run's node
RUN_ID: Final = "runId"  # the property holding its run id


def new_run_id(now: dt.datetime | None = None) -> str:
    """`run-20261123T101500-1a2b3c`: sortable by start time, unique by its random tail."""
    started = now or dt.datetime.now(dt.UTC)
    return f"run-{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def run_node_id(run_id: str) -> str:
    """The entity id of the run's node."""
    return f"ingest-run:{run_id}"


def now_text(timespec: str = "seconds") -> str:
    """Now, in UTC, as the graph keeps times: ISO text without a zone."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec=timespec)
