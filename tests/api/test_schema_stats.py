"""`GET /api/v1/schema` follows the ontology; `GET /api/v1/stats` counts the graph, on both engines."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jxkg.graph_api.app import create_app
from jxkg.graph_api.models import SchemaResponse
from jxkg.ontology.schema import load_schema
from jxkg.store import GraphStore
from tests.api.support import no_database, settings_for


def test_schema_lists_every_type_and_property_of_the_ontology() -> None:
    ontology = load_schema()
    with TestClient(create_app(no_database())) as client:
        response = client.get("/api/v1/schema")
    assert response.status_code == 200
    schema = SchemaResponse.model_validate(response.json())
    assert (schema.iri, schema.version, schema.root, schema.key) == (
        ontology.iri,
        ontology.version,
        ontology.root,
        ontology.key,
    )
    assert [t.name for t in schema.node_types] == [t.name for t in ontology.node_types]
    assert [r.type for r in schema.relationship_types] == [r.type for r in ontology.relationships]
    assert [p.name for p in schema.properties] == [p.name for p in ontology.properties]


def test_schema_node_type_relationship_and_property_details() -> None:
    ontology = load_schema()
    with TestClient(create_app(no_database())) as client:
        schema = SchemaResponse.model_validate(client.get("/api/v1/schema").json())
    lab = next(t for t in schema.node_types if t.name == "NationalKeyLaboratory")
    expected = ontology.node_type("NationalKeyLaboratory")
    assert lab.labels == list(expected.labels) and lab.labels[0] == ontology.root
    assert (lab.label.zh, lab.label.en, lab.abstract) == (expected.label_zh, expected.label_en, False)
    assert lab.definition.en == expected.definition and lab.parents == list(expected.parents)

    rel = next(r for r in schema.relationship_types if r.type == "SUPPORTS_CHAIN")
    expected_rel = ontology.relationship("SUPPORTS_CHAIN")
    assert (rel.name, rel.domain, rel.range) == (
        expected_rel.name,
        list(expected_rel.domain),
        list(expected_rel.range),
    )
    assert rel.label.zh == expected_rel.label_zh and rel.symmetric is expected_rel.symmetric

    name_zh = next(p for p in schema.properties if p.name == "nameZh")
    assert name_zh.datatype == ontology.property("nameZh").datatype
    with_values = [p for p in ontology.properties if p.allowed_values]
    assert with_values, "the ontology has properties with allowed values"
    shown = {p.name: p for p in schema.properties}
    for spec in with_values:
        assert shown[spec.name].allowed_values == list(spec.allowed_values)
    assert {p.name for p in schema.properties if p.on_relationships} == {
        p.name for p in ontology.properties if p.on_relationships
    }
    assert {p.name for p in schema.properties if p.multi_valued} == {
        p.name for p in ontology.properties if p.multi_valued
    }


def test_stats_counts_nodes_and_relationships_per_label_and_type(store: GraphStore) -> None:
    store.write(
        "CREATE (a:Entity:Platform {id: 'a'})-[:PART_OF]->(b:Entity {id: 'b'}), "
        "(a)-[:LOCATED_IN]->(c:Entity:Place {id: 'c'}), (b)-[:LOCATED_IN]->(c)"
    )
    with TestClient(create_app(settings_for(store, JXKG_API_KEYS="", JXKG_API_HOST="127.0.0.1"))) as client:
        response = client.get("/api/v1/stats")
    assert response.status_code == 200
    assert response.json() == {
        "nodes": 3,
        "relationships": 3,
        "labels": {"Entity": 3, "Place": 1, "Platform": 1},
        "relationship_types": {"LOCATED_IN": 2, "PART_OF": 1},
    }


def test_stats_of_an_empty_graph(store: GraphStore) -> None:
    with TestClient(create_app(settings_for(store, JXKG_API_KEYS="", JXKG_API_HOST="127.0.0.1"))) as client:
        body = client.get("/api/v1/stats").json()
    assert body == {"nodes": 0, "relationships": 0, "labels": {}, "relationship_types": {}}


def test_schema_and_stats_need_a_reader_key_once_keys_are_configured(store: GraphStore) -> None:
    settings = settings_for(store, JXKG_API_KEYS="reader:a-reader-key-0123456789", JXKG_API_KEYS_FILE="")
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/v1/stats").status_code == 401
        assert client.get("/api/v1/schema").status_code == 401
        key = {"X-API-Key": "a-reader-key-0123456789"}
        assert client.get("/api/v1/stats", headers=key).status_code == 200
        assert client.get("/api/v1/schema", headers=key).status_code == 200


def test_health_answers_at_the_root_and_under_api_v1(store: GraphStore) -> None:
    with TestClient(create_app(settings_for(store, JXKG_API_KEYS="", JXKG_API_HOST="127.0.0.1"))) as client:
        root, versioned = client.get("/health"), client.get("/api/v1/health")
    assert root.status_code == versioned.status_code == 200
    assert root.json() == versioned.json()
