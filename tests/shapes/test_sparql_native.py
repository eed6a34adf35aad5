"""The SHACL-SPARQL rules evaluated in Python give their queries' answers, on an rdflib Graph and on a
TripleIndex; a TripleIndex answers a query from the triples of the predicates it reads."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, BNode, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from jxkg.ontology.conventions import JX
from jxkg.settings import ShaclEngineName
from jxkg.shapes import validate as validate_module
from jxkg.shapes.query_reads import predicates_read, single_pattern
from jxkg.shapes.sparql import NATIVE, BulkConstraint, bulk_shapes
from jxkg.shapes.triples import TripleIndex, normalize_literal
from jxkg.shapes.validate import load_shapes, validate
from tests.shapes.random_graph import random_graph
from tests.shapes.synthetic import synthetic_graph

CASES = Path(__file__).parent / "cases"
JXD = rdflib.Namespace("https://w3id.org/jxkg/id/")
JXS = rdflib.Namespace("https://w3id.org/jxkg/shapes#")


@pytest.fixture(autouse=True)
def _quiet_rdflib() -> Iterator[None]:
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


def _edge_cases() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in sorted(CASES.glob("*.ttl")):
        g.parse(path)
    g += synthetic_graph(200).graph
    g += random_graph(11)
    city, county, twin = JXD["c"], JXD["k"], JXD["twin"]
    g.add((city, RDF.type, JX.PrefectureCity))
    g.add((city, JX.code, Literal("360700\n")))  # `$` matches before a final newline, in rdflib and here
    g.add((city, JX.code, Literal("3607")))
    g.add((twin, RDF.type, JX.Province))
    g.add((twin, RDF.type, JX.PrefectureCity))
    g.add((twin, JX.code, Literal("360000")))
    for value in (Literal("360711"), Literal("370711"), BNode("v"), URIRef("https://example.org/360701")):
        g.add((county, JX.code, value))
    g.add((county, RDF.type, JX.County))
    g.add((county, JX.partOf, city))
    g.add((county, JX.partOf, twin))
    enterprise = JXD["e"]
    g.add((enterprise, RDF.type, JX.Enterprise))
    g.add((enterprise, JX.id, Literal("91360700MA35123450")))
    g.add((enterprise, JX.creditCode, Literal("91360700MA35123450")))
    g.add((enterprise, JX.creditCode, Literal("91360700MA3512345X")))  # two codes: one differs
    g.add((JXD["e2"], RDF.type, JX.Enterprise))
    g.add((JXD["e2"], JX.id, Literal("91360700MA35123450\n")))  # no code, shaped like one
    return g


def _same_terms(rows: Iterator[tuple[Node, ...]] | set[tuple[Node, ...]]) -> set[tuple[Node, ...]]:
    """Rows with their literals as the index keeps them (`normalize_literal`): `"x"^^xsd:string`
    and `"x"` are one RDF 1.1 term, two in rdflib, and the index holds the plain one."""
    return {tuple(normalize_literal(t) if isinstance(t, Literal) else t for t in row) for row in rows}


def _constraints() -> list[BulkConstraint]:
    return [c for c in bulk_shapes(load_shapes()) if c.native is not None]


def test_every_sparql_rule_is_evaluated_in_python() -> None:
    shapes = {c.shape for c in _constraints()}
    assert shapes == {c.shape for c in bulk_shapes(load_shapes())}
    assert set(NATIVE) <= shapes


@pytest.mark.parametrize("shape", sorted(str(c.shape) for c in _constraints()))
def test_a_rule_in_python_gives_its_query_answer(shape: str) -> None:
    (constraint,) = [c for c in _constraints() if str(c.shape) == shape]
    graph = _edge_cases()
    by_sparql = set(constraint.sparql_violations(graph))
    assert by_sparql, "the data must trip the rule"
    assert set(constraint.violations(graph)) == by_sparql
    index = TripleIndex.from_graph(graph)
    assert _same_terms(constraint.violations(index)) == _same_terms(by_sparql)
    # the query, on the index's projection
    assert _same_terms(constraint.sparql_violations(index)) == _same_terms(by_sparql)


def test_the_predicates_a_query_reads() -> None:
    def reads(where: str) -> frozenset[URIRef] | None:
        return predicates_read(prepareQuery(f"PREFIX jx: <{JX}> SELECT ?this WHERE {{ {where} }}"))

    assert reads('?this jx:unit "%" . FILTER NOT EXISTS { ?this jx:value ?v }') == {JX.unit, JX.value}
    assert reads("?this jx:a|^jx:b/jx:c+ ?x") == {JX.a, JX.b, JX.c}
    assert reads("{ ?this jx:a ?x } UNION { ?this jx:b ?x } OPTIONAL { ?x jx:c ?y }") == {JX.a, JX.b, JX.c}
    assert reads("?this ?p ?o") is None
    assert reads("?this jx:a* ?o") is None  # a zero-length path matches every node
    assert reads("?this !jx:a ?o") is None
    assert reads("GRAPH ?g { ?this jx:a ?o }") is None


def test_the_predicates_a_query_reads_of_nodes_other_than_this() -> None:
    """What a query reads at ?this alone is left out with `beyond`: the gate keeps results on a batch's
    own entities only, and gives the others (its context) only the predicates that are read of them."""

    def reads(where: str, select: str = "?this") -> frozenset[URIRef] | None:
        query = prepareQuery(f"PREFIX jx: <{JX}> SELECT {select} WHERE {{ {where} }}")
        return predicates_read(query, beyond=Variable("this"))

    assert reads('?this jx:unit "%" . FILTER NOT EXISTS { ?this jx:value ?v }') == set()
    # read at ?x, a neighbour: kept (a path of two steps reads its second at the node between)
    assert reads('?x jx:unit "%" . ?this jx:measures|jx:targets ?x . ?this jx:value ?v') == {JX.unit}
    assert reads("?this jx:a/jx:b ?x") == {JX.a, JX.b}
    assert reads("?this ^jx:a ?x") == {JX.a}  # read at ?x
    assert reads("?this jx:a+ ?x") == {JX.a}
    # a sub-select that projects ?this binds the same node; one that does not has a ?this of its own
    assert reads("{ SELECT DISTINCT ?this WHERE { ?this jx:a ?k } } ?this jx:b ?y") == set()
    assert reads("{ SELECT ?k WHERE { ?this jx:a ?k } } ?this jx:b ?k") == {JX.a}
    assert reads("?this ?p ?o") is None


def test_a_single_pattern_query_is_answered_without_sparql() -> None:
    query = prepareQuery(f'PREFIX jx: <{JX}> SELECT ?this WHERE {{ ?this jx:provenanceKind "documented" }}')
    assert single_pattern(query) == (JX.provenanceKind, Literal("documented"))
    for other in ("?this jx:a ?x", "?x jx:a ?this", '?this jx:a "x" . ?this jx:b "y"', "?this ?p 1"):
        assert single_pattern(prepareQuery(f"PREFIX jx: <{JX}> SELECT ?this WHERE {{ {other} }}")) is None


@pytest.mark.parametrize("seed", range(2))
def test_an_index_answers_the_shapes_sparql_targets_as_its_graph_does(seed: int) -> None:
    graph = random_graph(seed)
    index = TripleIndex.from_graph(graph)
    # rdflib matches `"x"^^xsd:string` and `"x"` as two terms; RDF 1.1 (and the index) as one: the
    # oracle is rdflib over the same terms, the literals written as the index keeps them
    same_terms = rdflib.Graph()
    for s, p, o in graph:
        same_terms.add((s, p, normalize_literal(o) if isinstance(o, Literal) else o))
    graph = same_terms
    shapes = load_shapes()
    queries = [str(q) for q in shapes.objects(None, rdflib.namespace.SH.select)]
    assert len(queries) >= 5
    prefixes = f"PREFIX jx: <{JX}>\nPREFIX rdf: <{RDF}>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
    for text in queries:
        query = prepareQuery(prefixes + text.replace("$this", "?this").replace("$PATH", "jx:code"))
        on_index = _same_terms(tuple(row) for row in index.query(query))  # type: ignore[arg-type]
        assert on_index == _same_terms(tuple(row) for row in graph.query(query))  # type: ignore[arg-type]


def test_the_engine_setting_chooses_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = rdflib.Graph().parse(CASES / "pattern.bad.ttl")

    def refuse(*args: object, **kwargs: object) -> set[object]:
        raise AssertionError("the other engine ran")

    monkeypatch.setenv("JXKG_SHACL_ENGINE", "pyshacl")
    monkeypatch.setattr(validate_module, "native_records", refuse)
    expected = validate(graph).results
    assert expected
    monkeypatch.undo()
    monkeypatch.setenv("JXKG_SHACL_ENGINE", "native")
    monkeypatch.setattr(validate_module, "pyshacl_records", refuse)
    assert validate(graph).results == expected
    assert validate(graph, engine=ShaclEngineName.NATIVE).results == expected
