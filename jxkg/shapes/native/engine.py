"""Compiled shapes run over a TripleIndex: the ResultRecords pySHACL gives for the same shapes."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib.term import Node

from jxkg.shapes.native.compile import CompiledShapes
from jxkg.shapes.native.shape import Hit
from jxkg.shapes.results import ResultRecord, source_of, term_text
from jxkg.shapes.triples import TripleIndex

__all__ = ["native_records"]


def native_records(
    compiled: CompiledShapes, data: TripleIndex, focus: set[Node] | None, origins: Mapping[str, str]
) -> set[ResultRecord]:
    """The results of the natively compiled shapes on `data` (on the nodes of `focus` only, when given:
    the other nodes are context). The fallback shapes are not run here."""
    answers: dict[str, set[Node]] = {}  # SPARQL targets' answers, shared by shapes with one query
    sources: dict[Node, tuple[str | None, int | None]] = {}
    records: set[ResultRecord] = set()
    for top in compiled.native:
        if top.shape.deactivated:
            continue
        for node in top.targets.focus_nodes(data, focus, answers):
            for hit in top.shape.hits(data, node):
                if hit.focus not in sources:
                    sources[hit.focus] = source_of(data, origins, hit.focus)
                records.add(_record(hit, sources[hit.focus]))
    return records


def _record(hit: Hit, source: tuple[str | None, int | None]) -> ResultRecord:
    zh, en = hit.shape.messages
    return ResultRecord(
        focus=term_text(hit.focus) or "",
        path=hit.path,
        value=term_text(hit.value),
        source_shape=hit.shape.text,
        component=str(hit.component),
        severity=hit.shape.severity,
        severity_iri=hit.shape.severity_iri,
        message_zh=zh,
        message_en=en,
        source_file=source[0],
        source_row=source[1],
    )
