"""What the explorer's reads return: nodes and edges ready for a front end, with their provenance.

These pydantic models are the contract the HTTP API serves as is (JSON in camelCase), and the
CLI prints; they are built from the store's plain values by the functions at the bottom.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import Field

from jxkg.errors import UnknownNameError
from jxkg.ontology.conventions import (
    INGEST_RUN,
    NOTE,
    PROVENANCE_KIND,
    QUOTE,
    SOURCE,
    SOURCE_ROW,
    SYNTHETIC,
    ProvenanceKind,
    split_source,
)
from jxkg.ontology.schema import GraphSchema
from jxkg.ontology.terms import RelationshipType
from jxkg.views import View


class CitedDocument(View):
    """The source document a fact cites, as a reader names it (its SourceDocument node)."""

    id: str = Field(description="the SourceDocument's id, e.g. source-document:江西省“十四五”科技创新规划")
    title_zh: str = Field(description="its title (title, else nameZh)")
    title_en: str | None = Field(default=None, description="its English name (nameEn), when it has one")
    number: str | None = Field(default=None, description="its issuing number, e.g. 赣府发〔2021〕22号")
    date: str | None = Field(default=None, description="the date it was issued (issuedOn), e.g. 2021-10-15")


class Provenance(View):
    """How a node or relationship is known and where it comes from: the stored `source` read as the
    document it names, the section, and the Passage node that holds the quote, so that an answer
    joins its SourceDocument and Passage by id."""

    kind: ProvenanceKind | None = Field(
        default=None, description="how it is known; null when not recorded (or recorded as none of these)"
    )
    source: str | None = Field(
        default=None,
        description="where the fact was read, as stored: a document's file and section (file#section), or a "
        "reference such as GB/T 2260; `document`, `section` and `passageId` say it for a reader",
    )
    document: CitedDocument | None = Field(
        default=None, description="the document `source` names; null when it names none the graph holds"
    )
    section: str | None = Field(
        default=None, description="the part of `source` after #: a chapter and section, or a heading"
    )
    passage_id: str | None = Field(
        default=None,
        description="the id of the Passage node of that section whose text holds `quote` (a node of the graph: "
        "GET /entities/{passageId}); null when the graph holds no such passage",
    )
    quote: str | None = Field(default=None, description="the source passage, verbatim")
    note: str | None = Field(default=None, description="why a curated or doubtful fact is believed")
    source_row: int | None = Field(default=None, description="the row of a tabular source")
    ingest_run: str | None = Field(default=None, description="the ingest run that last wrote it")
    synthetic: bool = Field(default=False, description="made by the synthetic data generator")


class NeighbourGroup(View):
    """Neighbours of one drawn entity that an answer's graph sums up instead of drawing them."""

    entity: str = Field(description="the id of the drawn entity whose neighbours they are")
    relationship: str
    direction: Direction = Field(description="in (the neighbours are the relationships' start) or out")
    type: str = Field(description="the neighbours' class")
    count: int = Field(description="how many such relationships are not drawn")


class GraphNode(View):
    id: str
    type: str = Field(description="the node's most specific ontology class, e.g. NationalKeyLaboratory")
    labels: list[str]
    caption_zh: str
    caption_en: str
    provenance: Provenance
    group: NeighbourGroup | None = Field(
        default=None,
        description="set on a node that stands for neighbours not drawn (its id starts with `group:`): ask "
        "`/entities/{entity}/neighbors?rel={relationship}&label={type}` for them",
    )


class GraphEdge(View):
    id: str = Field(
        description="start-[TYPE]->end, plus #source for a claim quoted from a document (two documents' claims "
        "of one link are two edges)"
    )
    type: str
    source: str = Field(description="id of the start node")
    target: str = Field(description="id of the end node")
    caption_zh: str
    caption_en: str
    provenance: Provenance


Direction = Literal["in", "out"]  # of a relationship, seen from the entity: out when it is the start


class NeighbourCount(View):
    relationship: str
    direction: Direction = Field(description="out (the entity is the start) or in")
    type: str = Field(description="the neighbours' class")
    count: int


class Subgraph(View):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = Field(default=False, description="true when a cap left neighbours out")
    next_cursor: str | None = Field(default=None, description="pass as `cursor` for the next page")
    total: int | None = Field(default=None, description="neighbours within the depth, when counted")
    summary: list[NeighbourCount] = Field(
        default_factory=list, description="direct neighbours by relationship and class (on the first page only)"
    )


# how a search result matched, strongest first (`jxkg.queries.search.entities.MATCHED` ranks them)
MatchedBy = Literal["exact", "normalised", "pinyin", "prefix", "substring", "partial", "fuzzy", "words"]


class SearchResult(View):
    node: GraphNode
    score: float = Field(ge=0, le=100, description="0-100, the name resolver's score; an exact match is 100")
    matched: MatchedBy = Field(
        description="how the text met the name, strongest first: exact (name, alias, English name in any case, "
        "or id), normalised (traditional, full-width, without a dash, 国家 or 市...), pinyin, prefix, substring, "
        "partial (normalised forms inside one another), fuzzy (a typo), words (each word in some name)"
    )
    matched_name: str = Field(description="the name, alias or id that matched best")


class Mention(View):
    id: str
    caption_zh: str
    quote: str | None = None
    source: str | None = None


class CitedSource(View):
    """A stored `source` (file#section) with the document it names, as a provenance cites it."""

    source: str = Field(description="the source as stored: file#section")
    file: str = Field(description="the document's file name (or the reference, such as GB/T 2260)")
    section: str | None = Field(default=None, description="the part after #: a chapter and section, a heading")
    document: CitedDocument | None = Field(
        default=None, description="the SourceDocument whose fileName is the file; null when none is"
    )


class EntityDetail(View):
    node: GraphNode
    properties: dict[str, Any] = Field(description="the node's properties, derived bookkeeping left out")
    relationship_counts: list[NeighbourCount]
    mentions: list[Mention] = Field(description="passages and documents that name the entity")
    sources: list[CitedSource] = Field(
        default_factory=list,
        description="each source its provenance and its mentions cite, once, with the document's title",
    )


class GraphPath(View):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class PathsAnswer(View):
    start: str
    end: str
    max_hops: int
    paths: list[GraphPath]
    truncated: bool = Field(default=False, description="true when more shortest paths exist than `limit` let through")


# --- built from the store's plain values --------------------------------------------------------


_KINDS: frozenset[str] = frozenset(get_args(ProvenanceKind))


def provenance_of(properties: dict[str, Any]) -> Provenance:
    synthetic = properties.get(SYNTHETIC) is True
    kind = properties.get(PROVENANCE_KIND)
    if synthetic and not kind:
        kind = SYNTHETIC
    source = _text(properties.get(SOURCE))
    return Provenance(
        # a kind the ontology does not allow (written around the gate) is not one the contract can name
        kind=kind if kind in _KINDS else None,
        source=source,
        section=split_source(source)[1] if source else None,
        quote=_text(properties.get(QUOTE)),
        note=_text(properties.get(NOTE)),
        source_row=properties.get(SOURCE_ROW) if isinstance(properties.get(SOURCE_ROW), int) else None,
        ingest_run=_text(properties.get(INGEST_RUN)),
        synthetic=synthetic,
    )


def graph_node(node: dict[str, Any], schema: GraphSchema) -> GraphNode:
    """A store node (`{"id", "labels", "properties"}`) as the front end draws it."""
    props: dict[str, Any] = node["properties"]
    labels = sorted(node["labels"])
    node_type = schema.most_specific_type(labels)
    name_zh = _text(props.get("nameZh"))
    name_en = _text(props.get("nameEn"))
    node_id = str(node["id"] if node["id"] is not None else props.get("id"))
    return GraphNode(
        id=node_id,
        type=node_type.name if node_type else (labels[-1] if labels else ""),
        labels=labels,
        caption_zh=name_zh or name_en or node_id,
        caption_en=name_en or name_zh or node_id,
        provenance=provenance_of(props),
    )


def graph_edge(relationship: dict[str, Any], schema: GraphSchema) -> GraphEdge:
    rel_type = str(relationship["type"])
    try:
        known: RelationshipType | None = schema.relationship(rel_type)  # the schema's own index, by type
    except UnknownNameError:  # a type written around the ontology still draws, captioned by its name
        known = None
    return GraphEdge(
        id=str(relationship["id"]),
        type=rel_type,
        source=str(relationship["start"]),
        target=str(relationship["end"]),
        caption_zh=known.label_zh if known else rel_type,
        caption_en=known.label_en if known else rel_type,
        provenance=provenance_of(relationship["properties"]),
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
