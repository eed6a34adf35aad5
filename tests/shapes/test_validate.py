"""The validation runner: the report as data, where results come from, how files are read."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest
import rdflib
from pyshacl import validate as pyshacl_validate
from rdflib import RDF, Literal, URIRef
from rich.console import Console

from jxkg.errors import ValidationError
from jxkg.ontology.conventions import JX
from jxkg.ontology.schema import load_graph
from jxkg.shapes.render import as_dict, compact, group_by_rule, render_json, render_text
from jxkg.shapes.validate import (
    DataFileError,
    Severity,
    ValidationReport,
    load_shapes,
    read_data,
    validate,
    validate_files,
)
from tests.shapes.synthetic import synthetic_graph

CASES = Path(__file__).parent / "cases"
JXD = rdflib.Namespace("https://w3id.org/jxkg/id/")
JXS = rdflib.Namespace("https://w3id.org/jxkg/shapes#")

LAB = """
@prefix jx:  <https://w3id.org/jxkg/ontology#> .
@prefix jxd: <https://w3id.org/jxkg/id/> .
jxd:lab a jx:NationalKeyLaboratory ; jx:id "national-key-laboratory:稀土" ; jx:nameZh "稀土国家重点实验室"@zh ;
    jx:nameEn "rare earths"@en ; jx:hostedBy jxd:chain ; jx:source "data/labs.csv" ; jx:sourceRow 3 .
jxd:chain a jx:IndustryChain ; jx:id "industry-chain:稀土" ; jx:nameZh "稀土"@zh ; jx:nameEn "rare earths"@en .
"""


def lab_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data=LAB, format="turtle")


def test_the_report_is_frozen_data_with_counts_and_conformance() -> None:
    report = validate(lab_graph())
    assert isinstance(report, ValidationReport)
    assert not report.conforms
    assert report.counts == {Severity.VIOLATION: 1, Severity.WARNING: 0, Severity.INFO: 0}
    assert report.entities == 2
    (result,) = report.results
    assert (result.focus, result.path, result.value) == (str(JXD.lab), str(JX.hostedBy), str(JXD.chain))
    assert result.source_shape == str(JXS["hostedBy-range"])
    assert result.component == "http://www.w3.org/ns/shacl#ClassConstraintComponent"
    assert result.message_zh.startswith("「依托」") and result.message_en.startswith("hosted by")
    assert (result.source_file, result.source_row) == ("data/labs.csv", 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.value = "x"  # type: ignore[misc]


def test_warnings_and_infos_do_not_break_conformance() -> None:
    graph = lab_graph()
    graph.remove((JXD.lab, JX.hostedBy, None))
    graph.remove((JXD.lab, JX.nameEn, None))
    report = validate(graph)
    assert report.conforms
    assert report.counts[Severity.INFO] == 2  # no English name, no host
    assert {r.severity for r in report.results} == {Severity.INFO}


def test_results_are_sorted_most_severe_first_and_grouped_by_rule() -> None:
    graph = rdflib.Graph().parse(CASES / "equals.bad.ttl")
    report = validate(graph + lab_graph())
    ranks = [r.severity.rank for r in report.results]
    assert ranks == sorted(ranks)
    groups = group_by_rule(report)
    assert groups[0].severity is Severity.VIOLATION
    equals = next(g for g in groups if g.shape == str(JXS["AdministrativeRegion-id-code"]))
    assert len(equals.results) == 2 and equals.message_en.startswith("the id of a province")


def test_the_callers_graph_is_left_unchanged() -> None:
    graph = lab_graph()
    before = set(graph)
    validate(graph)
    assert set(graph) == before


def test_explicit_xsd_string_is_the_plain_literal_it_is_in_rdf_1_1() -> None:
    graph = rdflib.Graph().parse(CASES / "in.ok.ttl")
    stage = graph.value(JXD.sc, JX.stage)
    graph.set((JXD.sc, JX.stage, Literal(str(stage), datatype=rdflib.XSD.string)))
    assert validate(graph).results == ()


def test_sh_class_sees_subclasses_through_the_ontology_without_inference() -> None:
    """A University is an Organization only through rdfs:subClassOf in the ontology (ont_graph)."""
    graph = rdflib.Graph().parse(CASES / "class.ok.ttl")
    assert (JXD.nchu, RDF.type, JX.Organization) not in graph
    assert validate(graph).results == ()


def test_rdfs_inference_would_hide_a_link_to_the_wrong_class() -> None:
    """Why inference="none": with RDFS, HOSTED_BY's range makes the industry chain an Organization."""
    graph = rdflib.Graph().parse(CASES / "class.bad.ttl")
    shapes = rdflib.Graph()
    shapes += load_shapes().triples((JXS["hostedBy-range"], None, None))
    args = {"shacl_graph": shapes, "ont_graph": load_graph(), "allow_warnings": True}
    assert pyshacl_validate(graph, inference="none", **args)[0] is False
    assert pyshacl_validate(graph, inference="rdfs", **args)[0] is True


def test_a_data_file_and_its_row_are_named(tmp_path: Path) -> None:
    graph = lab_graph()
    graph.remove((JXD.lab, JX.source, None))
    graph.remove((JXD.lab, JX.sourceRow, None))
    path = tmp_path / "labs.ttl"
    graph.serialize(path, format="turtle")
    (result,) = validate_files([path]).results
    assert (result.source_file, result.source_row) == (str(path), None)


def test_files_are_read_together_so_links_between_them_resolve(tmp_path: Path) -> None:
    graph = rdflib.Graph().parse(CASES / "class.ok.ttl")
    university = rdflib.Graph()
    for triple in graph.triples((JXD.nchu, None, None)):
        university.add(triple)
        graph.remove(triple)
    (tmp_path / "labs.ttl").write_text(graph.serialize(format="turtle"), encoding="utf-8")
    (tmp_path / "hosts.jsonld").write_text(university.serialize(format="json-ld"), encoding="utf-8")
    report = validate_files([tmp_path / "labs.ttl", tmp_path / "hosts.jsonld"])
    assert report.results == () and report.entities == 3
    alone = validate_files([tmp_path / "labs.ttl"])
    assert [compact(r.source_shape) for r in alone.results] == ["jxs:hostedBy-range"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("data.ttl", "jxd:x a jx:Lab", "not valid Turtle"),
        ("data.jsonld", "{ not json", "not valid JSON-LD"),
        ("data.csv", "id,nameZh\n", "cannot tell the format"),
        ("absent.ttl", None, "cannot read the file"),
    ],
)
def test_a_file_that_cannot_be_read_is_named(tmp_path: Path, name: str, content: str | None, expected: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=expected) as caught:
        read_data([path])
    assert isinstance(caught.value, ValidationError)
    assert str(path) in str(caught.value) and caught.value.path == path


def test_unreadable_shapes_cannot_validate(tmp_path: Path) -> None:
    (tmp_path / "broken.ttl").write_text("jxs:x a", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"broken\.ttl"):
        load_shapes(tmp_path)


def test_synthetic_data_conforms_without_a_single_result() -> None:
    synthetic = synthetic_graph(300)
    report = validate(synthetic.graph)
    assert report.results == ()
    assert report.entities == synthetic.entities


def test_a_rule_reached_twice_is_reported_once() -> None:
    """A node with two classes whose shapes share a rule (here, Laboratory's host)."""
    graph = lab_graph()
    graph.remove((JXD.lab, JX.hostedBy, None))
    graph.add((JXD.lab, RDF.type, JX.ProvincialKeyLaboratory))
    shapes = [compact(r.source_shape) for r in validate(graph).results]
    assert shapes.count("jxs:Laboratory-hostedBy-recommended") == 1


def test_json_view() -> None:
    report = validate(lab_graph(), files=("labs.ttl",))
    data = json.loads(render_json(report))
    assert data == as_dict(report)
    assert data["conforms"] is False and data["files"] == ["labs.ttl"]
    assert data["counts"] == {"Violation": 1, "Warning": 0, "Info": 0}
    assert data["results"][0]["sourceShape"] == str(JXS["hostedBy-range"])
    assert data["results"][0]["messageZh"] == report.results[0].message_zh


def test_text_view() -> None:
    out = io.StringIO()
    render_text(validate(lab_graph()), Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "Violation jxs:hostedBy-range (sh:ClassConstraintComponent, 1 result)" in text
    assert "「依托」关系（HOSTED_BY）必须指向「机构」节点" in text
    assert "jxd:lab" in text and "jx:hostedBy" in text and "jxd:chain" in text and "data/labs.csv:3" in text
    assert "2 entities validated: 1 Violation, 0 Warnings, 0 Infos; does not conform" in text


def test_compact_names() -> None:
    assert compact("https://w3id.org/jxkg/id/science-city:%E8%B5%A3%E5%B7%9E") == "jxd:science-city:赣州"
    assert compact("^https://w3id.org/jxkg/ontology#hasRecognition") == "^jx:hasRecognition"
    assert compact("http://example.org/x") == "http://example.org/x"
    assert compact(None) == ""


def test_a_node_of_a_class_outside_the_ontology_is_still_checked() -> None:
    graph = rdflib.Graph()
    node = URIRef("https://w3id.org/jxkg/id/x")
    graph.add((node, RDF.type, JX.Labratory))
    graph.add((node, JX.id, Literal("laboratory:x")))
    (result,) = validate(graph).results
    assert compact(result.source_shape) == "jxs:Entity-type" and result.severity is Severity.VIOLATION


def test_a_decimal_made_from_a_python_float_is_still_a_decimal() -> None:
    """rdflib keeps the float behind Literal(3.68, datatype=xsd:decimal); the RDF term is "3.68"^^xsd:decimal."""
    graph = rdflib.Graph().parse(CASES / "or-datatype.ok.ttl")
    graph.set((JXD.t, JX.value, Literal(3.68, datatype=rdflib.XSD.decimal)))
    assert validate(graph).results == ()
