"""SHACL core as the specification says, on both engines (issue 27): every shape SHACL recognises is
validated, typed or not; results nested under sh:detail stay nested; a custom severity keeps its
IRI; the native engine compiles a shape or says it left it to pySHACL; no shape at all is an error.
The cases (`conformance_cases.py`) are hand-written, each with its expected top-level results."""

from __future__ import annotations

import json

import pytest
import rdflib
from rich.console import Console

from jxkg.errors import ValidationError
from jxkg.settings import ShaclEngineName
from jxkg.shapes.render import as_dict, render_text
from jxkg.shapes.validate import ValidationReport, validate
from tests.shapes.conformance_cases import CASES, PREFIXES, Case, Expected

EX = "http://example.org/"
ENGINES = [ShaclEngineName.NATIVE, ShaclEngineName.PYSHACL]


def _iri(text: str | None) -> str | None:
    return EX + text[3:] if text is not None and text.startswith("ex:") else text


def _expected(case: Case) -> set[Expected]:
    return {(_iri(f) or "", _iri(p), _iri(v), c, s) for f, p, v, c, s in case.expected}


def _got(report: ValidationReport) -> set[Expected]:
    return {
        (
            r.focus,
            r.path,
            r.value,
            r.component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent"),
            r.severity_label,
        )
        for r in report.results
    }


def _run(case: Case, engine: ShaclEngineName) -> ValidationReport:
    shapes = rdflib.Graph().parse(data=case.shapes, format="turtle")
    data = rdflib.Graph().parse(data=case.data, format="turtle")
    return validate(data, shapes=shapes, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_gives_its_expected_results(case: Case, engine: ShaclEngineName) -> None:
    report = _run(case, engine)
    assert _got(report) == _expected(case)
    assert len(report.results) == len(case.expected)  # each result once: nested ones are not repeated


@pytest.mark.parametrize("case", [c for c in CASES if c.native], ids=[c.name for c in CASES if c.native])
def test_native_engine_compiles_the_shapes_it_supports(case: Case) -> None:
    assert _run(case, ShaclEngineName.NATIVE).on_pyshacl == ()


@pytest.mark.parametrize("case", [c for c in CASES if not c.native], ids=[c.name for c in CASES if not c.native])
def test_native_engine_says_which_shapes_ran_on_pyshacl(case: Case) -> None:
    report = _run(case, ShaclEngineName.NATIVE)
    assert report.on_pyshacl, "a shape left to pySHACL is named in the report"
    assert all(reason for _, reason in report.on_pyshacl)
    shown = json.loads(json.dumps(as_dict(report)))["onPyshacl"]
    assert [(s["shape"], s["reason"]) for s in shown] == list(report.on_pyshacl)


def test_custom_severity_fails_conformance_and_a_warning_does_not() -> None:
    case = next(c for c in CASES if c.name == "custom-severity")
    for engine in ENGINES:
        report = _run(case, engine)
        assert not report.conforms
        assert {r["severity"] for r in as_dict(report)["results"]} == {EX + "MySeverity", "Warning"}
    warning_only = case.data.replace("ex:r 1", "ex:p 1")
    data = rdflib.Graph().parse(data=warning_only, format="turtle")
    shapes = rdflib.Graph().parse(data=case.shapes, format="turtle")
    for engine in ENGINES:
        assert validate(data, shapes=shapes, engine=engine).conforms  # Warnings do not fail the data


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("shapes", ["", "ex:x ex:y ex:z ."], ids=["empty", "no-shape"])
def test_a_shapes_graph_without_shapes_is_an_error(shapes: str, engine: ShaclEngineName) -> None:
    graph = rdflib.Graph().parse(data=PREFIXES + shapes, format="turtle")
    data = rdflib.Graph().parse(data=PREFIXES + "ex:a ex:p 1 .", format="turtle")
    with pytest.raises(ValidationError, match="no shape"):
        validate(data, shapes=graph, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_blank_node_shape_with_targets_is_validated(engine: ShaclEngineName) -> None:
    shapes = rdflib.Graph().parse(
        data=PREFIXES + "[] sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .", format="turtle"
    )
    data = rdflib.Graph().parse(data=PREFIXES + "ex:a ex:q 1 .", format="turtle")
    report = validate(data, shapes=shapes, engine=engine)
    assert {(r.focus, r.path, r.component.rsplit("#")[-1]) for r in report.results} == {
        (EX + "a", EX + "p", "MinCountConstraintComponent")
    }


def test_the_text_view_names_the_shapes_left_to_pyshacl_and_a_custom_severity() -> None:
    case = next(c for c in CASES if c.name == "hasValue")
    console = Console(record=True, width=200)
    render_text(_run(case, ShaclEngineName.NATIVE), console)
    text = console.export_text()
    assert "on pySHACL: http://example.org/S:" in text and "sh:hasValue" in text
    severity = next(c for c in CASES if c.name == "custom-severity")
    console = Console(record=True, width=200)
    render_text(_run(severity, ShaclEngineName.NATIVE), console)
    assert "http://example.org/MySeverity" in console.export_text()
