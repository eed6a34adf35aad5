"""The CSV files `neo4j-admin database import full` takes (`jxkg export --format neo4j-admin`).

Per class, a header file and a data file, labelled on the command line
(`--nodes=Entity:Organization:Enterprise=header,data`); per relationship type the same
(`--relationships=TYPE=header,data`). One ID space, `Entity`, holds every node's `id`. Columns are
typed as the driver stores a Python value (int -> long, float -> double, bool -> boolean, str ->
string, a list -> an array of those); a property whose values are of two types in one class gets a
file per type. Strings are always quoted (so "" is an empty string, and an empty field no
property); arrays use U+001F between elements, a control character the writer never lets into the
graph (`jxkg.store.text.control_character_at`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jxkg.errors import IngestError
from jxkg.store.base import check_identifier

ID_SPACE = "Entity"
ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"
READ_BUFFER = 4 * 2**20  # the importer's default --read-buffer-size
_SCALARS = {bool: "boolean", int: "long", float: "double", str: "string"}
_SPECIAL_FLOATS = {math.inf: "Infinity", -math.inf: "-Infinity"}


@dataclass(frozen=True)
class CsvGroup:
    """One `--nodes` or `--relationships` argument: a header file and a data file."""

    option: str  # "nodes" or "relationships"
    name: str  # the labels (Entity:Organization:Enterprise) or the relationship type
    header: Path
    data: Path
    rows: int
    multiline: bool  # some value holds a line break: the importer must be told (--multiline-fields)
    longest: int  # bytes of the longest row: the importer's read buffer must hold it (--read-buffer-size)

    def argument(self, base: Path) -> str:
        return f"--{self.option}={self.name}={self.header.relative_to(base)},{self.data.relative_to(base)}"


class CsvFiles:
    """Writes each group's header and data files; keeps what a CSV cannot say (empty lists)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.groups: list[CsvGroup] = []
        self.empty_lists: list[tuple[str, str, str, str]] = []  # (nodes|relationships, type, id, property)

    def nodes(self, class_name: str, labels: Sequence[str], rows: list[dict[str, Any]]) -> None:
        name = ":".join(check_identifier(label) for label in labels)
        self._write("nodes", class_name, name, rows, {"id": f"id:ID({ID_SPACE})"})
        self.empty_lists += [("nodes", "", str(r["id"]), k) for r in rows for k, v in r.items() if v == []]

    def relationships(self, rel_type: str, rows: list[dict[str, Any]]) -> None:
        check_identifier(rel_type)
        fixed = {":START_ID": f":START_ID({ID_SPACE})", ":END_ID": f":END_ID({ID_SPACE})"}
        self._write("relationships", rel_type, rel_type, rows, fixed)
        self.empty_lists += [
            ("relationships", rel_type, str(r["id"]), k) for r in rows for k, v in r.items() if v == []
        ]

    def _write(self, option: str, stem: str, name: str, rows: list[dict[str, Any]], fixed: dict[str, str]) -> None:
        """One file per combination of types of the columns whose type varies (usually one file)."""
        types: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            for key, value in row.items():
                kind = _csv_type(value, key)
                if kind is not None and key not in fixed:
                    types[key].add(kind)
        varying = sorted(k for k, kinds in types.items() if len(kinds) > 1)
        parts: dict[tuple[str | None, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            parts[tuple(_csv_type(row.get(k), k) for k in varying)].append(row)
        folder = self.out_dir / option
        folder.mkdir(exist_ok=True)
        for number, (signature, part) in enumerate(sorted(parts.items(), key=lambda p: str(p[0])), start=1):
            chosen = {k: next(iter(kinds)) for k, kinds in types.items()} | dict(zip(varying, signature, strict=True))
            columns = [(k, fixed[k]) for k in fixed]
            columns += [(k, f"{check_identifier(k)}:{kind}") for k, kind in sorted(chosen.items()) if kind is not None]
            suffix = "" if number == 1 else f"-{number}"
            header = folder / f"{stem}{suffix}.header.csv"
            data = folder / f"{stem}{suffix}.csv"
            header.write_text(",".join(c for _, c in columns) + "\n", encoding="utf-8")
            multiline = False
            longest = 0
            with data.open("w", encoding="utf-8", newline="") as handle:
                for row in part:
                    line = ",".join(_field(row.get(key)) for key, _ in columns) + "\n"
                    multiline = multiline or "\n" in line[:-1] or "\r" in line
                    longest = max(longest, len(line) if len(line) < READ_BUFFER // 8 else len(line.encode()))
                    handle.write(line)
            self.groups.append(CsvGroup(option, name, header, data, len(part), multiline, longest))


def _csv_type(value: Any, name: str) -> str | None:
    """The importer's type for a value as the driver would store it; None for no value."""
    if value is None or value == []:
        return None
    if isinstance(value, list):
        kinds = {_csv_type(v, name) for v in value}
        if len(kinds) != 1 or None in kinds or any(k is not None and k.endswith("[]") for k in kinds):
            raise IngestError(f"property {name!r}: a list of mixed or nested values cannot be stored ({value[:5]!r})")
        return f"{kinds.pop()}[]"
    kind = _SCALARS.get(type(value))
    if kind is None:
        raise IngestError(f"property {name!r}: cannot write a {type(value).__name__} value ({value!r})")
    return kind


def _field(value: Any) -> str:
    if value is None or value == []:
        return ""
    if isinstance(value, list):
        return _quoted(ARRAY_DELIMITER.join(_scalar(v) for v in value))
    if isinstance(value, str):
        return _quoted(value)
    return _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return _SPECIAL_FLOATS.get(value, repr(value))
    return str(value)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
