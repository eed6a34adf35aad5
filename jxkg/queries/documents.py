"""The documents a fact cites, by title: a provenance `source` is `file#section` (the ingest's form,
e.g. `000_d24e6e608ec2dcda.txt#第二章 第二节`), which names a SourceDocument by its `fileName`; a
reader wants the document's title and number and the section, not the hashed file name."""

from __future__ import annotations

from collections.abc import Iterable

from jxkg.queries.views import CitedSource
from jxkg.store import GraphStore


def split_source(source: str) -> tuple[str, str | None]:
    """`file#section` as (file, section); a source without `#` is a file alone."""
    file, _, section = source.partition("#")
    return file.strip(), section.strip() or None


def cited_sources(store: GraphStore, sources: Iterable[str | None]) -> list[CitedSource]:
    """Each distinct source once, in the order given, with the title of the document its file is
    (one read for all); a file no SourceDocument names keeps its source as it is, title null."""
    distinct = list(dict.fromkeys(s for s in sources if s))
    if not distinct:
        return []
    files = sorted({split_source(s)[0] for s in distinct})
    rows = store.read(
        "MATCH (d:SourceDocument) WHERE d.fileName IN $files "
        "RETURN d.fileName AS file, d.id AS id, coalesce(d.title, d.nameZh) AS titleZh, d.nameEn AS titleEn, "
        "d.docNumber AS number",
        {"files": files},
    )
    documents = {str(row["file"]): row for row in rows}
    cited = []
    for source in distinct:
        file, section = split_source(source)
        document = documents.get(file)
        cited.append(
            CitedSource(
                source=source,
                file=file,
                section=section,
                document_id=str(document["id"]) if document else None,
                title_zh=document["titleZh"] if document else None,
                title_en=document["titleEn"] if document else None,
                doc_number=document["number"] if document else None,
            )
        )
    return cited
