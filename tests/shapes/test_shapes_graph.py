"""The shapes and the ontology do not drift apart, in either direction; every rule is well formed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from jxkg.errors import ValidationError
from jxkg.ontology.conventions import JX
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.shapes.generate import GENERATED, check_generated, id_pattern, main, render_shapes
from jxkg.shapes.sparql import bulk_shapes, shape_nodes
from jxkg.shapes.validate import load_shapes, shape_files

JXS = rdflib.Namespace("https://w3id.org/jxkg/shapes#")
SEVERITIES = {SH.Violation, SH.Warning, SH.Info}


@pytest.fixture(scope="module")
def schema() -> GraphSchema:
    return load_schema()


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return load_shapes()


def jx(iri: rdflib.term.Node) -> str:
    text = str(iri)
    assert text.startswith(str(JX)), f"{iri} is not in the jx: namespace"
    return text[len(str(JX)) :]


def paths(shapes: rdflib.Graph) -> set[URIRef]:
    """Every property a shape's path names, inverse paths included."""
    found: set[URIRef] = set()
    for path in shapes.objects(None, SH.path):
        if isinstance(path, BNode):
            path = shapes.value(path, SH.inversePath)
        assert isinstance(path, URIRef), f"unsupported path {path}"
        found.add(path)
    return found


def test_the_generated_shapes_are_up_to_date(schema: GraphSchema) -> None:
    assert check_generated(GENERATED, render_shapes(schema)) is None, "run: python -m jxkg.shapes.generate"


def test_generate_check_reports_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ontology-shapes.ttl"
    main(["--out", str(out)])
    main(["--out", str(out), "--check"])
    assert "is up to date" in capsys.readouterr().out
    out.write_text(out.read_text(encoding="utf-8").replace("jxs:EntityShape", "jxs:Entity"), encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["--out", str(out), "--check"])
    assert caught.value.code == 1
    assert "out of date" in capsys.readouterr().err


def test_the_shapes_are_package_data_in_turtle() -> None:
    names = {p.name for p in shape_files()}
    assert {"ontology-shapes.ttl", "entity.ttl", "identifiers.ttl", "classes.ttl"} <= names


def test_every_concrete_class_has_its_shape(schema: GraphSchema, shapes: rdflib.Graph) -> None:
    for node_type in schema.concrete_types():
        shape = JXS[f"{node_type.name}Shape"]
        assert (shape, RDF.type, SH.NodeShape) in shapes, f"no jxs:{node_type.name}Shape"
        assert set(shapes.objects(shape, SH.targetClass)) == {JX[node_type.name]}


def test_every_class_shape_targets_its_class(schema: GraphSchema, shapes: rdflib.Graph) -> None:
    named = {str(s)[len(str(JXS)) :] for s in shape_nodes(shapes) if str(s).endswith("Shape")}
    assert named == {f"{t.name}Shape" for t in schema.node_types}


def test_every_shape_path_is_an_ontology_property(schema: GraphSchema, shapes: rdflib.Graph) -> None:
    known = {p.name for p in schema.properties} | {r.name for r in schema.relationships}
    unknown = {str(p) for p in paths(shapes) if not str(p).startswith(str(JX)) or jx(p) not in known}
    assert not unknown


def test_every_targeted_or_required_class_is_an_ontology_class(schema: GraphSchema, shapes: rdflib.Graph) -> None:
    classes = {t.name for t in schema.node_types}
    named = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    assert {jx(c) for c in named} <= classes


def test_every_targeted_property_is_an_ontology_property(schema: GraphSchema, shapes: rdflib.Graph) -> None:
    known = {p.name for p in schema.properties} | {r.name for r in schema.relationships}
    assert {jx(p) for p in shapes.objects(None, SH.targetSubjectsOf)} <= known


def test_every_ontology_property_has_its_datatype_and_range_rules(schema: GraphSchema, shapes: rdflib.Graph) -> None:
    for p in schema.properties:
        shape = JXS[f"{p.name}-datatype"]
        assert (shape, SH.targetSubjectsOf, JX[p.name]) in shapes, f"no jxs:{p.name}-datatype"
        assert ((shape, SH.datatype, None) in shapes) or ((shape, SH["or"], None) in shapes)
        assert ((JXS[f"{p.name}-single"], SH.maxCount, Literal(1)) in shapes) != p.multi_valued
    for r in schema.relationships:
        shape = JXS[f"{r.name}-range"]
        assert (shape, SH.targetSubjectsOf, JX[r.name]) in shapes, f"no jxs:{r.name}-range"


def test_closed_value_lists_are_the_ontologys(schema: GraphSchema, shapes: rdflib.Graph) -> None:
    for p in schema.properties:
        if p.allowed_values:
            head = shapes.value(JXS[f"{p.name}-in"], SH["in"])
            assert head is not None, f"no jxs:{p.name}-in"
            assert sorted(str(v) for v in Collection(shapes, head)) == sorted(p.allowed_values)


def test_closed_shapes_allow_exactly_what_the_ontology_gives_the_class(
    schema: GraphSchema, shapes: rdflib.Graph
) -> None:
    person = shapes.value(JXS.PersonShape, SH.ignoredProperties)
    assert person is not None
    allowed = {jx(p) for p in Collection(shapes, person) if p != RDF.type}
    assert {"nameZh", "affiliatedWith", "selectedBy", "leads"} <= allowed
    assert "hostedBy" not in allowed
    # the subclasses of a concrete class are closed by its shape, not twice
    assert shapes.value(JXS.AcademicianShape, SH.closed) is None
    closed = {jx(c) for s in shapes.subjects(SH.closed, Literal(True)) for c in shapes.objects(s, SH.targetClass)}
    concrete = {t.name for t in schema.concrete_types()}
    assert closed <= concrete and "Person" in closed


def test_id_conventions(schema: GraphSchema) -> None:
    person = id_pattern(schema.node_type("Person"), schema)
    assert re.search(person, "academician:袁隆平") and re.search(person, "person:张三")
    enterprise = id_pattern(schema.node_type("Enterprise"), schema)
    assert re.search(enterprise, "913600001583040173") and re.search(enterprise, "enterprise:某公司")
    assert not re.search(enterprise, "company:某公司")


def rule_shapes(shapes: rdflib.Graph) -> set[URIRef]:
    """Shapes that hold a constraint of their own (not only targets, labels and sh:property links)."""
    structural = {RDF.type, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target,
                  SH.property, SH.path, SH.severity, SH.message, SH.deactivated, SH.ignoredProperties,
                  rdflib.RDFS.label, rdflib.RDFS.comment}  # fmt: skip
    return {s for s in shape_nodes(shapes) if any(p not in structural for p in shapes.predicates(s, None))}


def test_every_rule_has_a_deliberate_severity_and_messages_in_both_languages(shapes: rdflib.Graph) -> None:
    rules = rule_shapes(shapes)
    assert len(rules) > 150
    for shape in rules:
        assert shapes.value(shape, SH.severity) in SEVERITIES, f"{shape}: no sh:severity"
        languages = {m.language for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)}
        assert languages == {"zh", "en"}, f"{shape}: messages in {languages}"


def test_property_shapes_are_attached_or_targeted(shapes: rdflib.Graph) -> None:
    """A property shape that nothing reaches would never run."""
    attached = set(shapes.objects(None, SH.property))
    targets = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target}
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        assert shape in attached or any((shape, t, None) in shapes for t in targets), f"{shape} is never used"


def test_sparql_rules_run_in_bulk_and_in_pyshacl(shapes: rdflib.Graph) -> None:
    """pySHACL rejects VALUES and MINUS; the bulk runner needs named shapes with their own targets."""
    bulk = bulk_shapes(shapes)
    assert {c.shape for c in bulk} >= {
        JXS["creditCode-checkDigit"],
        JXS["Entity-type"],
        JXS["Enterprise-id-creditCode"],
    }
    for text in shapes.objects(None, SH.select):
        assert not re.search(r"\b(VALUES|MINUS|SERVICE)\b", str(text), re.IGNORECASE)


@pytest.mark.parametrize(
    ("turtle", "problem"),
    [
        ("jxs:s a sh:PropertyShape ; sh:path jx:id ; sh:sparql [ sh:select 'SELECT $this WHERE { $this ?p ?o }' ] .",
         "its own"),
        ("jxs:n a sh:NodeShape ; sh:targetClass jx:Entity ; sh:property jxs:s .\n"
         "jxs:s a sh:PropertyShape ; sh:path jx:id ; sh:sparql [ sh:select 'SELECT $this WHERE { $this ?p ?o }' ] .",
         "sh:property"),
        ("jxs:s a sh:NodeShape ; sh:targetClass jx:Entity ; sh:sparql [ sh:select 'SELECT $this WHERE { $PATH }' ] .",
         "no sh:path"),
    ],
)  # fmt: skip
def test_a_sparql_rule_the_runner_could_not_evaluate_is_refused(turtle: str, problem: str) -> None:
    prefixes = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix jx: <https://w3id.org/jxkg/ontology#> .\n"
    prefixes += "@prefix jxs: <https://w3id.org/jxkg/shapes#> .\n"
    with pytest.raises(ValidationError, match=problem):
        bulk_shapes(rdflib.Graph().parse(data=prefixes + turtle, format="turtle"))
