"""An entity's preview: a small HTML page a client shows in an iframe (name, class, English name,
location, id), every value escaped."""

from __future__ import annotations

from html import escape

from jxkg.errors import NotFoundError
from jxkg.ontology.schema import GraphSchema
from jxkg.queries.reconcile.terms import both
from jxkg.store import GraphStore


def preview_html(store: GraphStore, schema: GraphSchema, entity_id: str) -> str:
    rows = store.read(
        "MATCH (n:Entity {id: $id}) OPTIONAL MATCH (n)-[:LOCATED_IN]->(p:Entity) RETURN n, collect(p.nameZh) AS places",
        {"id": entity_id},
    )
    if not rows or rows[0].get("n") is None:
        raise NotFoundError(f"no entity with id {entity_id!r}")
    node, places = rows[0]["n"], rows[0].get("places") or []
    properties = node["properties"]
    node_type = schema.most_specific_type(node["labels"])
    kind = both(node_type.label_zh, node_type.label_en) if node_type is not None else None
    name = properties.get("nameZh") or properties.get("nameEn") or entity_id
    fields = [
        ("类别 Class", kind),
        ("英文名 English name", properties.get("nameEn")),
        ("位于 Located in", "、".join(sorted(str(p) for p in places if p)) or None),
        ("标识 Id", entity_id),
    ]
    rows_html = "".join(
        f"<tr><th>{escape(label)}</th><td>{escape(str(value))}</td></tr>" for label, value in fields if value
    )
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
        f"<title>{escape(str(name))}</title></head><body>"
        f"<h3>{escape(str(name))}</h3><table>{rows_html}</table></body></html>"
    )
