"""A named question's columns, as its header declares them (`columns:`), and each row's JSON Schema.

    // columns:
    //   chainId: {type: string, nullable: true, label: {zh: 产业链编号, en: chain id}, description: the chain's id}
    //   laboratoryCount: {type: integer, label: {zh: 实验室数, en: laboratories}, description: how many it has}
    //   labs:
    //     type: list
    //     label: {zh: 实验室, en: laboratories}
    //     description: the chain's laboratories, by id
    //     items:
    //       type: map
    //       fields:
    //         id: {type: string, description: the laboratory's id}
    //         provenance: {type: provenance, description: where the link is stated}

Each column has a short `label` in Chinese and English (a table's header; the `description`, in
English, says more); a map's field may have one. A value is a `string`, `integer`, `number`,
`boolean`, `date` (an ISO date), `provenance` (the `Provenance` structure of nodes and edges,
`jxkg.queries.row_provenance`), a `list` of `items`, or a `map` of named `fields`, or `any` JSON
value (a property read by its key, of whatever type it has); `nullable: true` lets it be null;
`allowed: [...]` closes a string's set of values (an enum). The header is the contract the API
publishes (each question's row schema in the OpenAPI document), so the catalog checks that its
names are the query's RETURN columns (`return_columns`), and tests/queries/test_row_schemas.py runs
every example on both engines and validates each row against it.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any, Self

from pydantic import ConfigDict, Field, model_validator

from jxkg.queries.row_provenance import is_provenance_name
from jxkg.store.cypher_tokens import Kind, Token, tokens
from jxkg.views import Sent

__all__ = ["Column", "Label", "ValueShape", "ValueType", "flattened", "return_columns", "row_schema", "type_text"]


class ValueType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    PROVENANCE = "provenance"
    LIST = "list"
    MAP = "map"
    ANY = "any"  # any JSON value: a stored property read by its key, whatever its type


_SCALARS: dict[ValueType, dict[str, Any]] = {
    ValueType.STRING: {"type": "string"},
    ValueType.INTEGER: {"type": "integer"},
    ValueType.NUMBER: {"type": "number"},
    ValueType.BOOLEAN: {"type": "boolean"},
    ValueType.DATE: {"type": "string", "format": "date"},
    ValueType.ANY: {},
}


class ValueShape(Sent):
    """The shape of a value: its type, whether it may be null, and what a list or map holds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: ValueType
    nullable: bool = Field(default=False, description="true when the value may be null")
    description: str = ""
    items: ValueShape | None = Field(default=None, description="what a list holds")
    fields: tuple[Column, ...] = Field(default=(), description="a map's keys, in order, each with its shape")
    allowed: tuple[str, ...] = Field(default=(), description="a text's only values, when the set is closed")

    @model_validator(mode="after")
    def _holds_what_its_type_holds(self) -> Self:
        if self.allowed and self.type is not ValueType.STRING:
            raise ValueError("only a string lists its allowed values")
        if (self.type is ValueType.LIST) != (self.items is not None):
            raise ValueError("a list, and only a list, says what it holds (items)")
        if (self.type is ValueType.MAP) != bool(self.fields):
            raise ValueError("a map, and only a map, names its fields")
        names = [field.name for field in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"a map names a field twice: {names}")
        return self

    def holds_provenance(self) -> bool:
        """Whether this value is a provenance, or a list of them."""
        if self.type is ValueType.PROVENANCE:
            return True
        return self.items is not None and self.items.holds_provenance()


class Label(Sent):
    """A column's short name in Chinese and English: the header of its column in a table."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Column(ValueShape):
    """A named value: a column of the answer, or a field of a map."""

    name: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9]*$")
    label: Label | None = Field(
        default=None,
        description="its short name in each language; every column of an answer has one, a map's field may",
    )
    description: str = Field(min_length=1)

    @model_validator(mode="after")
    def _provenance_under_its_name(self) -> Self:
        # the runner turns a stored provenance into the structure only under such a name
        if self.holds_provenance() and not is_provenance_name(self.name):
            raise ValueError(f"{self.name}: a provenance is named `provenance` or `...Provenance`")
        return self


ValueShape.model_rebuild()  # its fields are Columns, defined after it


def row_schema(columns: tuple[Column, ...], provenance_ref: str) -> dict[str, Any]:
    """The JSON Schema of one row: an object of exactly these columns, each always present (null
    where `nullable`); `provenance_ref` is where the `Provenance` schema is (`$ref`)."""
    return _object(columns, provenance_ref)


def _object(columns: tuple[Column, ...], ref: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {column.name: _schema(column, ref) for column in columns},
        "required": [column.name for column in columns],
        "additionalProperties": False,
    }


def _schema(shape: ValueShape, ref: str) -> dict[str, Any]:
    if shape.type is ValueType.PROVENANCE:
        schema: dict[str, Any] = {"$ref": ref}
    elif shape.type is ValueType.LIST:
        assert shape.items is not None  # the model's own check
        schema = {"type": "array", "items": _schema(shape.items, ref)}
    elif shape.type is ValueType.MAP:
        schema = _object(shape.fields, ref)
    else:
        schema = dict(_SCALARS[shape.type])
    if shape.allowed:
        schema["enum"] = list(shape.allowed)
    if shape.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    if shape.description:
        schema["description"] = shape.description
    return schema


def flattened(columns: Sequence[Column], prefix: str = "") -> list[tuple[str, Column]]:
    """Each column, and each field of a map it holds under its path (`labs[].provenance`), in order:
    how the docs and `jxkg query show` list them."""
    rows: list[tuple[str, Column]] = []
    for column in columns:
        path = f"{prefix}{column.name}"
        inner: ValueShape = column
        rows.append((path, column))
        while inner.items is not None:
            path, inner = f"{path}[]", inner.items
        rows += flattened(inner.fields, f"{path}.")
    return rows


def type_text(shape: ValueShape) -> str:
    """`list of string`, `null or integer`, `list of (null or string)`, `one of own, unknown`."""
    if shape.items is None:
        text = f"one of {', '.join(shape.allowed)}" if shape.allowed else shape.type.value
    else:
        inner = type_text(shape.items)
        text = f"list of ({inner})" if shape.items.nullable else f"list of {inner}"
    return f"null or {text}" if shape.nullable else text


_CLAUSE_ENDS = frozenset({"ORDER", "SKIP", "LIMIT"})


def return_columns(cypher: str) -> list[str]:
    """The names of the columns the query's last RETURN gives (outside any `CALL {}`), read from
    its tokens: `x AS name` is `name`, a bare variable its own name. Raises `ValueError` for a
    column with no name of its own (`RETURN *`, an expression without `AS`)."""
    found = tokens(cypher)
    start = _last_return(found)
    if start is None:
        raise ValueError("the query has no RETURN")
    items: list[list[Token]] = [[]]
    depth = 0
    for token in found[start + 1 :]:
        if token.kind is Kind.PUNCT and token.text in "([{":
            depth += 1
        elif token.kind is Kind.PUNCT and token.text in ")]}":
            depth -= 1
        if depth == 0 and token.kind is Kind.WORD and token.text.upper() in _CLAUSE_ENDS:
            break
        if depth == 0 and token.kind is Kind.PUNCT and token.text == ",":
            items.append([])
        else:
            items[-1].append(token)
    if items[0] and items[0][0].kind is Kind.WORD and items[0][0].text.upper() == "DISTINCT":
        items[0] = items[0][1:]
    return [_item_name(item, cypher) for item in items]


def _last_return(found: list[Token]) -> int | None:
    depth, last = 0, None
    for index, token in enumerate(found):
        if token.kind is Kind.PUNCT and token.text in "([{":
            depth += 1
        elif token.kind is Kind.PUNCT and token.text in ")]}":
            depth -= 1
        elif depth == 0 and token.kind is Kind.WORD and token.text.upper() == "RETURN":
            last = index
    return last


def _item_name(item: list[Token], cypher: str) -> str:
    names = (Kind.WORD, Kind.QUOTED)
    if len(item) == 1 and item[0].kind in names and item[0].text != "*":
        return item[0].text
    if len(item) >= 3 and item[-2].kind is Kind.WORD and item[-2].text.upper() == "AS" and item[-1].kind in names:
        return item[-1].text
    text = cypher[item[0].start : item[-1].start + len(item[-1].text)] if item else ""
    raise ValueError(f"the RETURN column {text!r} has no name of its own: give it one with AS")
