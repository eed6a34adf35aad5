"""Turning cell text into the value an ontology datatype asks for."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
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


# --- Values from mapped sources (read/mapping.py): any reader's raw value, converted leniently ------------------------
#
# Curated files hold clean text and go through `convert` above; other sources hold what people type
# and what spreadsheets store: full-width digits, 万/亿 units, percentages, dates in several forms,
# numbers and datetimes from XLSX cells. `convert_raw` reads all of these.

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_SPACES = re.compile(r"\s+")
_MAGNITUDES: dict[str, Decimal] = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}
_NUMBER = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))(万亿|亿|万)?(.*)")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_YEAR = re.compile(r"(\d{4})\s*年?度?")
_BOOLEANS = {"true": True, "yes": True, "y": True, "1": True, "是": True, "false": False, "no": False, "n": False}
_BOOLEANS |= {"0": False, "否": False}
PERCENT = "%"
FRACTION = "fraction"
_NUMERIC = {"integer", "int", "long", "nonNegativeInteger", "positiveInteger", "decimal", "double", "float"}
_WHOLE = {"integer", "int", "long", "nonNegativeInteger", "positiveInteger", "gYear"}


def to_half_width(text: str) -> str:
    """Full-width ASCII forms (１２３，４５６％ＡＢ) and the ideographic space to their ASCII forms."""
    return text.translate(_FULL_WIDTH)


def half_width_alnum(text: str) -> str:
    """Only full-width digits and Latin letters to ASCII (for codes and ids: （） stay as they are)."""
    return "".join(half if (half := to_half_width(c)).isascii() and half.isalnum() else c for c in text)


def clean_text(raw: object) -> str:
    """A cell as text: whitespace runs (the ideographic space too) to one space, trimmed.

    Whole numbers that a spreadsheet stores as floats (360700.0) lose the `.0`; datetimes become ISO text.
    """
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return _SPACES.sub(" ", str(raw).replace("\u3000", " ")).strip()


def default_kind(datatype: str, property_name: str = "") -> str:
    """How a value of this datatype is read: years are integers named `year` or `...Year`."""
    if datatype in _WHOLE and (property_name == "year" or property_name.endswith("Year") or datatype == "gYear"):
        return "year"
    if datatype in _NUMERIC:
        return "number"
    if datatype in {"date", "dateTime", "boolean"}:
        return {"date": "date", "dateTime": "datetime", "boolean": "boolean"}[datatype]
    return "text"


def split_unit(unit: str) -> tuple[Decimal, str]:
    """`亿元` -> (10**8, "元"); `家` -> (1, "家"); `万` -> (10**4, "")."""
    for prefix, factor in _MAGNITUDES.items():
        if unit.startswith(prefix):
            return factor, unit[len(prefix) :]
    return Decimal(1), unit


def parse_number(raw: object, *, unit: str | None = None, whole: bool = False) -> int | float:
    """`１２３，４５６` -> 123456, `3.5万` -> 35000, `1.2亿元` -> 120000000, `2.5%` -> 2.5.

    `unit` is the unit the value is wanted in: `亿元` gives `3.5万元` as 0.00035 and a bare `502.2`
    as 502.2 (a number written without a unit is taken to be in the wanted unit); `%` keeps a
    percentage as it is written (2.5); `fraction` gives 2.5% as 0.025. A value written with a unit
    other than the wanted one (`5家` where `元` is wanted) is an error, not silently rescaled.
    """
    if isinstance(raw, bool):
        raise ConversionError(f"expected a number, got {raw!r}")
    factor: Decimal | None = None  # the magnitude written (万, 亿), if any
    if isinstance(raw, int | float | Decimal):
        number, written = Decimal(str(raw)), ""
    else:
        text = to_half_width(clean_text(raw)).replace(",", "").replace(" ", "")
        match = _NUMBER.fullmatch(text)
        if match is None:
            raise ConversionError(f"expected a number, got {clean_text(raw)!r}")
        number, written = Decimal(match[1]), match[3]
        factor = _MAGNITUDES[match[2]] if match[2] else None
    value = number * (factor or 1)
    wanted_factor, wanted = split_unit(unit) if unit and unit not in {PERCENT, FRACTION} else (Decimal(1), "")
    if written == PERCENT:
        if unit == FRACTION:
            value /= 100
        elif unit not in {None, PERCENT}:
            raise ConversionError(f"expected a value in {unit}, got a percentage {clean_text(raw)!r}")
    elif written and wanted and written != wanted:
        raise ConversionError(f"expected a value in {unit}, got {clean_text(raw)!r} (in {written})")
    if factor is not None or (written and written != PERCENT):
        value /= wanted_factor  # a bare number is already in the wanted unit: 502.2 in a column of 亿元
    if whole:
        if value != value.to_integral_value():
            raise ConversionError(f"expected a whole number, got {clean_text(raw)!r}")
        return int(value)
    return float(value)


def parse_year(raw: object) -> int:
    """`2021年` -> 2021; a date or datetime gives its year."""
    if isinstance(raw, dt.date):
        return raw.year
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        return int(raw)
    text = to_half_width(clean_text(raw))
    match = _YEAR.fullmatch(text)
    if match is None:
        raise ConversionError(f"expected a year such as 2021 or 2021年, got {text!r}")
    return int(match[1])


def parse_date(raw: object) -> str:
    """`2021-10-15`, `2021/10/15`, `2021.10.15`, `2021年10月15日` (or an XLSX date) -> `2021-10-15`."""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    text = to_half_width(clean_text(raw))
    match = _DATE.fullmatch(text)
    if match is None:
        raise ConversionError(f"expected a date such as 2021-10-15 or 2021年10月15日, got {text!r}")
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError as exc:
        raise ConversionError(f"not a calendar date: {text!r} ({exc})") from None


def parse_datetime(raw: object) -> str:
    if isinstance(raw, dt.datetime):
        return raw.isoformat()
    text = to_half_width(clean_text(raw))
    try:
        return dt.datetime.fromisoformat(text).isoformat()
    except ValueError:
        return f"{parse_date(text)}T00:00:00"


def parse_boolean(raw: object) -> bool:
    """是/否, true/false, yes/no, y/n, 1/0 (any case, full-width too)."""
    if isinstance(raw, bool):
        return raw
    text = to_half_width(clean_text(raw)).lower()
    if text in _BOOLEANS:
        return _BOOLEANS[text]
    raise ConversionError(f"expected 是/否 (or true/false), got {clean_text(raw)!r}")


def convert_raw(
    raw: object,
    datatype: str,
    *,
    kind: str | None = None,
    unit: str | None = None,
    values: Mapping[str, str] | None = None,
    allowed: tuple[str, ...] = (),
    property_name: str = "",
) -> Any:
    """One raw value (text, or a number/date/bool from XLSX or JSON) as the ontology datatype wants it.

    `kind` overrides how it is read (see `default_kind`); `values` translates text first
    (`国家级: national`); `allowed` is the property's list of allowed values.
    """
    if values is not None and not isinstance(raw, bool):
        text = clean_text(raw)
        raw = values.get(text, values.get(to_half_width(text), text))
    reading = kind or default_kind(datatype, property_name)
    whole = datatype in _WHOLE
    value: Any
    if reading == "number":
        value = parse_number(raw, unit=unit, whole=whole)
    elif reading == "year":
        value = parse_year(raw)
    elif reading == "date":
        value = parse_date(raw)
    elif reading == "datetime":
        value = parse_datetime(raw)
    elif reading == "boolean":
        value = parse_boolean(raw)
    else:
        value = clean_text(raw)
    if allowed and str(value) not in allowed:
        raise ConversionError(f"expected one of {', '.join(allowed)}, got {value!r}")
    return value
