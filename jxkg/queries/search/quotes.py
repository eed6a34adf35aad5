"""Text inside quotes and passages: the sentences holding it, their source, the entities they back.

Every node's `quote` (a Passage's is its text) is indexed as `quoteBigrams` in the one full-text
index (`jxkg.store.text.sequence_bigrams`; ingest keeps it with the quote), and searched there
only: a phrase of the bigrams on Neo4j, all of them on FalkorDB. At most `_FETCH` quotes are read
per search; each is then checked in Python for the text itself (`sentences.Folded`), since
FalkorDB's bigrams may be scattered. Every relationship's quote in the curated data is a piece of
a Passage's text, so a relationship's words are found through its passage, whose MENTIONED_IN and
DERIVED_FROM links (with their quotes) name the entities a sentence backs.

A sentence of a passage is one hit; a node quoting the same source joins that hit as an entity it
backs; a quote with no passage found is a hit of its own, its document found by file name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jxkg.errors import ParameterError
from jxkg.ontology.conventions import PROVENANCE_LINKS, QUOTE, QUOTE_BIGRAMS, SOURCE, split_source
from jxkg.ontology.schema import GraphSchema
from jxkg.queries.resolve import Normaliser
from jxkg.queries.search.entities import check_query
from jxkg.queries.search.model import QuoteBacker, QuoteHit, QuoteSection, QuoteSource
from jxkg.queries.search.sentences import Folded, Snippet, snippet
from jxkg.queries.views import graph_node
from jxkg.store import GraphStore, IndexKind

DEFAULT_QUOTE_HITS = 10
MAX_QUOTE_HITS = 50
MIN_QUOTE_CHARS = 2  # one character is in nearly every passage (and Neo4j's index holds pairs)
_FETCH = 100  # quotes the index gives per search
_MAX_BACKERS = 20
_MAX_LINKS = 200  # links into one passage read per search
_PASSAGE = "Passage"
_DOCUMENT = "SourceDocument"
_LINKS = list(PROVENANCE_LINKS)

Node = dict[str, Any]


@dataclass
class _Found:
    snip: Snippet
    source: QuoteSource
    passage: Node | None = None
    backers: dict[str, tuple[Node, str]] = field(default_factory=dict)

    def back(self, node: Node | None, via: str) -> None:
        if node is not None and len(self.backers) < _MAX_BACKERS:
            self.backers.setdefault(str(node["properties"].get("id")), (node, via))


def search_quotes(
    store: GraphStore,
    schema: GraphSchema,
    text: str,
    *,
    limit: int = DEFAULT_QUOTE_HITS,
    normaliser: Normaliser | None = None,
) -> QuoteSection:
    """The sentences of quotes and passages holding `text`, passages first, at most `limit`."""
    if not 1 <= limit <= MAX_QUOTE_HITS:
        raise ParameterError(f"quotes must be between 1 and {MAX_QUOTE_HITS}, got {limit}", parameter="quotes")
    normaliser = normaliser if normaliser is not None else Normaliser()
    needle = check_query(text)
    folded = normaliser.fold(needle)
    if len(folded) < MIN_QUOTE_CHARS:
        return QuoteSection(hits=[], total=0, truncated=False)
    index = next(spec for spec in schema.index_specs() if spec.kind is IndexKind.FULLTEXT)
    hits = store.search_text(index, normaliser.simplified(needle), label=None, limit=_FETCH, fields=(QUOTE_BIGRAMS,))
    passages: list[tuple[Node, list[tuple[int, int]]]] = []
    others: list[tuple[Node, list[tuple[int, int]]]] = []
    for hit in hits:
        quote = hit.node["properties"].get(QUOTE)
        spans = Folded(quote).spans(folded) if isinstance(quote, str) else []
        if spans:  # the bigrams stand together somewhere: the text is there
            (passages if _PASSAGE in hit.node["labels"] else others).append((hit.node, spans))
    found = _merged(_in_passages(store, passages, folded))
    found += _in_other_quotes(store, others, found)
    return QuoteSection(
        hits=[_hit(item, schema) for item in found[:limit]],
        total=len(found),
        truncated=len(hits) >= _FETCH or len(found) > limit,
    )


def _in_passages(store: GraphStore, passages: list[tuple[Node, list[tuple[int, int]]]], folded: str) -> list[_Found]:
    """One hit per sentence of a passage, with its document and the links whose quotes it holds."""
    if not passages:
        return []
    rows = store.read(
        "UNWIND $ids AS pid MATCH (p:Entity {id: pid}) "
        "OPTIONAL MATCH (p)-[:DERIVED_FROM]->(d:SourceDocument) WITH p, head(collect(d)) AS d "
        "OPTIONAL MATCH (e:Entity)-[m]->(p) WHERE type(m) IN $links "
        "WITH p, d, collect({node: e, via: type(m), quote: m.quote}) AS links "
        "RETURN p.id AS id, d AS document, links[..$cap] AS links",
        {"ids": [str(node["properties"]["id"]) for node, _ in passages], "links": _LINKS, "cap": _MAX_LINKS},
    )
    context = {str(row["id"]): row for row in rows}
    found: list[_Found] = []
    for node, spans in passages:
        properties = node["properties"]
        row = context.get(str(properties["id"]), {})
        source = _source(properties.get(SOURCE), row.get("document"), node)
        for start, end in spans:
            item = _Found(snippet(properties[QUOTE], start, end), source, passage=node)
            sentence = Folded(item.snip.text).text
            for link in row.get("links") or []:
                quote = Folded(link["quote"]).text if isinstance(link.get("quote"), str) else ""
                if quote and (folded in quote or quote in sentence):
                    item.back(link.get("node"), str(link["via"]))
            found.append(item)
    return found


def _merged(found: list[_Found]) -> list[_Found]:
    """One hit per sentence of a document: passages overlap (a chapter and its sections), so the same
    sentence may come from two; the one backing more entities stands, with the others' entities."""
    groups: dict[tuple[str, str], list[_Found]] = {}
    for item in found:
        key = (item.source.document_id or str(item.source.source), Folded(item.snip.text).text)
        groups.setdefault(key, []).append(item)
    merged: list[_Found] = []
    for items in groups.values():
        best = max(items, key=lambda item: len(item.backers))
        for item in items:
            for node, via in item.backers.values():
                best.back(node, via)
        merged.append(best)
    return merged


def _in_other_quotes(
    store: GraphStore, others: list[tuple[Node, list[tuple[int, int]]]], found: list[_Found]
) -> list[_Found]:
    """A node quoting a passage found joins it; the others are hits of their own."""
    alone: list[tuple[Node, Snippet]] = []
    for node, spans in others:
        properties = node["properties"]
        own = snippet(properties[QUOTE], *spans[0])
        same = [item for item in found if item.passage is not None and item.source.source == properties.get(SOURCE)]
        if not same:
            alone.append((node, own))
            continue
        piece = Folded(own.text.strip("…")).text
        home = next((item for item in same if piece in Folded(item.snip.text).text), same[0])
        home.back(node, "quote")
    files = sorted({split_source(str(n["properties"].get(SOURCE) or ""))[0] for n, _ in alone} - {""})
    documents: dict[str, Node] = {}
    if files:
        rows = store.read("MATCH (d:SourceDocument) WHERE d.fileName IN $files RETURN d", {"files": files})
        documents = {str(row["d"]["properties"].get("fileName")): row["d"] for row in rows}
    extra: list[_Found] = []
    for node, own in alone:
        source_text = node["properties"].get(SOURCE)
        document = node if _DOCUMENT in node["labels"] else documents.get(split_source(str(source_text or ""))[0])
        item = _Found(own, _source(source_text, document, None))
        item.back(node, "quote")
        extra.append(item)
    return extra


def _source(source: Any, document: Node | None, passage: Node | None) -> QuoteSource:
    text = str(source) if isinstance(source, str) and source else None
    doc = document["properties"] if document is not None else {}
    section = passage["properties"].get("chapter") if passage is not None else None
    if section is None and text is not None:
        section = split_source(text)[1]
    return QuoteSource(
        source=text,
        document_id=doc.get("id"),
        document_title=doc.get("title") or doc.get("nameZh"),
        section=section,
        section_title=passage["properties"].get("nameZh") if passage is not None else None,
    )


def _hit(item: _Found, schema: GraphSchema) -> QuoteHit:
    return QuoteHit(
        text=item.snip.text,
        match_start=item.snip.start,
        match_end=item.snip.end,
        passage=graph_node(item.passage, schema) if item.passage is not None else None,
        source=item.source,
        entities=[QuoteBacker(node=graph_node(node, schema), via=via) for node, via in item.backers.values()],
    )
