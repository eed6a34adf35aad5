"""validate(focus_nodes=...) gives exactly the whole graph's results on those nodes; the native
evaluation of jxs:Entity-type gives exactly its query's answer."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, Literal, URIRef

from jxkg.ontology.conventions import JX
from jxkg.shapes.sparql import bulk_shapes
from jxkg.shapes.validate import load_shapes, validate
from tests.shapes.synthetic import synthetic_graph

CASES = Path(__file__).parent / "cases"
JXD = rdflib.Namespace("https://w3id.org/jxkg/id/")
JXS = rdflib.Namespace("https://w3id.org/jxkg/shapes#")


def _all_cases() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in sorted(CASES.glob("*.ttl")):
        graph.parse(path)
    return graph


@pytest.mark.parametrize("every", [1, 2, 3, 7])
def test_focus_nodes_give_the_whole_graph_results_on_those_nodes(every: int) -> None:
    graph = _all_cases()
    whole = validate(graph)
    assert {r.component.rsplit("#", 1)[-1] for r in whole.results} >= {
        "OrConstraintComponent",
        "ClassConstraintComponent",
        "SPARQLConstraintComponent",
    }
    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef)}, key=str)
    focus = {str(s) for s in subjects[::every]}
    focused = validate(graph, focus_nodes=focus)
    assert focused.results == tuple(r for r in whole.results if r.focus in focus)


def test_focus_nodes_in_a_larger_graph() -> None:
    graph = synthetic_graph(400).graph
    broken = next(s for s in graph.subjects(JX.locatedIn, None) if isinstance(s, URIRef))
    graph.set((broken, JX.locatedIn, next(iter(graph.subjects(RDF.type, JX.IndustryChain)))))  # wrong class
    graph.add((JXD["x:untyped"], JX.nameZh, Literal("无类型", lang="zh")))
    whole = validate(graph)
    assert whole.results
    focus = {str(broken), str(JXD["x:untyped"])} | {str(s) for s in list(graph.subjects(RDF.type, None))[::5]}
    assert validate(graph, focus_nodes=focus).results == tuple(r for r in whole.results if r.focus in focus)
    assert validate(graph, focus_nodes=[]).results == ()


def test_the_entity_type_query_and_its_native_evaluation_agree() -> None:
    graph = _all_cases() + synthetic_graph(200).graph
    graph.add((JXD["a"], RDF.type, JX.Platform))  # abstract only
    graph.add((JXD["a"], JX.id, Literal("a")))  # (a focus node: the class hierarchy is not mixed in here)
    graph.add((JXD["b"], JX.id, Literal("b")))  # no type at all
    graph.add((JXD["c"], RDF.type, JX.Platform))
    graph.add((JXD["c"], RDF.type, JX.Incubator))  # a concrete class too: fine
    graph.add((JXD["d"], RDF.type, RDF.Statement))
    graph.add((JXD["d"], JX.nameZh, Literal("陈述")))
    (constraint,) = [c for c in bulk_shapes(load_shapes()) if c.shape == JXS["Entity-type"]]
    assert constraint.native is not None
    by_sparql = set(constraint.sparql_violations(graph))
    natively = set(constraint.violations(graph))
    assert by_sparql == natively
    assert {JXD["a"], JXD["b"]} <= {focus for focus, _ in natively}
    assert not {JXD["c"], JXD["d"]} & {focus for focus, _ in natively}
    only = {JXD["a"], JXD["c"]}
    assert set(constraint.violations(graph, only)) == {(JXD["a"], None)}


def test_validating_in_place_gives_the_same_results() -> None:
    graph = _all_cases() + synthetic_graph(200).graph
    graph.add((JXD["v"], JX.value, Literal(3.68, datatype=rdflib.XSD.decimal)))  # a float kept by rdflib
    graph.add((JXD["v"], JX.note, Literal("x", datatype=rdflib.XSD.string)))
    expected = validate(graph)
    assert validate(graph, inplace=True) == expected
