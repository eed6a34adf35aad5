"""A shape the native engine cannot compile is detected, named with the reason, and validated by
pySHACL: its results are there, the same as pySHACL's alone. Each case adds one shape to the
packaged shapes and data that breaks it."""

from __future__ import annotations

import pytest
import rdflib

from jxkg.settings import ShaclEngineName
from jxkg.shapes.native import compile_shapes
from jxkg.shapes.validate import compiled_shapes, load_shapes, validate

PREFIXES = """
@prefix jx:  <https://w3id.org/jxkg/ontology#> .
@prefix jxs: <https://w3id.org/jxkg/shapes#> .
@prefix jxd: <https://w3id.org/jxkg/id/> .
@prefix ex:  <https://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix sh:  <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
DATA = """
jxd:u a jx:University ; jx:id "university:u" ; jx:nameZh "大学"@zh ; jx:nameEn "U"@en ;
    jx:level "provincial" ; jx:note "a b c" ; jx:hostedBy jxd:e ; jx:aliases "甲"@zh-Hans , "乙"@zh-Hans .
jxd:e a jx:Enterprise ; jx:id "enterprise:e" ; jx:nameZh "企业"@zh .
"""
MESSAGES = 'sh:message "测试"@zh , "test"@en'


def _on_universities(constraints: str) -> str:
    """jxs:X: a property shape on every university, with `constraints` and messages."""
    return f"jxs:X a sh:PropertyShape ; sh:targetClass jx:University ; {constraints} ; {MESSAGES} ."


# name: (the shape jxs:X and what it needs, what the reason says)
CASES = {
    "hasValue": (_on_universities('sh:path jx:level ; sh:hasValue "national"'), "sh:hasValue"),
    "node": (
        _on_universities("sh:path jx:hostedBy ; sh:node jxs:Y") + "\njxs:Y a sh:NodeShape ; sh:class jx:Province .",
        "sh:node",
    ),
    "xone": (
        _on_universities("sh:path jx:hostedBy ; sh:xone ( [ sh:class jx:Enterprise ] [ sh:class jx:Organization ] )"),
        "sh:xone",
    ),
    "minLength": (_on_universities("sh:path jx:note ; sh:minLength 10"), "sh:minLength"),
    "an unknown SHACL term": (_on_universities("sh:path jx:note ; sh:minCount 2 ; sh:fooBar 1"), "sh:fooBar"),
    "regex flags s": (_on_universities('sh:path jx:note ; sh:pattern "^a.c$" ; sh:flags "s"'), "sh:flags"),
    "a language range with a subtag": (
        _on_universities('sh:path jx:aliases ; sh:languageIn ( "zh-CN" )'),
        "sh:languageIn",
    ),
    "a sequence path": (_on_universities("sh:path ( jx:hostedBy jx:nameEn ) ; sh:minCount 1"), "path"),
    "disjoint qualified shapes": (
        "jxs:P a sh:NodeShape ; sh:targetClass jx:University ; sh:property jxs:X , jxs:Z ."
        f"\njxs:X a sh:PropertyShape ; sh:path jx:hostedBy ; sh:qualifiedValueShape [ sh:class jx:Enterprise ] ;"
        f" sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ; {MESSAGES} ."
        f"\njxs:Z a sh:PropertyShape ; sh:path jx:hostedBy ; sh:qualifiedValueShape [ sh:class jx:Organization ] ;"
        f" sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ; {MESSAGES} .",
        "sh:qualifiedValueShapesDisjoint",
    ),
    "a custom constraint component": (
        "ex:MaxWords a sh:ConstraintComponent ; sh:parameter [ sh:path ex:maxWords ] ;"
        ' sh:validator [ a sh:SPARQLAskValidator ; sh:ask "ASK { FILTER (STRLEN($value) <= $maxWords) }" ] .\n'
        + _on_universities("sh:path jx:note ; ex:maxWords 2"),
        "custom constraint",
    ),
    "a severity inside sh:or": (
        _on_universities(
            "sh:path jx:hostedBy ; sh:or ( [ sh:class jx:Province ; sh:severity sh:Warning ] [ sh:class jx:County ] )"
        ),
        "severity",
    ),
    "no message": (
        'jxs:X a sh:PropertyShape ; sh:targetClass jx:University ; sh:path jx:level ; sh:in ( "national" ) .',
        "sh:message",
    ),
}


def _shapes(extra: str) -> rdflib.Graph:
    shapes = rdflib.Graph()
    shapes += load_shapes()
    return shapes.parse(data=PREFIXES + extra, format="turtle")


@pytest.mark.parametrize("name", CASES)
def test_an_unsupported_feature_is_left_to_pyshacl(name: str) -> None:
    shape, reason = CASES[name]
    shapes = _shapes(shape)
    compiled = compiled_shapes(shapes)
    x = "https://w3id.org/jxkg/shapes#X"
    # a shape without targets is compiled only where another reaches it: that one falls back
    top = x if x in compiled.fallback else "https://w3id.org/jxkg/shapes#P"
    assert top in compiled.fallback, compiled.fallback
    assert reason in compiled.reasons[top]
    assert x in compiled.fallback_use_shapes
    assert len(compiled.native) > 220  # the rest stays native (232 shapes with targets, issue 27)

    data = rdflib.Graph().parse(data=PREFIXES + DATA, format="turtle")
    reference = validate(data, shapes=shapes, engine=ShaclEngineName.PYSHACL)
    native = validate(data, shapes=shapes, engine=ShaclEngineName.NATIVE)
    assert set(native.results) == set(reference.results)
    if name != "a severity inside sh:or":  # pySHACL lets a Warning shape inside sh:or conform
        assert any(r.source_shape == x for r in native.results), "the shape's own results are there"


def test_shapes_a_fallback_shape_reaches_go_to_pyshacl_with_it() -> None:
    shape, _ = CASES["node"]
    compiled = compiled_shapes(_shapes(shape))
    assert "https://w3id.org/jxkg/shapes#Y" in compiled.fallback_use_shapes


def test_rules_that_change_the_data_leave_every_shape_to_pyshacl() -> None:
    shapes = _shapes(
        "jxs:R a sh:NodeShape ; sh:targetClass jx:University ;"
        ' sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate jx:note ; sh:object "x" ] .'
    )
    compiled = compiled_shapes(shapes)
    assert compiled.native == ()
    assert all("sh:rule" in reason for reason in compiled.reasons.values())


def test_recursive_shapes_are_left_to_pyshacl() -> None:
    shapes = rdflib.Graph().parse(
        data=PREFIXES
        + "jxs:A a sh:NodeShape ; sh:targetClass jx:University ; sh:property jxs:B ."
        + f"\njxs:B a sh:PropertyShape ; sh:path jx:hostedBy ; sh:or ( jxs:A ) ; {MESSAGES} .",
        format="turtle",
    )
    compiled = compile_shapes(shapes, ["https://w3id.org/jxkg/shapes#A", "https://w3id.org/jxkg/shapes#B"])
    assert set(compiled.fallback) == {"https://w3id.org/jxkg/shapes#A"}  # B has no targets of its own
    assert "https://w3id.org/jxkg/shapes#B" in compiled.fallback_use_shapes
    assert "recursive" in compiled.reasons["https://w3id.org/jxkg/shapes#A"]


def test_a_shape_reached_but_not_typed_is_a_shape_of_both_engines() -> None:
    """A property shape without rdf:type, reached by sh:property, is a shape by SHACL: both engines
    validate it (it used to be skipped, issue 27), and the native engine compiles it."""
    shapes = _shapes(
        "jxs:P a sh:NodeShape ; sh:targetClass jx:University ; sh:property jxs:Q ."
        f'\njxs:Q sh:path jx:level ; sh:in ( "national" ) ; {MESSAGES} .'
    )
    compiled = compiled_shapes(shapes)
    assert "https://w3id.org/jxkg/shapes#P" not in compiled.fallback
    data = rdflib.Graph().parse(data=PREFIXES + DATA, format="turtle")
    assert set(validate(data, shapes=shapes, engine=ShaclEngineName.NATIVE).results) == set(
        validate(data, shapes=shapes, engine=ShaclEngineName.PYSHACL).results
    )
