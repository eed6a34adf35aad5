"""Turning cell text into the value an ontology datatype asks for."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

_TRUE = {"true", "yes", "1", "是"}
_FALSE = {"false", "no", "0", "否"}
MULTI_VALUE_SEPARATOR = "|"


class ConversionError(ValueError):
    """The text cannot be read as the datatype; the message says what was expected."""


def convert(text: str, datatype: str) -> Any:
    """`datatype` is the xsd local name (integer, decimal, boolean, date, string, langString, ...)."""
    value = text.strip()
    if datatype in {"integer", "int", "long", "nonNegativeInteger", "positiveInteger", "gYear"}:
        try:
            return int(value.replace(",", ""))
        except ValueError:
            raise ConversionError(f"expected a whole number, got {value!r}") from None
    if datatype in {"decimal", "double", "float"}:
        try:
            return float(Decimal(value.replace(",", "")))
        except InvalidOperation:
            raise ConversionError(f"expected a number, got {value!r}") from None
    if datatype == "boolean":
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ConversionError(f"expected true or false, got {value!r}")
    return value  # strings, language strings, dates (kept as ISO text), IRIs


def convert_cell(text: str, datatype: str, *, multi_valued: bool) -> Any:
    if multi_valued:
        return [convert(part, datatype) for part in text.split(MULTI_VALUE_SEPARATOR) if part.strip()]
    return convert(text, datatype)
