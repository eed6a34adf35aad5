"""Mapping rows: a `Table`'s rows as node records of the mapping's class, and their relationships.

`map_table` turns a `Table` into node records and pending relationships; the targets of
relationships are resolved by `resolve_edges` once every source of the run has been mapped, so a
row may name an entity another file of the same ingest brings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from jxkg.ingest.read.aliases import AliasTable
from jxkg.ingest.read.budget import counted_cell_values, mapping_row
from jxkg.ingest.read.convert import MULTI_VALUE_SEPARATOR, ConversionError, clean_text, convert_raw, half_width_alnum
from jxkg.ingest.read.link_names import EndAt, NameLink, NameResolver, link_by_name
from jxkg.ingest.read.mapping_model import Entry, PropertyMap, SourceMapping
from jxkg.ingest.read.table import Table
from jxkg.ingest.records import EdgeRecord, NodeRecord, Problem
from jxkg.ontology.conventions import named_entity_id
from jxkg.ontology.schema import GraphSchema
from jxkg.ontology.terms import PropertySpec

__all__ = ["Mapped", "PendingEdge", "convert_mapped", "map_table", "resolve_edges"]

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class PendingEdge:
    """A relationship whose far end is still a name or code from the cell."""

    rel_type: str
    entity: str  # the row's entity
    target_class: str
    by: str
    value: object  # the cell's part: text, or a number from XLSX/JSON
    reverse: bool
    properties: dict[str, Any]
    file: str
    row: int
    column: str


@dataclass
class Mapped:
    nodes: list[NodeRecord] = field(default_factory=list)
    pending: list[PendingEdge] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected: int = 0  # rows left out while mapping


def map_table(table: Table, entry: Entry, schema: GraphSchema, aliases: AliasTable) -> Mapped:
    """The table's rows as records of the entry's class; each new entity joins the alias table."""
    mapping, out = entry.mapping, Mapped()
    if not _columns_fit(table, mapping, out):
        out.rejected = len(table.rows)
        return out
    edge_props = {k: v for k, v in entry.constants.items() if schema.property(k).on_relationships}
    for row in table.rows:
        mapping_row()  # an upload's values per entity are counted per row, and its clock read
        props = _row_properties(row.number, row.values, table.file, mapping, entry.constants, schema, out)
        node_id = None if props is None else _row_id(row.number, row.values, table.file, mapping, props, aliases, out)
        if props is None or node_id is None:
            out.rejected += 1
            continue
        out.nodes.append(NodeRecord(mapping.class_name, node_id, props, table.file, row.number))
        aliases.add(
            mapping.class_name, node_id, props.get("nameZh"), [*props.get("aliases", []), props.get("nameEn") or ""]
        )
        for column, rel in mapping.relationships.items():
            raw = row.values.get(column)
            if _empty(raw):
                continue
            for part in _parts(raw, rel.split):
                out.pending.append(
                    PendingEdge(
                        schema.relationship(rel.rel_type).type,
                        node_id,
                        rel.target,
                        rel.by,
                        part,
                        rel.reverse,
                        edge_props,
                        table.file,
                        row.number,
                        column,
                    )
                )
    return out


def _columns_fit(table: Table, mapping: SourceMapping, out: Mapped) -> bool:
    """Unknown columns and missing mapped columns, one problem per file and column."""
    rule = mapping.id_rule
    id_columns = [c for c in (rule.column, rule.name) if c] if rule else []
    placeholders = _PLACEHOLDER.findall(rule.template) if rule and rule.template else []
    used = {*mapping.properties, *mapping.relationships, *id_columns, *placeholders, *mapping.ignore}
    present = set(table.columns)
    for column in table.columns:
        if column not in used:
            out.problems.append(
                Problem(
                    table.file,
                    None,
                    column,
                    None,
                    "column is not mapped (map it, or list it under ignore:); not loaded",
                )
            )
    for column in [*mapping.properties, *mapping.relationships]:
        if column not in present and table.rows:
            out.problems.append(
                Problem(table.file, None, column, None, "the mapping names this column; the file has none")
            )
    missing_id = [c for c in id_columns if c not in present]
    if table.rows and id_columns and len(missing_id) == len(id_columns):
        out.problems.append(
            Problem(table.file, None, missing_id[0], None, "the id column is not in the file: no row could be read")
        )
        return False
    return True


def _empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def _parts(raw: object, separator: str | None) -> list[Any]:
    if isinstance(raw, list):
        parts = [p for p in raw if not _empty(p)]
    elif isinstance(raw, str):
        parts = [p for p in raw.split(separator or MULTI_VALUE_SEPARATOR) if p.strip()]
    else:
        parts = [raw]
    counted_cell_values(len(parts))  # an upload's values limits, before any of them is converted
    return parts


def convert_mapped(raw: object, spec: PropertySpec, prop: PropertyMap | None) -> Any:
    """A cell (or a constant) converted as `prop` says to the property's datatype; a list when multi-valued."""

    def one(value: object) -> Any:
        return convert_raw(
            value,
            spec.datatype,
            kind=prop.convert if prop else None,
            unit=prop.unit if prop else None,
            values=prop.values if prop else None,
            allowed=spec.allowed_values,
            property_name=spec.name,
        )

    if spec.multi_valued:
        return [one(part) for part in _parts(raw, prop.split if prop else None)]
    return one(raw)


def _row_properties(
    number: int,
    values: dict[str, Any],
    file: str,
    mapping: SourceMapping,
    constants: dict[str, Any],
    schema: GraphSchema,
    out: Mapped,
) -> dict[str, Any] | None:
    props: dict[str, Any] = {k: list(v) if isinstance(v, list) else v for k, v in constants.items()}
    for column, prop in mapping.properties.items():
        raw = values.get(column)
        if _empty(raw):
            continue
        spec = schema.property(prop.property_name)
        try:
            value = convert_mapped(raw, spec, prop)
        except ConversionError as exc:
            out.problems.append(Problem(file, number, column, clean_text(raw), f"{exc}; the row was rejected"))
            return None
        if spec.multi_valued:
            props[spec.name] = list(dict.fromkeys([*props.get(spec.name, []), *value]))
        else:
            props.setdefault(spec.name, value)
    return props


def _row_id(
    number: int,
    values: dict[str, Any],
    file: str,
    mapping: SourceMapping,
    props: dict[str, Any],
    aliases: AliasTable,
    out: Mapped,
) -> str | None:
    rule = mapping.id_rule
    if rule is not None and rule.template:
        return _from_template(number, values, file, rule.template, props, out)
    if rule is not None and rule.column:
        code = half_width_alnum(clean_text(values.get(rule.column) or "")).replace(" ", "")
        if code:
            return code
        if not rule.name:
            out.problems.append(Problem(file, number, rule.column, None, "missing id: the cell is empty; rejected"))
            return None
    name_column = rule.name if rule is not None else None
    name = clean_text(values.get(name_column) or "") if name_column else str(props.get("nameZh") or "")
    if not name:
        column = name_column or next(c for c, p in mapping.properties.items() if p.property_name == "nameZh")
        out.problems.append(Problem(file, number, column, None, "missing id: no name to form it from; rejected"))
        return None
    return _id_by_name(number, file, mapping, name, props, aliases, out)


def _id_by_name(
    number: int, file: str, mapping: SourceMapping, name: str, props: dict[str, Any], aliases: AliasTable, out: Mapped
) -> str | None:
    """The id of the known entity of that name, or `<kebab-class>:<name>` for a new one."""
    known = aliases.lookup(mapping.class_name, name)
    if len(known) > 1:
        out.problems.append(
            Problem(file, number, None, name, f"the name fits several known entities ({', '.join(known)}); rejected")
        )
        return None
    if not known:
        return named_entity_id(mapping.class_name, name)
    canonical = aliases.canonical_name(known[0])
    if canonical and props.get("nameZh", canonical) != canonical:  # 中科院… is an alias of 中国科学院…
        props["aliases"] = list(dict.fromkeys([*props.get("aliases", []), props["nameZh"]]))
        props["nameZh"] = canonical
    return known[0]


def _from_template(
    number: int, values: dict[str, Any], file: str, template: str, props: dict[str, Any], out: Mapped
) -> str | None:
    parts: dict[str, str] = {}
    for name in _PLACEHOLDER.findall(template):
        value = props.get(name)
        text = "|".join(map(str, value)) if isinstance(value, list) else clean_text(value) if value is not None else ""
        text = text or clean_text(values.get(name) or "")
        if not text:
            out.problems.append(
                Problem(file, number, name, None, f"missing id: the template needs {{{name}}}; rejected")
            )
            return None
        parts[name] = half_width_alnum(text)
    return _PLACEHOLDER.sub(lambda m: parts[m[1]], template)


def resolve_edges(
    pending: Iterable[PendingEdge], aliases: AliasTable, names: NameResolver | None = None
) -> tuple[list[EdgeRecord], list[Problem], Counter[str], list[NameLink]]:
    """Each pending relationship's far end by name (the alias table), id or slug.

    A name the alias table does not know is asked of `names` when given (`link_names`): a confident
    match links and is listed among the links made by name. Unresolved ones are named as problems
    and counted, per relationship type, as rejected.
    """
    edges: list[EdgeRecord] = []
    problems: list[Problem] = []
    rejected: Counter[str] = Counter()
    by_name: list[NameLink] = []
    for edge in pending:
        text = clean_text(edge.value)
        if edge.by == "id":
            target: str | None = half_width_alnum(text).replace(" ", "")
        elif edge.by == "slug":
            target = named_entity_id(edge.target_class, text)
        else:
            target, found = _by_name(edge, text, aliases, names)
            if isinstance(found, Problem):
                problems.append(found)
            elif found is not None:
                by_name.append(found)
        if target is None:
            rejected[edge.rel_type] += 1
            continue
        start, end = (target, edge.entity) if edge.reverse else (edge.entity, target)
        edges.append(EdgeRecord(edge.rel_type, start, end, dict(edge.properties), edge.file, edge.row))
    return edges, problems, rejected, by_name


def _by_name(
    edge: PendingEdge, text: str, aliases: AliasTable, names: NameResolver | None
) -> tuple[str | None, NameLink | Problem | None]:
    """The far end by its exact name (as before), else by the resolver when there is one."""
    found = aliases.lookup(edge.target_class, text)
    if len(found) == 1:
        return found[0], None
    if not found and names is not None:
        return link_by_name(names, EndAt(edge.file, edge.row, edge.column, edge.rel_type, edge.target_class), text)
    why = (
        f"ambiguous: the name fits several {edge.target_class} entities ({', '.join(found)})"
        if found
        else f"no {edge.target_class} is known by this name (curated data, this ingest, aliases)"
    )
    return None, Problem(edge.file, edge.row, edge.column, text, f"{why}; the {edge.rel_type} was rejected")
