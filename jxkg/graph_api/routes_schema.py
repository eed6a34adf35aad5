"""`GET /schema`: the property-graph schema from the ontology — node types, relationship types, properties."""

from __future__ import annotations

from fastapi import APIRouter

from jxkg.graph_api.deps import Schema
from jxkg.graph_api.etags import Revalidate
from jxkg.graph_api.models import NodeTypeInfo, PropertyInfo, RelationshipTypeInfo, SchemaResponse, Text
from jxkg.ontology.schema import GraphSchema
from jxkg.ontology.terms import NodeType, PropertySpec, RelationshipType

router = APIRouter(tags=["schema"], dependencies=[Revalidate])


@router.get("/schema", response_model=SchemaResponse)
def schema(ontology: Schema) -> SchemaResponse:
    return schema_response(ontology)


def schema_response(ontology: GraphSchema) -> SchemaResponse:
    return SchemaResponse(
        iri=ontology.iri,
        version=ontology.version,
        title=Text(zh=ontology.title_zh, en=ontology.title_en),
        root=ontology.root,
        key=ontology.key,
        node_types=[_node_type(t) for t in ontology.node_types],
        relationship_types=[_relationship_type(r) for r in ontology.relationships],
        properties=[_property(p) for p in ontology.properties],
    )


def _node_type(node: NodeType) -> NodeTypeInfo:
    return NodeTypeInfo(
        name=node.name,
        iri=node.iri,
        labels=list(node.labels),
        parents=list(node.parents),
        abstract=node.abstract,
        label=Text(zh=node.label_zh, en=node.label_en),
        definition=Text(zh=node.definition_zh, en=node.definition),
        properties=list(node.properties),
    )


def _relationship_type(rel: RelationshipType) -> RelationshipTypeInfo:
    return RelationshipTypeInfo(
        type=rel.type,
        name=rel.name,
        iri=rel.iri,
        domain=list(rel.domain),
        range=list(rel.range),
        label=Text(zh=rel.label_zh, en=rel.label_en),
        definition=Text(zh=rel.definition_zh, en=rel.definition),
        symmetric=rel.symmetric,
    )


def _property(prop: PropertySpec) -> PropertyInfo:
    return PropertyInfo(
        name=prop.name,
        iri=prop.iri,
        datatype=prop.datatype,
        label=Text(zh=prop.label_zh, en=prop.label_en),
        definition=Text(zh=prop.definition_zh, en=prop.definition),
        allowed_values=list(prop.allowed_values),
        multi_valued=prop.multi_valued,
        on_relationships=prop.on_relationships,
        domain=list(prop.domain),
        indexed=prop.indexed,
        full_text=prop.full_text,
    )
