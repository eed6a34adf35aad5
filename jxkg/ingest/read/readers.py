"""Readers: CSV, XLSX, JSON, JSON Lines as rows of raw values; Turtle and JSON-LD straight to records.

A tabular reader returns a `Table`: its columns and its rows, each a `Row` (file, row number with
1 = the first data row, field -> raw value), plus the `Problem`s of what it could not read, each
naming the file and, where it can, the row and field. A bad row is left out and named; the good
rows are still returned:

    empty file                 the file (nothing at all, or no header)
    header only                a notice: nothing to load (`Table.notices`, not a problem)
    wrong delimiter            the file: one column whose header holds ; or |
    ragged row                 the row: more or fewer cells than the header
    mixed encodings            the row whose bytes are not in the file's encoding (and its field)
    cell over the size limit   the row and field (`max_cell_bytes`, 64 KiB unless the mapping says)

Encodings: a declared one wins; otherwise each line is tried as UTF-8 (a BOM is dropped), and a
file whose non-ASCII lines are not UTF-8 is read as GB18030 (a superset of GBK and GB2312). A file
that mixes the two is read in the encoding most of its lines use, and the other lines' rows are
rejected by number. CSV delimiters: a declared one wins; otherwise comma or tab, by csv.Sniffer
(`.tsv` files are tab-separated).

RDF sources need no mapping: `rdf:type jx:<Class>` gives the class, `jx:<property>` the
properties and relationships, and the subject's IRI `https://w3id.org/jxkg/id/<id>` its id.
"""

from __future__ import annotations

import codecs
import csv
import json
import sys
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import rdflib
from rdflib import RDF, Literal, URIRef

from jxkg.ingest.read.convert import ConversionError, convert_raw
from jxkg.ingest.records import EdgeRecord, NodeRecord, Problem, ReadResult, control_character
from jxkg.ontology.conventions import JX, JXD, entity_id
from jxkg.ontology.schema import GraphSchema, UnknownNameError
from jxkg.ontology.terms import PropertySpec

__all__ = [
    "DEFAULT_MAX_CELL_BYTES",
    "FORMATS",
    "RDF_FORMATS",
    "ReadOptions",
    "Row",
    "Table",
    "format_of",
    "read_csv",
    "read_json",
    "read_jsonl",
    "read_rdf",
    "read_table",
    "read_xlsx",
]

DEFAULT_MAX_CELL_BYTES = 64 * 1024
FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".ttl": "turtle",
    ".jsonld": "json-ld",
}
RDF_FORMATS = frozenset({"turtle", "json-ld"})
_DETECTED = ("utf-8", "gb18030")
_LOOKS_LIKE = {"utf-8": "UTF-8", "gb18030": "GBK/GB18030"}
_WRONG_DELIMITERS = (";", "|", "；")
_BOM = codecs.BOM_UTF8

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # the cell limit is ours (max_cell_bytes), not csv's 128 KiB


@dataclass(frozen=True)
class ReadOptions:
    """What a mapping may declare about how to read its file; None means detect."""

    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    records: str | None = None  # JSON: the key of the array of records in a top-level object
    max_cell_bytes: int = DEFAULT_MAX_CELL_BYTES


class Row(NamedTuple):
    file: str
    number: int  # 1 = the first data row
    values: dict[str, Any]


@dataclass
class Table:
    file: str
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # nothing wrong, nothing to load

    def problem(self, row: int | None, column: str | None, value: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, row, column, value, message))


def format_of(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def read_table(path: Path, fmt: str, options: ReadOptions | None = None) -> Table:
    """Rows of a CSV, XLSX, JSON or JSON Lines file, with the cell-size limit applied."""
    options = options or ReadOptions()
    readers = {"csv": read_csv, "xlsx": read_xlsx, "json": read_json, "jsonl": read_jsonl}
    if fmt not in readers:
        raise ValueError(f"{fmt!r} is not a tabular format ({', '.join(readers)})")
    table = readers[fmt](path, options)
    _enforce_cell_rules(table, options.max_cell_bytes)
    return table


# --- encodings ------------------------------------------------------------------------------------------------------


@dataclass
class _Decoded:
    encoding: str
    lines: list[str]
    bad: dict[int, str]  # line index -> why it could not be decoded


def _decode_lines(lines: list[bytes], declared: str | None) -> _Decoded:
    """Decode line by line so that a few lines in another encoding cost only their rows."""
    if lines and lines[0].startswith(_BOM):
        lines = [lines[0][len(_BOM) :], *lines[1:]]
        declared = declared or "utf-8"
    if declared:
        return _decode_as(lines, declared, f"cannot be decoded as {declared} (the encoding declared or marked)")
    utf8 = [_is_utf8(line) for line in lines]
    foreign = [i for i, line in enumerate(lines) if not line.isascii() and not utf8[i]]
    native = [i for i, line in enumerate(lines) if not line.isascii() and utf8[i]]
    if not foreign:
        return _decode_as(lines, "utf-8", "")
    if len(native) >= len(foreign):
        return _decode_as(lines, "utf-8", _mixed_message("utf-8"))
    decoded = _decode_as(lines, "gb18030", "cannot be decoded as UTF-8 or GB18030")
    for i in native:  # valid UTF-8 in a GB18030 file: it would decode, as mojibake
        decoded.bad[i] = _mixed_message("gb18030", found="utf-8")
    return decoded


def _mixed_message(encoding: str, found: str = "gb18030") -> str:
    return (
        f"row is not {_LOOKS_LIKE[encoding]} while the rest of the file is (its bytes look like "
        f"{_LOOKS_LIKE[found]}): the file mixes encodings; re-save it in one encoding"
    )


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_as(lines: list[bytes], encoding: str, message: str) -> _Decoded:
    decoded = _Decoded(encoding, [], {})
    for i, line in enumerate(lines):
        try:
            decoded.lines.append(line.decode(encoding))
        except UnicodeDecodeError:
            decoded.lines.append(line.decode(encoding, errors="replace"))
            decoded.bad[i] = message
    return decoded


def _blank(data: bytes) -> bool:
    return not data.replace(_BOM, b"").strip()


# --- CSV ------------------------------------------------------------------------------------------------------------


def read_csv(path: Path, options: ReadOptions) -> Table:
    table = Table(str(path))
    data = path.read_bytes()
    if _blank(data):
        table.problem(None, None, None, "empty file: no header and no rows")
        return table
    decoded = _decode_lines(data.splitlines(keepends=True), options.encoding)
    delimiter = options.delimiter or detect_delimiter(path, decoded.lines)
    records = csv_rows(
        decoded.lines,
        delimiter,
        lambda number, exc: table.problem(
            number or None, None, None, f"cannot be read as CSV: {exc}; the row was rejected"
        ),
    )
    first = next(records, None)
    if first is None:
        table.problem(None, None, None, "empty file: no header and no rows")
        return table
    (_, first_lines, header) = first
    bad_header = [i for i in first_lines if i in decoded.bad]
    if bad_header:
        table.problem(None, None, None, f"the header {decoded.bad[bad_header[0]].removeprefix('row ')}; nothing read")
        return table
    table.columns = [name.strip() for name in header]
    if _wrong_delimiter_in_header(table, delimiter):
        return table
    ragged = data_rows = 0
    for number, lines, cells in records:
        if not cells or all(not c.strip() for c in cells):
            continue  # a blank line: no data, no problem
        data_rows += 1
        bad_lines = [i for i in lines if i in decoded.bad]
        if bad_lines:
            column = next((c for c, v in zip(table.columns, cells, strict=False) if "\ufffd" in v), None)
            table.problem(number, column, None, decoded.bad[bad_lines[0]])
            continue
        if len(cells) != len(table.columns):
            ragged += 1
            _ragged(table, number, cells)
            continue
        table.rows.append(Row(table.file, number, dict(zip(table.columns, cells, strict=True))))
    if data_rows == 0 and not table.problems:
        table.notices.append(Problem(table.file, None, None, None, "header only: no data rows, nothing to load"))
    if data_rows >= 2 and ragged == data_rows:
        table.problem(
            None,
            None,
            None,
            f"wrong delimiter? every row has a different number of cells than the header (read as {delimiter!r}); "
            "declare `delimiter:` in the mapping",
        )
    return table


def _wrong_delimiter_in_header(table: Table, delimiter: str) -> bool:
    """Whether the header is one column holding a delimiter other than `delimiter` (then said in
    `table`): a file separated by something that is not detected, where nothing can be read."""
    if len(table.columns) != 1:
        return False
    for mark in _WRONG_DELIMITERS:
        if mark in table.columns[0] and mark != delimiter:
            table.problem(
                None,
                table.columns[0],
                None,
                f"wrong delimiter: the header is one column holding {mark!r}; the file seems "
                f"{mark!r}-separated, but only comma and tab are detected: declare `delimiter: {mark!r}` "
                "in the mapping. Nothing was read",
            )
            return True
    return False


def csv_rows(
    lines: Iterable[str], delimiter: str, on_error: Callable[[int, csv.Error], None] | None = None
) -> Iterator[tuple[int, range, list[str]]]:
    """(row number, the physical line indexes it spans, cells), numbered as the loader counts rows:
    0 the header, 1 the first data row. A row the csv module cannot read is told to `on_error` and
    skipped, but keeps its number, so the rows after it keep theirs (the quarantine file of an
    upload finds its rows by these numbers)."""
    reader = csv.reader(iter(lines), delimiter=delimiter)
    number, consumed = -1, 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if on_error is not None:
                on_error(number, exc)
            consumed = reader.line_num
            continue
        yield number, range(consumed, reader.line_num), cells
        consumed = reader.line_num


def _ragged(table: Table, number: int, cells: list[str]) -> None:
    have, want = len(cells), len(table.columns)
    if have > want:
        extra = ", ".join(str(c) for c in cells[want:])[:80]
        table.problem(number, None, extra, f"ragged row: {have} cells, the header has {want}; the row was rejected")
    else:
        table.problem(
            number,
            table.columns[have],
            None,
            f"ragged row: {have} cells, the header has {want} (no cell from this column on); the row was rejected",
        )


def detect_delimiter(path: Path, lines: list[str]) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    header = lines[0] if lines else ""
    try:
        found = csv.Sniffer().sniff("".join(lines[:50]), delimiters=",\t").delimiter
    except csv.Error:
        found = ""
    if not found or found not in header:  # the sniffer guessed from the data; the header settles it
        found = "\t" if header.count("\t") > header.count(",") else ","
    return found


# --- XLSX -----------------------------------------------------------------------------------------------------------


def read_xlsx(path: Path, options: ReadOptions) -> Table:
    import openpyxl  # only when an XLSX source is read
    from openpyxl.utils.exceptions import InvalidFileException

    table = Table(str(path))
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        table.problem(None, None, None, f"cannot be read as an XLSX workbook: {exc}")
        return table
    try:
        if options.sheet is not None and options.sheet not in book.sheetnames:
            sheets = ", ".join(book.sheetnames)
            table.problem(None, None, None, f"no sheet named {options.sheet!r}; the workbook has {sheets}")
            return table
        sheet = book[options.sheet] if options.sheet is not None else book.worksheets[0]
        _read_sheet(table, sheet.iter_rows(values_only=True))
    finally:
        book.close()
    return table


def _read_sheet(table: Table, rows: Iterator[tuple[Any, ...]]) -> None:
    header = _trim(next(rows, ()))
    if not header:
        table.problem(None, None, None, "empty file: the sheet has no header row")
        return
    table.columns = [str(c).strip() if c is not None else f"(column {i + 1})" for i, c in enumerate(header)]
    data_rows = 0
    for number, raw in enumerate(rows, start=1):
        cells = _trim(raw)
        if not cells:
            continue
        data_rows += 1
        if len(cells) > len(table.columns):
            _ragged(table, number, [str(c) for c in cells])
            continue
        values = {name: cells[i] for i, name in enumerate(table.columns) if i < len(cells) and cells[i] is not None}
        table.rows.append(Row(table.file, number, values))
    if data_rows == 0:
        table.notices.append(Problem(table.file, None, None, None, "header only: no data rows, nothing to load"))


def _trim(cells: tuple[Any, ...]) -> tuple[Any, ...]:
    end = len(cells)
    while end and (cells[end - 1] is None or (isinstance(cells[end - 1], str) and not cells[end - 1].strip())):
        end -= 1
    return cells[:end]


# --- JSON and JSON Lines --------------------------------------------------------------------------------------------


def read_json(path: Path, options: ReadOptions) -> Table:
    """An array of objects, or an object holding one (named by `records:` when it holds several)."""
    table = Table(str(path))
    data = path.read_bytes()
    if _blank(data):
        table.problem(None, None, None, "empty file: no JSON at all")
        return table
    decoded = _decode_lines(data.splitlines(keepends=True), options.encoding)
    if decoded.bad:
        line = min(decoded.bad)
        table.problem(None, None, None, f"line {line + 1} {decoded.bad[line]}; a JSON file is read whole: nothing read")
        return table
    try:
        document = json.loads("".join(decoded.lines))
    except json.JSONDecodeError as exc:
        table.problem(None, None, None, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")
        return table
    items = _json_records(table, document, options.records)
    if items is None:
        return table
    if not items:
        table.notices.append(Problem(table.file, None, None, None, "no records (an empty array): nothing to load"))
    for number, item in enumerate(items, start=1):
        _json_row(table, number, item)
    return table


def _json_records(table: Table, document: Any, key: str | None) -> list[Any] | None:
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        table.problem(None, None, None, f"expected an array of objects, or an object holding one; got {document!r}")
        return None
    if key is not None:
        if not isinstance(document.get(key), list):
            table.problem(None, key, None, "the mapping's `records:` key does not hold an array in this file")
            return None
        found: list[Any] = document[key]
        return found
    arrays = [k for k, v in document.items() if isinstance(v, list)]
    if len(arrays) != 1:
        what = f"several arrays ({', '.join(arrays)})" if arrays else "no array"
        table.problem(None, None, None, f"the top-level object holds {what}: name the records with `records:`")
        return None
    found = document[arrays[0]]
    return found


def _json_row(table: Table, number: int, item: Any) -> None:
    if not isinstance(item, dict):
        table.problem(number, None, str(item), "record is not a JSON object; it was rejected")
        return
    for key in item:
        if key not in table.columns:
            table.columns.append(str(key))
    table.rows.append(Row(table.file, number, {str(k): v for k, v in item.items() if v is not None}))


def read_jsonl(path: Path, options: ReadOptions) -> Table:
    """One JSON object per line; row n is line n. A bad line costs only its row."""
    table = Table(str(path))
    data = path.read_bytes()
    if _blank(data):
        table.problem(None, None, None, "empty file: no records")
        return table
    decoded = _decode_lines(data.splitlines(keepends=True), options.encoding)
    for index, line in enumerate(decoded.lines):
        number = index + 1
        if not line.strip():
            continue
        if index in decoded.bad:
            table.problem(number, None, None, decoded.bad[index])
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            table.problem(number, None, line.strip()[:80], f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        _json_row(table, number, item)
    return table


# --- the cell-size limit --------------------------------------------------------------------------------------------


def _enforce_cell_rules(table: Table, limit: int) -> None:
    """Rows with a cell over the size limit, or with a control character in a cell, are rejected."""
    kept: list[Row] = []
    for row in table.rows:
        problems = (_cell_problem(column, value, limit) for column, value in row.values.items())
        problem = next(filter(None, problems), None)
        if problem is None:
            kept.append(row)
            continue
        column, shown, message = problem
        table.problem(row.number, column, shown, message)
    table.rows = kept


def _cell_problem(column: str, value: object, limit: int) -> tuple[str, str, str] | None:
    text = str(value)
    size = len(text.encode("utf-8"))
    if size > limit:
        return (
            column,
            text[:80],
            f"cell is {size:,} bytes, over the limit of {limit:,} (max_cell_bytes in the mapping); "
            "the row was rejected",
        )
    control = control_character(text)
    if control is not None:
        return column, repr(text[:80]), f"cell {control}; the row was rejected"
    return None


# --- RDF: Turtle and JSON-LD ----------------------------------------------------------------------------------------


def read_rdf(path: Path, schema: GraphSchema, fmt: str | None = None) -> ReadResult:
    """Entities typed with ontology classes, their ontology properties and relationships."""
    fmt = fmt or format_of(path) or "turtle"
    name = str(path)
    if _blank(path.read_bytes()):
        return ReadResult(problems=[Problem(name, None, None, None, "empty file: no triples")])
    graph = rdflib.Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many kinds (BadSyntax, ValueError, JSONDecodeError...)
        return ReadResult(problems=[Problem(name, None, None, None, f"cannot be read as {fmt}: {exc}")])
    return _RdfReader(graph, schema, name).read()


def _local(iri: object) -> str | None:
    text = str(iri)
    return text[len(str(JX)) :] if isinstance(iri, URIRef) and text.startswith(str(JX)) else None


class _RdfReader:
    """One parsed graph to records; problems name the file, the subject and the property."""

    def __init__(self, graph: rdflib.Graph, schema: GraphSchema, name: str) -> None:
        self.graph, self.schema, self.name = graph, schema, name
        self.result = ReadResult()
        self.edges: dict[tuple[str, str, str], EdgeRecord] = {}
        self.stated: set[tuple[str, str, str]] = set()  # links that reified statements stand for
        self.reported: set[str] = set()
        self.relationships = {r.name: r.type for r in schema.relationships}
        self.properties = {p.name for p in schema.properties}
        # what the loader sets itself (an export with bookkeeping holds them): the key comes from the
        # subject's IRI, the rest is stamped again on writing; `sourceRow` is data here, kept as read
        self.loader_owned = schema.bookkeeping | {schema.key}

    def problem(self, field: str | None, value: str | None, message: str) -> None:
        self.result.problems.append(Problem(self.name, None, field, value, message))

    def read(self) -> ReadResult:
        typed = set(self.graph.subjects(RDF.type, None))
        statements = set(self.graph.subjects(RDF.type, RDF.Statement))
        for subject in sorted(typed - statements, key=str):
            self._entity(subject)
        for statement in sorted(statements, key=str):
            self._statement(statement)
        for subject in sorted({s for s, p in self.graph.subject_predicates() if _local(p)} - typed, key=str):
            self.problem(None, str(subject), "has ontology properties but no rdf:type; it was not loaded")
        self.result.edges.extend(e for k, e in self.edges.items() if k not in self.stated)
        if not self.result.nodes and not self.result.edges and not self.result.problems:
            self.problem(None, None, "no entity typed with an ontology class: nothing read")
        return self.result

    def _class(self, subject: Any) -> tuple[str | None, str]:
        names = sorted(n for n in (_local(t) for t in self.graph.objects(subject, RDF.type)) if n is not None)
        known = []
        for class_name in names:
            try:
                known.append(self.schema.node_type(class_name))
            except UnknownNameError as exc:
                return None, str(exc)
        concrete = [t for t in known if not t.abstract and {k.name for k in known} <= set(t.labels)]
        if not concrete:
            why = f"its types {', '.join(names)} name" if names else "it has"
            return None, f"{why} no concrete class of the ontology ({JX}<Class>)"
        return concrete[0].name, ""

    def _entity(self, subject: Any) -> None:
        class_name, why = self._class(subject)
        node_id = entity_id(subject) if isinstance(subject, URIRef) else None
        if class_name is None or not node_id:
            why = why or f"the subject is not an entity IRI ({JXD}<id>)"
            self.problem(None, str(subject), f"{why}; the entity was rejected")
            return
        literals: dict[str, list[Literal]] = defaultdict(list)
        for predicate, obj in sorted(self.graph.predicate_objects(subject), key=lambda po: (str(po[0]), str(po[1]))):
            local = _local(predicate)
            if predicate == RDF.type or (local in self.loader_owned):
                continue
            if local in self.relationships:
                self._edge(subject, node_id, self.relationships[local], local, obj)
            elif local in self.properties and isinstance(obj, Literal):
                literals[local].append(obj)
            elif local in self.properties:
                self.problem(local, str(obj), f"{subject}: a property's value must be a literal; not loaded")
            elif str(predicate) not in self.reported:
                self.reported.add(str(predicate))
                self.problem(str(predicate), None, "predicate is not a property of the ontology; not loaded")
        props = self._properties(subject, literals)
        if props is not None:
            self.result.nodes.append(NodeRecord(class_name, node_id, props, self.name))

    def _edge(self, subject: Any, start: str, rel_type: str, local: str, obj: Any) -> None:
        end = entity_id(obj) if isinstance(obj, URIRef) else None
        if not end:
            self.problem(local, str(obj), f"{subject}: a relationship's object must be an entity IRI; not loaded")
            return
        self.edges[(start, rel_type, end)] = EdgeRecord(rel_type, start, end, {}, self.name)

    def _properties(self, subject: Any, literals: dict[str, list[Literal]]) -> dict[str, Any] | None:
        props: dict[str, Any] = {}
        for prop, values in literals.items():
            spec = self.schema.property(prop)
            if len(values) > 1 and not spec.multi_valued:
                shown = " | ".join(str(v) for v in values)
                self.problem(prop, shown, f"{subject}: several values for a single-valued property; rejected")
                return None
            try:
                converted = [_literal_value(v, spec) for v in values]
            except ConversionError as exc:
                self.problem(prop, str(values[0]), f"{subject}: {exc}; rejected")
                return None
            props[prop] = converted if spec.multi_valued else converted[0]
        return props

    def _statement(self, statement: Any) -> None:
        """A reified relationship (as `jxkg export` writes them) carries the relationship's properties.

        Each statement is a relationship of its own: two claims about one link (the plan's and the
        review's, each with its quote) are two statements, and stay two relationships.
        """
        start, end = self.graph.value(statement, RDF.subject), self.graph.value(statement, RDF.object)
        rel_type = self.relationships.get(_local(self.graph.value(statement, RDF.predicate)) or "", "")
        key = (entity_id(start) or "", rel_type, entity_id(end) or "") if start and end else None
        plain = self.edges.get(key) if key else None
        if key is None or plain is None:
            self.problem(None, str(statement), "a reified statement about no relationship of this file; not loaded")
            return
        literals: dict[str, list[Literal]] = defaultdict(list)
        for predicate, obj in sorted(self.graph.predicate_objects(statement), key=lambda po: (str(po[0]), str(po[1]))):
            prop = _local(predicate)
            if prop is None or prop in self.loader_owned:
                continue
            if prop not in self.properties or not isinstance(obj, Literal):
                self.problem(prop, str(obj), f"{statement}: not a property of the ontology with a literal value")
                continue
            literals[prop].append(obj)
        props = self._properties(statement, literals)
        if props is not None:
            self.stated.add(key)
            self.result.edges.append(EdgeRecord(rel_type, key[0], key[2], props, self.name))


def _literal_value(literal: Literal, spec: PropertySpec) -> Any:
    """RDF literals are typed already: text is taken exactly as written (quotes are verbatim, full-width
    spaces and line breaks included), typed values as rdflib reads them."""
    if spec.datatype in {"string", "langString"}:
        return str(literal)
    value = literal.toPython()
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return convert_raw(str(literal), spec.datatype, allowed=spec.allowed_values, property_name=spec.name)
