"""Which predicates validation reads of nodes other than the focus node (`neighbour_predicates`): what a
batch of the ingest gate must hold of its context. Too few and a result is lost (the gate's tests
compare its batches with one whole-graph validation); too many only costs time."""

from __future__ import annotations

import rdflib
from rdflib import RDFS, URIRef

from jxkg.ontology.conventions import JX
from jxkg.ontology.rdf import RDF_TYPE
from jxkg.shapes.validate import neighbour_predicates

PREFIXES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix jx: <{JX}> .
@prefix jxs: <https://w3id.org/jxkg/shapes#> .
"""


def reads(turtle: str) -> frozenset[URIRef] | None:
    shapes = rdflib.Graph().parse(data=PREFIXES + turtle, format="turtle")
    return neighbour_predicates(shapes)


def test_the_packaged_shapes_read_types_and_a_few_properties_of_neighbours() -> None:
    found = neighbour_predicates()
    assert found is not None
    assert {RDF_TYPE, RDFS.subClassOf} <= found  # sh:class on links
    assert JX.unit in found  # a value in % when its indicator's unit is %
    assert JX.code in found  # a region's code starts with its parent's
    assert JX.nameZh not in found and JX.value not in found  # read at the focus node only


def test_a_class_on_the_values_reads_their_type_only() -> None:
    found = reads("""
        jxs:S a sh:NodeShape ; sh:targetClass jx:Lab ;
            sh:property [ sh:path jx:locatedIn ; sh:class jx:City ; sh:maxCount 1 ; sh:message "m" ] ;
            sh:property [ sh:path jx:nameZh ; sh:minCount 1 ; sh:datatype xsd:string ; sh:message "m" ] .
    """)
    assert found == {RDF_TYPE, RDFS.subClassOf}


def test_shapes_checked_on_the_values_read_their_paths_there() -> None:
    found = reads("""
        jxs:S a sh:NodeShape ; sh:targetClass jx:Lab ;
            sh:property [ sh:path jx:locatedIn ;
                          sh:property [ sh:path jx:code ; sh:minCount 1 ; sh:message "m" ] ] ;
            sh:property [ sh:path jx:partOf ;
                          sh:or ( [ sh:path jx:level ; sh:minCount 1 ] [ sh:class jx:City ] ) ; sh:message "m" ] ;
            sh:property [ sh:path jx:hostedBy ;
                          sh:qualifiedValueShape [ sh:path jx:kind ; sh:in ( "a" ) ] ;
                          sh:qualifiedMinCount 1 ; sh:message "m" ] ;
            sh:property [ sh:path jx:affiliatedWith ;
                          sh:property [ sh:path jx:endYear ; sh:lessThanOrEquals jx:startYear ; sh:message "m" ] ] .
    """)
    assert found == {RDF_TYPE, RDFS.subClassOf, JX.code, JX.level, JX.kind, JX.endYear, JX.startYear}


def test_a_node_shape_or_is_checked_at_the_focus_node_itself() -> None:
    found = reads("""
        jxs:S a sh:NodeShape ; sh:targetClass jx:Lab ;
            sh:or ( [ sh:path jx:nameZh ; sh:minCount 1 ] [ sh:path jx:nameEn ; sh:minCount 1 ] ) ;
            sh:message "m" .
    """)
    assert found == {RDF_TYPE, RDFS.subClassOf}


def test_a_closed_shape_on_the_values_reads_everything() -> None:
    assert (
        reads("""
        jxs:S a sh:NodeShape ; sh:targetClass jx:Lab ;
            sh:property [ sh:path jx:locatedIn ;
                          sh:qualifiedValueShape [ sh:closed true ; sh:ignoredProperties ( jx:id ) ] ;
                          sh:qualifiedMinCount 1 ; sh:message "m" ] .
    """)
        is None
    )


def test_a_sparql_target_reads_what_it_names_beyond_this() -> None:
    query = f'SELECT ?this WHERE {{ ?x <{JX.unit}> "%" . ?this <{JX.measures}> ?x }}'
    found = reads(f"""
        jxs:S a sh:PropertyShape ;
            sh:target [ a sh:SPARQLTarget ; sh:select \"\"\"{query}\"\"\" ] ;
            sh:path jx:value ; sh:maxInclusive 100 ; sh:message "m" .
    """)
    assert found == {RDF_TYPE, RDFS.subClassOf, JX.unit}


def test_a_shape_left_to_pyshacl_reads_everything() -> None:
    assert (
        reads("jxs:S a sh:NodeShape ; sh:targetClass jx:Lab ; sh:xone ( [ sh:class jx:A ] [ sh:class jx:B ] ) .")
        is None
    )
