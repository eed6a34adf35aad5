"""JSON-LD: RDF as JSON, read straight to records (`jxkg.ingest.read.rdf`), with no mapping.

An upload's JSON-LD must hold its contexts: one named by IRI is refused, as the server would
fetch what an upload names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jxkg.errors import UploadError
from jxkg.ingest.read.formats.record import Content, InputFormat
from jxkg.ingest.read.rdf import parse_rdf
from jxkg.ingest.records import ReadResult
from jxkg.ontology.schema import GraphSchema

__all__ = ["JSON_LD", "read_json_ld"]

_KEYWORDS = ("@context", "@graph", "@id", "@type")


def read_json_ld(path: Path, schema: GraphSchema) -> ReadResult:
    return parse_rdf(path, schema, "json-ld")


def _sniff(content: Content) -> bool:
    shape = content.json
    if shape.kind == "document":
        document = shape.document
        return _looks_like_json_ld(document) or (content.claimed == "json-ld" and isinstance(document, dict | list))
    # JSON Lines is never JSON-LD; text that is not JSON is, when named so (the reader says why)
    return shape.kind != "lines" and content.claimed == "json-ld"


def _looks_like_json_ld(document: Any) -> bool:
    items = document if isinstance(document, list) else [document]
    return any(isinstance(i, dict) and any(k in i for k in _KEYWORDS) for i in items[:20])


def _inspect(content: Content, *, max_unpacked_bytes: int) -> None:
    shape = content.json
    remote = _remote_contexts(shape.document) if shape.kind == "document" else []
    if remote:
        raise UploadError(
            f"{content.label}: its @context names {remote[0]!r}; a context is not fetched from elsewhere (the "
            "server would fetch what an upload names): put the context in the file",
            file=content.label,
        )


def _remote_contexts(document: Any) -> list[str]:
    """The contexts (and imports) a JSON-LD document names by IRI instead of holding them."""
    found: list[str] = []
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key in {"@context", "@import"}:
                    values = value if isinstance(value, list) else [value]
                    found += [v for v in values if isinstance(v, str)]
                stack.append(value)
    return found


JSON_LD = InputFormat(
    name="json-ld",
    suffixes=(".jsonld",),
    label_en="JSON-LD",
    label_zh="JSON-LD",
    media_type="application/ld+json",
    sniff=_sniff,
    sniff_rank=10,
    listing_rank=60,
    read_rdf=read_json_ld,
    inspect=_inspect,
)
