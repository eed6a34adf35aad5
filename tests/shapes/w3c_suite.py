"""The W3C SHACL core test suite through `validate`, per engine: a figure, not a test.

    python -m tests.shapes.w3c_suite DIR [native|pyshacl]   # DIR: data-shapes-test-suite/tests/core

DIR is a local copy of github.com/w3c/data-shapes (not kept in this repository). Each sht:Validate
entry is validated with its data and shapes graphs; its expected report's results are compared
with the report's top-level results as (focus, path, value, component, severity), blank nodes as
"_", an inverse path as "^IRI". An entry whose result is sht:Failure must raise. Prints each
entry that differs and the count that pass.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import rdflib
from rdflib import RDF, BNode, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.errors import JxkgError
from jxkg.settings import ShaclEngineName
from jxkg.shapes.validate import ValidationReport, validate

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = rdflib.Namespace("http://www.w3.org/ns/shacl-test#")
Row = tuple[str | None, str | None, str | None, str | None, str]


def _text(term: Node | None) -> str | None:
    if term is None:
        return None
    return "_" if isinstance(term, BNode) else str(term)


def _expected(g: rdflib.Graph, report: Node) -> set[Row]:
    rows: set[Row] = set()
    for r in g.objects(report, SH.result):
        path = g.value(r, SH.resultPath)
        inverse = g.value(path, SH.inversePath) if isinstance(path, BNode) else None
        shown = f"^{inverse}" if isinstance(inverse, URIRef) else _text(path)
        severity = str(g.value(r, SH.resultSeverity))
        label = severity.removeprefix(str(SH)) if severity.startswith(str(SH)) else severity
        rows.add(
            (
                _text(g.value(r, SH.focusNode)),
                shown,
                _text(g.value(r, SH.value)),
                _text(g.value(r, SH.sourceConstraintComponent)),
                label,
            )
        )
    return rows


def _got(report: ValidationReport) -> set[Row]:
    def blank(text: str | None) -> str | None:
        return "_" if text is not None and text.startswith("_:") else text

    return {(blank(r.focus), blank(r.path), blank(r.value), r.component, r.severity_label) for r in report.results}


def _graph(ref: Node | None, file: Path, own: rdflib.Graph) -> rdflib.Graph:
    return own if ref is None or str(ref) in ("", file.as_uri()) else rdflib.Graph().parse(str(ref), format="turtle")


def _entry(g: rdflib.Graph, test: Node, file: Path, engine: ShaclEngineName) -> str | None:
    """None when the entry passes, else what differs."""
    action, result = g.value(test, MF.action), g.value(test, MF.result)
    data = _graph(g.value(action, SHT.dataGraph), file, g)
    shapes = _graph(g.value(action, SHT.shapesGraph), file, g)
    try:
        report = validate(data, shapes=shapes, engine=engine)
    except JxkgError as exc:
        return None if result == SHT.Failure else f"error: {exc}"
    if result == SHT.Failure or result is None:
        return "no error where the suite expects a failure"
    expected, got = _expected(g, result), _got(report)
    return (
        None
        if expected == got
        else f"missing {sorted(map(str, expected - got))} extra {sorted(map(str, got - expected))}"
    )


def main(folder: Path, engine: ShaclEngineName) -> None:
    logging.disable(logging.CRITICAL)
    passed = failed = 0
    for file in sorted(folder.rglob("*.ttl")):
        if file.name == "manifest.ttl":
            continue
        g = rdflib.Graph().parse(file, format="turtle")
        for test in g.subjects(RDF.type, SHT.Validate):
            problem = _entry(g, test, file, engine)
            passed, failed = (passed + 1, failed) if problem is None else (passed, failed + 1)
            if problem is not None:
                print(f"{file.relative_to(folder)}: {problem[:300]}")
    print(f"{engine.value}: {passed} of {passed + failed} pass")


if __name__ == "__main__":
    main(Path(sys.argv[1]), ShaclEngineName(sys.argv[2] if len(sys.argv) > 2 else "native"))
