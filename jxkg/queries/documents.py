"""The documents a fact cites, by title: a provenance `source` is `file#section` (the ingest's form,
e.g. `000_d24e6e608ec2dcda.txt#第二章 第二节`), which names a SourceDocument by its `fileName`; a
reader wants the document's title and number and the section, not the hashed file name."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from jxkg.ontology.conventions import split_source
from jxkg.queries.views import CitedDocument, CitedSource, GraphEdge, GraphNode, Provenance, Subgraph
from jxkg.store import GraphStore


def cited_sources(store: GraphStore, sources: Iterable[str | None]) -> list[CitedSource]:
    """Each distinct source once, in the order given, with the document its file is (one read for
    all, `citations`); a file no SourceDocument names keeps its source as it is, document null."""
    distinct = list(dict.fromkeys(s for s in sources if s))
    return listed_sources(distinct, citations(store, [Provenance(source=source) for source in distinct]))


def listed_sources(sources: Iterable[str | None], cited: Cited) -> list[CitedSource]:
    """Each distinct source once, in the order given, with the document `cited` (the citations of
    those sources, with any quotes) says its file is."""
    documents = {source: citation.document for (source, _), citation in cited.items()}
    listed = []
    for source in dict.fromkeys(s for s in sources if s):
        file, section = split_source(source)
        listed.append(CitedSource(source=source, file=file, section=section, document=documents.get(source)))
    return listed


# per distinct source: the document its file names, and the passages of its section; then per fact
# of that source, those passages whose text holds its quote (a label scan per source, not per fact)
_CITED = """
UNWIND $sources AS cited
OPTIONAL MATCH (p:Passage) WHERE p.source = cited.source
WITH cited, collect(p) AS passages
OPTIONAL MATCH (d:SourceDocument) WHERE d.fileName = cited.file
UNWIND cited.facts AS fact
RETURN fact.key AS key, d.id AS id, coalesce(d.title, d.nameZh) AS titleZh, d.nameEn AS titleEn,
       d.docNumber AS number, d.issuedOn AS date,
       [p IN passages WHERE fact.quote IS NULL OR p.quote CONTAINS fact.quote | p.id] AS passageIds
"""


@dataclass(frozen=True)
class Citation:
    """What a stored `source` and `quote` cite: the document, and the Passage holding the quote."""

    document: CitedDocument | None
    passage_id: str | None


Cited = dict[tuple[str, str | None], Citation]  # by (source, quote)


def citations(store: GraphStore, provenances: Iterable[Provenance]) -> Cited:
    """The citation of each distinct (source, quote) among `provenances`, in one read; a source
    naming no SourceDocument (a reference such as GB/T 2260) cites none."""
    facts = list(dict.fromkeys((p.source, p.quote) for p in provenances if p.source))
    if not facts:
        return {}
    by_source: dict[str, list[dict[str, object]]] = {}
    for index, (source, quote) in enumerate(facts):
        by_source.setdefault(source, []).append({"key": index, "quote": quote})
    sources = [{"source": source, "file": split_source(source)[0], "facts": of} for source, of in by_source.items()]
    rows = store.read(_CITED, {"sources": sources})
    cited: Cited = {}
    for row in rows:
        fact = facts[int(row["key"])]
        document = (
            CitedDocument(
                id=str(row["id"]),
                title_zh=str(row["titleZh"] or row["id"]),
                title_en=row["titleEn"],
                number=row["number"],
                date=str(row["date"]) if row["date"] is not None else None,
            )
            if row["id"] is not None
            else None
        )
        # passages of one section are numbered #2, #3 after the first: the first holding the quote
        cited[fact] = Citation(document, min(map(str, row["passageIds"]), default=None))
    return cited


def cite(provenance: Provenance, cited: Cited) -> Provenance:
    """`provenance` with the document and passage its source and quote cite (as it is without a source)."""
    if not provenance.source:
        return provenance
    citation = cited.get((provenance.source, provenance.quote))
    if citation is None:
        return provenance
    return provenance.model_copy(update={"document": citation.document, "passage_id": citation.passage_id})


Drawn = TypeVar("Drawn", GraphNode, GraphEdge)


def with_citations(items: Sequence[Drawn], cited: Cited) -> list[Drawn]:
    """Nodes or edges with their provenance citing what `cited` says (`citations` of theirs)."""
    if not cited:  # nothing cites a document: the views stay as they are
        return list(items)
    return [item.model_copy(update={"provenance": cite(item.provenance, cited)}) for item in items]


def cite_graph(
    store: GraphStore, nodes: Sequence[GraphNode], edges: Sequence[GraphEdge]
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """A graph's nodes and edges citing their documents and passages, in one read for both."""
    cited = citations(store, [*(n.provenance for n in nodes), *(e.provenance for e in edges)])
    return with_citations(nodes, cited), with_citations(edges, cited)


def cited_subgraph(store: GraphStore, graph: Subgraph) -> Subgraph:
    """`graph` with every provenance citing its document and passage (one read)."""
    nodes, edges = cite_graph(store, graph.nodes, graph.edges)
    return graph.model_copy(update={"nodes": nodes, "edges": edges})
