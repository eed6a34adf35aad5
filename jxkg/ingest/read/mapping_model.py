"""The shape of a mapping file (docs/ingest.md), as pydantic models, and what a loaded one is.

`jxkg.ingest.read.mapping` reads a file into these and checks their names against the ontology
(`mapping_check`); `map_rows` turns a table's rows into records by them. Kept apart from both, so
the three import it and none of them imports another in a circle.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from jxkg.ingest.read.formats import FORMATS, listed
from jxkg.ingest.read.table import DEFAULT_MAX_CELL_BYTES, ReadOptions

__all__ = ["Entry", "IdRule", "MappingDocument", "MappingSet", "PropertyMap", "RelationshipMap", "SourceMapping"]


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


class MappingDocument(_Model):
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
