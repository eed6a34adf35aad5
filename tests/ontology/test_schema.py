"""The schema reader on a small fixture ontology (fixtures/mini.ttl) and on broken ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jxkg.errors import JxkgError, OntologyError
from jxkg.ontology.conventions import (
    is_relationship_type_name,
    relationship_property_name,
    relationship_type_name,
    type_slug,
)
from jxkg.ontology.schema import DEFAULT_ONTOLOGY, GraphSchema, UnknownNameError, load_graph, load_schema
from jxkg.store.schema import IndexKind, IndexSpec

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"


@pytest.fixture(scope="module")
def mini() -> GraphSchema:
    return load_schema(MINI)


def test_default_ontology_is_the_packaged_turtle() -> None:
    assert DEFAULT_ONTOLOGY.name == "jxkg.ttl"
    assert DEFAULT_ONTOLOGY.is_file()
    assert load_schema() is load_schema(DEFAULT_ONTOLOGY)  # cached per path


def test_header(mini: GraphSchema) -> None:
    assert mini.iri == "https://w3id.org/jxkg/ontology"
    assert mini.version == "9.9.9"
    assert mini.version_iri == "https://w3id.org/jxkg/ontology/9.9.9"
    assert (mini.title_en, mini.title_zh) == ("Mini", "迷你")
    assert (mini.root, mini.key) == ("Entity", "id")


def test_labels_are_superclasses_root_first_own_last(mini: GraphSchema) -> None:
    assert mini.labels_for("Entity") == ("Entity",)
    assert mini.labels_for("City") == ("Entity", "Place", "Region", "City")
    assert mini.node_type("Lab").labels == ("Entity", "Lab")


def test_two_parents_give_a_deterministic_order_by_depth_then_name(mini: GraphSchema) -> None:
    hub = mini.node_type("Hub")
    assert hub.parents == ("City", "Lab")
    assert hub.labels == ("Entity", "Lab", "Place", "Region", "City", "Hub")


def test_abstract_flags_and_concrete_types(mini: GraphSchema) -> None:
    assert {t.name for t in mini.node_types if t.abstract} == {"Entity", "Place", "Region"}
    assert [t.name for t in mini.concrete_types()] == ["Lab", "Hub", "City"]


def test_node_type_fields(mini: GraphSchema) -> None:
    city = mini.node_type("City")
    assert city.iri == "https://w3id.org/jxkg/ontology#City"
    assert (city.label_zh, city.label_en) == ("城市", "City")
    assert (city.definition, city.definition_zh) == ("A city.", "城市。")
    assert city.key == "id"
    assert city.alignments == ("https://schema.org/City",)
    assert mini.node_type("Place").alignments == ("https://schema.org/Place",)


def test_properties_of_a_class_include_inherited_ones(mini: GraphSchema) -> None:
    assert mini.node_type("Entity").properties == ("aliases", "id", "nameZh")
    assert mini.node_type("Lab").properties == ("aliases", "id", "nameZh", "rank")
    assert mini.node_type("City").properties == ("aliases", "id", "nameZh", "code", "rank")
    assert mini.node_type("Hub").properties == ("aliases", "id", "nameZh", "rank", "code")


def test_property_specs(mini: GraphSchema) -> None:
    name = mini.property("nameZh")
    assert (name.datatype, name.indexed, name.full_text, name.multi_valued) == ("langString", True, True, False)
    aliases = mini.property("aliases")
    assert (aliases.datatype, aliases.multi_valued, aliases.full_text) == ("string", True, True)
    rank = mini.property("rank")
    assert (rank.datatype, rank.domain, rank.allowed_values) == ("integer", ("Lab", "City"), ("1", "2"))
    assert mini.property("code").domain == ("Region",)


def test_relationship_types(mini: GraphSchema) -> None:
    located = mini.relationship("locatedIn")
    assert located.type == "LOCATED_IN"
    assert (located.domain, located.range) == (("Lab",), ("Place",))
    assert located.symmetric is False
    supports = mini.relationship("SUPPORTS_CITY_LAB")
    assert supports is mini.relationship("supportsCityLab")
    assert (supports.domain, supports.range, supports.symmetric) == (("Lab", "City"), ("City", "Lab"), True)


def test_index_specs(mini: GraphSchema) -> None:
    assert mini.index_specs() == [
        IndexSpec("Entity", ("id",), IndexKind.UNIQUE),
        IndexSpec("Entity", ("code",), IndexKind.RANGE),
        IndexSpec("Entity", ("nameZh",), IndexKind.RANGE),
        IndexSpec("Entity", ("aliases", "nameZh"), IndexKind.FULLTEXT),
    ]


def test_unknown_names_are_project_errors_with_close_matches(mini: GraphSchema) -> None:
    with pytest.raises(JxkgError) as caught:
        mini.node_type("Citty")
    assert isinstance(caught.value, UnknownNameError)
    assert caught.value.suggestions == ("City",)
    assert str(caught.value) == "unknown class 'Citty'; did you mean City?"
    with pytest.raises(UnknownNameError, match="did you mean locatedIn"):
        mini.relationship("locatedin")
    with pytest.raises(UnknownNameError, match=r"unknown property 'zzz'$"):
        mini.property("zzz")


@pytest.mark.parametrize(
    ("name", "type_name"),
    [("supportsChain", "SUPPORTS_CHAIN"), ("partOf", "PART_OF"), ("leads", "LEADS"), ("hasURL", "HAS_URL")],
)
def test_relationship_type_name(name: str, type_name: str) -> None:
    assert relationship_type_name(name) == type_name
    assert is_relationship_type_name(type_name)


def test_relationship_property_name_inverts_the_type_name() -> None:
    assert relationship_property_name("SUPPORTS_CHAIN") == "supportsChain"
    assert relationship_property_name("LEADS") == "leads"
    assert not is_relationship_type_name("supportsChain")
    with pytest.raises(ValueError, match="UPPER_SNAKE_CASE"):
        relationship_property_name("supportsChain")
    with pytest.raises(ValueError, match="lowerCamelCase"):
        relationship_type_name("SupportsChain")


# --- broken ontologies -----------------------------------------------------------------------

PREFIXES = """
@prefix jx: <https://w3id.org/jxkg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/jxkg/ontology> a owl:Ontology ; owl:versionInfo "0" .
jx:id a owl:DatatypeProperty ; rdfs:label "id"@zh , "id"@en ; skos:definition "Key."@en ;
    rdfs:domain jx:Entity ; rdfs:range xsd:string .
"""
ENTITY = """
jx:Entity a owl:Class ; rdfs:label "实体"@zh , "Entity"@en ; skos:definition "Anything."@en ; jx:graphKey "id" .
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "broken.ttl"
    path.write_text(PREFIXES + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            ENTITY + 'jx:Lab a owl:Class ; rdfs:subClassOf jx:Entity ; rdfs:label "Lab"@en ; skos:definition "x"@en .',
            "jx:Lab has no @zh rdfs:label",
        ),
        (
            ENTITY + 'jx:Lab a owl:Class ; rdfs:subClassOf jx:Entity ; rdfs:label "实验室"@zh , "Lab"@en .',
            "jx:Lab has no @en skos:definition",
        ),
        (
            ENTITY + 'jx:at a owl:ObjectProperty ; rdfs:label "在"@zh , "at"@en ; skos:definition "x"@en ;'
            " rdfs:domain jx:Entity , jx:Other ; rdfs:range jx:Entity .",
            "jx:at has 2 rdfs:domain statements",
        ),
        (
            ENTITY + 'jx:at a owl:ObjectProperty ; rdfs:label "在"@zh , "at"@en ; skos:definition "x"@en ;'
            " rdfs:domain jx:Entity ; rdfs:range jx:Nowhere .",
            "rdfs:range member https://w3id.org/jxkg/ontology#Nowhere is not a declared jx class",
        ),
        (
            ENTITY + 'jx:n a owl:DatatypeProperty ; rdfs:label "n"@zh , "n"@en ; skos:definition "x"@en ;'
            " rdfs:domain jx:Entity ; rdfs:range jx:Entity .",
            "datatype property jx:n: rdfs:range must be an xsd datatype or rdf:langString",
        ),
        (
            ENTITY + 'jx:n a owl:DatatypeProperty ; rdfs:label "n"@zh , "n"@en ; skos:definition "x"@en ;'
            ' rdfs:domain jx:Entity ; rdfs:range xsd:string ; jx:indexed "yes" .',
            "jx:n: jx:indexed must be one xsd:boolean",
        ),
        (
            ENTITY + 'jx:hasURL a owl:ObjectProperty ; rdfs:label "u"@zh , "u"@en ; skos:definition "x"@en ;'
            " rdfs:domain jx:Entity ; rdfs:range jx:Entity .",
            "its type HAS_URL does not map back to it",
        ),
        (
            'jx:Entity a owl:Class ; rdfs:label "实体"@zh , "Entity"@en ; skos:definition "Anything."@en .',
            "the root class jx:Entity has no jx:graphKey",
        ),
        (
            ENTITY + 'jx:Lab a owl:Class ; rdfs:label "实验室"@zh , "Lab"@en ; skos:definition "x"@en .',
            "the class tree needs exactly one root",
        ),
        (
            ENTITY + 'jx:Lab a owl:Class ; rdfs:subClassOf jx:Entity ; rdfs:label "实验室"@zh , "Lab"@en ;'
            ' skos:definition "x"@en ; jx:abstract true .',
            "abstract class jx:Lab has no subclass",
        ),
        (
            ENTITY + 'jx:lab a owl:Class ; rdfs:subClassOf jx:Entity ; rdfs:label "实验室"@zh , "lab"@en ;'
            ' skos:definition "x"@en .',
            "class jx:lab: the local name must be UpperCamelCase",
        ),
        (
            'jx:Entity a owl:Class ; rdfs:subClassOf jx:Lab ; rdfs:label "实体"@zh , "Entity"@en ;'
            ' skos:definition "x"@en ; jx:graphKey "id" .\n'
            'jx:Lab a owl:Class ; rdfs:subClassOf jx:Entity ; rdfs:label "实验室"@zh , "Lab"@en ;'
            ' skos:definition "x"@en .',
            "is its own superclass",
        ),
    ],
)
def test_ill_formed_ontology_names_the_file_and_the_problem(tmp_path: Path, body: str, problem: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(OntologyError) as caught:
        load_schema(path)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        ENTITY + "jx:Lab a owl:Class ; rdfs:subClassOf jx:Entity .\njx:Zoo a owl:Class ; rdfs:subClassOf jx:Entity .",
    )
    with pytest.raises(OntologyError) as caught:
        load_schema(path)
    message = str(caught.value)
    assert "jx:Lab has no @zh rdfs:label" in message
    assert "jx:Zoo has no @en skos:definition" in message


@pytest.mark.parametrize("body", ['jx:Entity a owl:Class ; rdfs:label "unterminated .', "jx:Entity a ."])
def test_bad_turtle_raises_ontology_error(tmp_path: Path, body: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(OntologyError, match=r"broken\.ttl: not valid Turtle"):
        load_graph(path)


def test_missing_file_raises_ontology_error(tmp_path: Path) -> None:
    with pytest.raises(OntologyError, match=r"missing\.ttl: cannot read the ontology"):
        load_schema(tmp_path / "missing.ttl")
    with pytest.raises(OntologyError, match=r"missing\.ttl: cannot read the ontology"):
        load_graph(tmp_path / "missing.ttl")


def test_cache_notices_a_changed_file(tmp_path: Path) -> None:
    path = tmp_path / "mini.ttl"
    text = MINI.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = load_schema(path)
    path.write_text(text.replace('"9.9.9"', '"9.9.10"'), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_schema(path).version == "9.9.10"
    assert first.version == "9.9.9"


def test_a_stored_nodes_class_is_named_by_its_labels_in_any_order() -> None:
    schema = load_schema()
    assert schema.most_specific_class(["Enterprise", "Entity", "Organization"]) == "Enterprise"
    assert schema.most_specific_class(("Entity", "Organization", "Enterprise")) == "Enterprise"
    with pytest.raises(UnknownNameError) as caught:
        schema.most_specific_class(["Entity", "Organization"])  # an abstract class's labels only
    assert "Entity:Organization" in str(caught.value)
    assert "Enterprise:Entity:Organization" in caught.value.suggestions


def test_type_slug_is_the_id_prefix_of_a_class() -> None:
    assert type_slug("HighEndRDInstitution") == "high-end-rd-institution"
    assert type_slug("NationalKeyLaboratory") == "national-key-laboratory"
    assert type_slug("Person") == "person"


def test_bookkeeping_is_what_the_ontology_flags() -> None:
    schema = load_schema()
    assert schema.bookkeeping == frozenset(
        {
            "contentHash",
            "ingestRun",
            "ingestedAt",
            "nameBigrams",
            "quoteBigrams",
            "degree",
            "neighbourCounts",
            "factKinds",
            "supportCounts",
        }
    )
    assert all(schema.property(name).bookkeeping for name in schema.bookkeeping)
    assert schema.key not in schema.bookkeeping
