"""Mapping files: how the rows of a source become ontology records (docs/ingest.md); their shape and loading.

A mapping is YAML, one per source (`X.csv` + `X.mapping.yaml`) or one per folder (`mapping.yaml`
with `sources:`, each entry covering files by glob). It is validated twice: its shape by the
pydantic models below, its names against the ontology (`jxkg.ingest.read.mapping_check`: the class,
every property, every relationship and its ends). Either kind of error raises `MappingError` naming
the mapping file and the key (`properties.研发投入.property: unknown property 'rdSpend'`); nothing is
read then.

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

`format:` names one of the tabular formats of the registry (`jxkg.ingest.read.formats`). How the
rows then become records is `jxkg.ingest.read.map_rows`.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from jxkg.errors import MappingError
from jxkg.ingest.read.formats import FORMATS, listed
from jxkg.ingest.read.mapping_check import check_mapping, dotted
from jxkg.ingest.read.table import DEFAULT_MAX_CELL_BYTES, ReadOptions
from jxkg.ontology.schema import GraphSchema

__all__ = [
    "Entry",
    "IdRule",
    "MappingError",
    "MappingSet",
    "PropertyMap",
    "RelationshipMap",
    "SourceMapping",
    "load_mapping",
]


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
    format: str | None = None  # one of the registry's tabular formats
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

    @field_validator("format", mode="before")
    @classmethod
    def _tabular_format(cls, value: Any) -> Any:
        names = [f.name for f in FORMATS.tabular()]
        if value is not None and value not in names:  # worded as pydantic words a Literal's refusal
            expected = listed([f"'{n}'" for n in names])
            raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": expected})
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
        lines = [f"{dotted(e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise MappingError(f"{path}: invalid mapping:\n  " + "\n  ".join(lines)) from None
    entries, errors = [], []
    for where, mapping in mappings:
        constants, found = check_mapping(mapping, schema, where)
        errors += found
        entries.append(Entry(mapping, path, where, constants))
    if errors:
        raise MappingError(f"{path}: the mapping does not fit the ontology:\n  " + "\n  ".join(errors))
    return MappingSet(path, tuple(entries))
