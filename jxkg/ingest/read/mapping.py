"""Mapping files: how the rows of a source become ontology records (docs/ingest.md).

A mapping is YAML, one per source (`X.csv` + `X.mapping.yaml`) or one per folder (`mapping.yaml`
with `sources:`, each entry covering files by glob). It is validated twice: its shape by the
pydantic models below, its names against the ontology (the class, every property, every
relationship and its ends). Either kind of error raises `MappingError` naming the mapping file
and the key (`properties.研发投入.property: unknown property 'rdSpend'`); nothing is read then.

    class: Enterprise
    id: {column: 统一社会信用代码, name: 企业名称}   # the code, or enterprise:<name> when it is empty
    properties:
      企业名称: nameZh
      成立年份: foundedYear                       # 2015年 -> 2015
      是否国有: isStateOwned                      # 是/否
    relationships:
      所在地市: {type: LOCATED_IN, target: PrefectureCity}   # 赣州市 -> 360700, by name
    ignore: [序号]
    constants: {provenanceKind: reference}

`map_table` turns a `Table` into node records and pending relationships; the targets of
relationships are resolved by `resolve_edges` once every source of the run has been mapped, so a
row may name an entity another file of the same ingest brings.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from jxkg.errors import IngestError
from jxkg.ingest.read.aliases import AliasTable
from jxkg.ingest.read.convert import (
    MULTI_VALUE_SEPARATOR,
    ConversionError,
    clean_text,
    convert_raw,
    default_kind,
    half_width_alnum,
)
from jxkg.ingest.read.readers import DEFAULT_MAX_CELL_BYTES, ReadOptions, Table
from jxkg.ingest.records import EdgeRecord, NodeRecord, Problem
from jxkg.ontology.conventions import SOURCE_ROW, named_entity_id
from jxkg.ontology.schema import GraphSchema, UnknownNameError
from jxkg.ontology.terms import PropertySpec

__all__ = [
    "Entry",
    "IdRule",
    "Mapped",
    "MappingError",
    "MappingSet",
    "PendingEdge",
    "PropertyMap",
    "RelationshipMap",
    "SourceMapping",
    "load_mapping",
    "map_table",
    "resolve_edges",
]

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_KIND_FITS: dict[str, set[str]] = {
    "text": {"string", "langString", "anyURI"},
    "number": {"integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger", "positiveInteger"},
    "year": {"integer", "int", "long", "nonNegativeInteger", "positiveInteger", "gYear", "string"},
    "date": {"date", "dateTime", "string"},
    "datetime": {"dateTime", "string"},
    "boolean": {"boolean"},
}


class MappingError(IngestError):
    """A mapping file cannot be read or does not fit the ontology; the message names the file and keys."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class PropertyMap(_Model):
    """A column that becomes a property: `column: nameZh`, or this object for conversions."""

    property_name: str = Field(alias="property")
    convert: Literal["text", "number", "year", "date", "datetime", "boolean"] | None = None
    unit: str | None = None  # the unit wanted: 元, 亿元, 万人, %, fraction
    split: str | None = None  # the separator of a multi-valued cell (default |)
    values: dict[str, str] | None = None  # translations: {国家级: national, 省级: provincial}


class IdRule(_Model):
    """How a row's id is formed: a natural-key column, a slug of the name, or a template."""

    column: str | None = None  # a natural key: credit code, region code
    name: str | None = None  # <kebab-class>:<name>, or the id of the known entity of that name
    template: str | None = None  # observation:{indicator}:{code}:{year}; {x} is a property or column

    @model_validator(mode="after")
    def _one_way(self) -> IdRule:
        if self.template is not None and (self.column or self.name):
            raise ValueError("give either template, or column and/or name")
        if not (self.template or self.column or self.name):
            raise ValueError("give column, name or template")
        return self


class RelationshipMap(_Model):
    """A column that names the other end of a relationship of the row's entity."""

    rel_type: str = Field(alias="type")  # SUPPORTS_CHAIN or supportsChain
    target: str  # the class of the other end (an abstract class searches its subclasses)
    by: Literal["name", "id", "slug"] = "name"
    split: str | None = None  # several targets in one cell
    reverse: bool = False  # the row's entity is the end, not the start


class SourceMapping(_Model):
    """One source's mapping (an entry of `sources:` in a folder's mapping.yaml)."""

    files: list[str] | None = None  # globs of file names, in a folder's mapping.yaml
    class_name: str = Field(alias="class")
    format: Literal["csv", "xlsx", "json", "jsonl"] | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    records: str | None = None
    max_cell_bytes: int = Field(DEFAULT_MAX_CELL_BYTES, gt=0)
    id_rule: IdRule | None = Field(None, alias="id")
    properties: dict[str, PropertyMap] = Field(default_factory=dict)
    relationships: dict[str, RelationshipMap] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)
    constants: dict[str, str | int | float | bool] = Field(default_factory=dict)

    @field_validator("files", mode="before")
    @classmethod
    def _one_glob(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("properties", mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: {"property": v} if isinstance(v, str) else v for k, v in value.items()}
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                codecs.lookup(value)
            except LookupError:
                raise ValueError(f"unknown encoding {value!r} (utf-8, utf-8-sig, gb18030, gbk...)") from None
        return value

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, value: str | None) -> str | None:
        if value in {"tab", "\\t"}:
            return "\t"
        if value is not None and len(value) != 1:
            raise ValueError(f"a delimiter is one character (or `tab`), got {value!r}")
        return value

    def read_options(self) -> ReadOptions:
        return ReadOptions(self.encoding, self.delimiter, self.sheet, self.records, self.max_cell_bytes)


class _MappingDocument(_Model):
    sources: list[SourceMapping]


@dataclass(frozen=True)
class Entry:
    """One mapping as found in its file, with where it is (for messages)."""

    mapping: SourceMapping
    path: Path
    where: str  # "" for a single mapping, "sources[2]" for an entry of a list
    constants: dict[str, Any]  # converted to the properties' datatypes

    def covers(self, file: Path) -> bool:
        return self.mapping.files is None or any(fnmatch(file.name, glob) for glob in self.mapping.files)


@dataclass(frozen=True)
class MappingSet:
    path: Path
    entries: tuple[Entry, ...]

    def entry_for(self, file: Path) -> Entry | None:
        return next((e for e in self.entries if e.covers(file)), None)


def load_mapping(path: Path, schema: GraphSchema) -> MappingSet:
    """Read and check a mapping file; `MappingError` lists every problem with its key."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: cannot read the mapping: {exc}") from exc
    except yaml.YAMLError as exc:
        raise MappingError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(document, dict):
        raise MappingError(f"{path}: a mapping is a YAML object (with `class:`, or `sources:` listing several)")
    try:
        if "sources" in document:
            mappings = [(f"sources[{i}]", m) for i, m in enumerate(_MappingDocument.model_validate(document).sources)]
        else:
            mappings = [("", SourceMapping.model_validate(document))]
    except ValidationError as exc:
        lines = [f"{_dotted(e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise MappingError(f"{path}: invalid mapping:\n  " + "\n  ".join(lines)) from None
    entries, errors = [], []
    for where, mapping in mappings:
        constants, found = _check(mapping, schema, where)
        errors += found
        entries.append(Entry(mapping, path, where, constants))
    if errors:
        raise MappingError(f"{path}: the mapping does not fit the ontology:\n  " + "\n  ".join(errors))
    return MappingSet(path, tuple(entries))


def _dotted(loc: Iterable[object]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif str(part):
            text += f".{part}" if text else str(part)
    return text


# --- checking a mapping against the ontology ------------------------------------------------------------------------


def _check(mapping: SourceMapping, schema: GraphSchema, where: str) -> tuple[dict[str, Any], list[str]]:
    def key(*parts: object) -> str:
        return _dotted((where, *parts) if where else parts)

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
            constants[name] = _convert(value, spec, None)
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


# --- mapping rows ---------------------------------------------------------------------------------------------------


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
        return [p for p in raw if not _empty(p)]
    if isinstance(raw, str):
        return [p for p in raw.split(separator or MULTI_VALUE_SEPARATOR) if p.strip()]
    return [raw]


def _convert(raw: object, spec: PropertySpec, prop: PropertyMap | None) -> Any:
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
            value = _convert(raw, spec, prop)
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
    pending: Iterable[PendingEdge], aliases: AliasTable
) -> tuple[list[EdgeRecord], list[Problem], Counter[str]]:
    """Each pending relationship's far end by name (the alias table), id or slug.

    Unresolved ones are named as problems and counted, per relationship type, as rejected.
    """
    edges: list[EdgeRecord] = []
    problems: list[Problem] = []
    rejected: Counter[str] = Counter()
    for edge in pending:
        text = clean_text(edge.value)
        if edge.by == "id":
            target = half_width_alnum(text).replace(" ", "")
        elif edge.by == "slug":
            target = named_entity_id(edge.target_class, text)
        else:
            found = aliases.lookup(edge.target_class, text)
            if len(found) != 1:
                why = (
                    f"ambiguous: the name fits several {edge.target_class} entities ({', '.join(found)})"
                    if found
                    else f"no {edge.target_class} is known by this name (curated data, this ingest, aliases)"
                )
                problems.append(
                    Problem(edge.file, edge.row, edge.column, text, f"{why}; the {edge.rel_type} was rejected")
                )
                rejected[edge.rel_type] += 1
                continue
            target = found[0]
        start, end = (target, edge.entity) if edge.reverse else (edge.entity, target)
        edges.append(EdgeRecord(edge.rel_type, start, end, dict(edge.properties), edge.file, edge.row))
    return edges, problems, rejected
