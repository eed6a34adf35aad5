"""A mapping checked against the ontology: its class, every property, constant and relationship.

Each problem is one line naming its key in the mapping file (`properties.研发投入.property: unknown
property 'rdSpend'`); `jxkg.ingest.read.mapping.load_mapping` raises them together.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jxkg.ingest.read.convert import ConversionError, default_kind
from jxkg.ingest.read.map_rows import convert_mapped
from jxkg.ingest.read.mapping_model import PropertyMap, RelationshipMap, SourceMapping
from jxkg.ontology.conventions import SOURCE_ROW
from jxkg.ontology.schema import GraphSchema, UnknownNameError

__all__ = ["check_mapping", "dotted"]

_KIND_FITS: dict[str, set[str]] = {
    "text": {"string", "langString", "anyURI"},
    "number": {"integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger", "positiveInteger"},
    "year": {"integer", "int", "long", "nonNegativeInteger", "positiveInteger", "gYear", "string"},
    "date": {"date", "dateTime", "string"},
    "datetime": {"dateTime", "string"},
    "boolean": {"boolean"},
}


def dotted(loc: Iterable[object]) -> str:
    """A location in the mapping as its key: `sources[0].properties.名称.convert`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif str(part):
            text += f".{part}" if text else str(part)
    return text


def check_mapping(mapping: SourceMapping, schema: GraphSchema, where: str) -> tuple[dict[str, Any], list[str]]:
    """The constants converted to their properties' datatypes, and the problems, each naming its key."""

    def key(*parts: object) -> str:
        return dotted((where, *parts) if where else parts)

    errors: list[str] = []
    try:
        node_type = schema.node_type(mapping.class_name)
    except UnknownNameError as exc:
        return {}, [f"{key('class')}: {exc}"]
    if node_type.abstract:
        return {}, [f"{key('class')}: {node_type.name} is abstract; name one of its concrete subclasses"]
    for column, prop in mapping.properties.items():
        errors += [
            f"{key('properties', column, k)}: {m}" for k, m in _check_property(prop, node_type.properties, schema)
        ]
    constants: dict[str, Any] = {}
    for name, value in mapping.constants.items():
        problem = _applies(name, node_type.properties, schema)
        if problem:
            errors.append(f"{key('constants', name)}: {problem}")
            continue
        spec = schema.property(name)
        try:
            constants[name] = convert_mapped(value, spec, None)
        except ConversionError as exc:
            errors.append(f"{key('constants', name)}: {exc}")
    for column, rel in mapping.relationships.items():
        errors += [f"{key('relationships', column, k)}: {m}" for k, m in _check_relationship(mapping, rel, schema)]
    if mapping.id_rule is None and "nameZh" not in {p.property_name for p in mapping.properties.values()}:
        errors.append(f"{key('id')}: no way to form ids: give id (column, name or template) or map a column to nameZh")
    return constants, errors


def _applies(name: str, allowed: tuple[str, ...], schema: GraphSchema) -> str | None:
    try:
        schema.property(name)
    except UnknownNameError as exc:
        return str(exc)
    if name in schema.bookkeeping or name in (schema.key, SOURCE_ROW):  # the id rule and the row number set these
        return f"{name} is set by the loader, not by a mapping"
    if name not in allowed:
        return f"property {name!r} does not apply to this class"
    return None


def _check_property(prop: PropertyMap, allowed: tuple[str, ...], schema: GraphSchema) -> list[tuple[str, str]]:
    problem = _applies(prop.property_name, allowed, schema)
    if problem:
        return [("property", problem)]
    spec = schema.property(prop.property_name)
    found: list[tuple[str, str]] = []
    kind = prop.convert or default_kind(spec.datatype, spec.name)
    if spec.datatype not in _KIND_FITS[kind]:
        found.append(("convert", f"{spec.name} holds {spec.datatype} values; `{kind}` does not make them"))
    if prop.unit is not None and kind != "number":
        found.append(("unit", f"a unit applies to numbers; {spec.name} is read as {kind}"))
    if prop.split is not None and not spec.multi_valued:
        found.append(("split", f"{spec.name} holds one value; split applies to multi-valued properties"))
    for text, value in (prop.values or {}).items():
        if spec.allowed_values and value not in spec.allowed_values:
            found.append((f"values.{text}", f"{value!r} is not one of {', '.join(spec.allowed_values)}"))
    return found


def _check_relationship(mapping: SourceMapping, rel: RelationshipMap, schema: GraphSchema) -> list[tuple[str, str]]:
    try:
        rel_type = schema.relationship(rel.rel_type)
    except UnknownNameError as exc:
        return [("type", str(exc))]
    try:
        target = schema.node_type(rel.target)
    except UnknownNameError as exc:
        return [("target", str(exc))]
    if rel.by == "slug" and target.abstract:
        return [("by", f"a slug needs a concrete class; {target.name} is abstract")]
    start, end = (target.name, mapping.class_name) if rel.reverse else (mapping.class_name, target.name)
    found = []
    if not set(rel_type.domain) & set(schema.labels_for(start)):
        found.append(("type", f"{rel_type.type} starts at {' or '.join(rel_type.domain)}, not at {start}"))
    if not set(rel_type.range) & set(schema.labels_for(end)):
        found.append(("target", f"{rel_type.type} ends at {' or '.join(rel_type.range)}, not at {end}"))
    return found
