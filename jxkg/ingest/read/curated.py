"""The curated data folder: one CSV per class (nodes/) and per relationship type (edges/).

Column names are ontology property names (docs/conventions.md), so no mapping file is needed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jxkg.errors import IngestError, UnknownNameError
from jxkg.ingest.read.convert import ConversionError, convert_cell
from jxkg.ingest.records import EdgeRecord, NodeRecord, Problem, ReadResult, control_character
from jxkg.ontology.schema import GraphSchema

_EDGE_ENDPOINTS = ("start", "end")


def default_curated_dir() -> Path:
    """`data/curated` of the current folder (the checkout `make demo` runs in)."""
    return Path.cwd() / "data" / "curated"


def read_curated(folder: Path, schema: GraphSchema) -> ReadResult:
    result = ReadResult()
    for part in iter_curated(folder, schema):
        result.nodes += part.nodes
        result.edges += part.edges
        result.problems += part.problems
    return result


CHUNK_ROWS = 50_000  # rows of a file read into one part by `iter_curated`


def iter_curated(folder: Path, schema: GraphSchema) -> Iterator[ReadResult]:
    """`read_curated` in parts of up to CHUNK_ROWS rows, in the same order: for `jxkg ingest`, which
    stages each part (`staging.Staging`) instead of holding the folder's records."""
    if not (folder / "nodes").is_dir():
        raise IngestError(f"{folder} holds no nodes/ folder of curated data")
    for path in sorted((folder / "nodes").glob("*.csv")):
        yield from _read_nodes(path, schema)
    for path in sorted((folder / "edges").glob("*.csv")):
        yield from _read_edges(path, schema)


MAX_CELL = 64 * 1024  # a larger cell is a mistake (a whole document pasted in), not a value


@contextmanager
def _rows(path: Path) -> Iterator[tuple[list[str], Iterator[tuple[int, dict[str, str]]]]]:
    """The file's header, and its rows as they are read (numbered from 1)."""
    # the csv module stops at 128 KiB cells with an exception that loses the whole file: let it read
    # up to 16 MiB, so an oversized cell is rejected row by row (MAX_CELL) and the rest still loads
    csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        yield header, enumerate(reader, start=1)


def _parts(result: ReadResult) -> bool:
    """Whether `result` holds a part's worth of rows."""
    return len(result.nodes) + len(result.edges) + len(result.problems) >= CHUNK_ROWS


def _properties(
    path: Path, number: int, row: dict[str, str], columns: list[str], schema: GraphSchema, result: ReadResult
) -> dict[str, object] | None:
    props: dict[str, object] = {}
    for column in columns:
        text = row.get(column)
        if text is None or not text.strip():
            continue
        spec = schema.property(column)
        try:
            props[column] = convert_cell(text, spec.datatype, multi_valued=spec.multi_valued)
        except ConversionError as exc:
            result.problems.append(Problem(str(path), number, column, text, str(exc)))
            return None
    return props


def _known_columns(
    path: Path, header: list[str], skip: tuple[str, ...], schema: GraphSchema, result: ReadResult
) -> list[str]:
    known: list[str] = []
    for column in header:
        if column in skip:
            continue
        try:
            schema.property(column)
        except UnknownNameError:
            result.problems.append(
                Problem(str(path), None, column, None, "column is not a property of the ontology; it was not loaded")
            )
            continue
        known.append(column)
    return known


def _oversized(path: Path, number: int, row: dict[str, str], result: ReadResult) -> bool:
    """A cell over the size limit or holding a control character: the row is not loaded."""
    # the whole row at once first: one search instead of one per cell, for the rows that are fine
    whole = "".join(text for text in row.values() if text is not None)
    if len(whole) <= MAX_CELL and control_character(whole) is None:
        return False
    for column, text in row.items():
        if text is None:
            continue
        if len(text) > MAX_CELL:
            message = f"cell of {len(text):,} characters is over the limit of {MAX_CELL:,}; the row was not loaded"
            result.problems.append(Problem(str(path), number, column, text[:40] + "…", message))
            return True
        control = control_character(text)
        if control is not None:
            message = f"cell {control}; the row was not loaded"
            result.problems.append(Problem(str(path), number, column, repr(text[:40]), message))
            return True
    return False


def _read_nodes(path: Path, schema: GraphSchema) -> Iterator[ReadResult]:
    result = ReadResult()
    try:
        schema.node_type(path.stem)
    except UnknownNameError:
        result.problems.append(Problem(str(path), None, None, path.stem, "file name is not a class of the ontology"))
        yield result
        return
    with _rows(path) as (header, rows):
        columns = _known_columns(path, header, (), schema, result)
        for number, row in rows:
            if _parts(result):
                yield result
                result = ReadResult()
            _read_node(path, number, row, columns, schema, result)
    yield result


def _unreadable(path: Path, number: int, row: dict[str, str], result: ReadResult) -> bool:
    """A row with more cells than the header, or an oversized cell: its problem noted, nothing read."""
    if None in row:
        result.problems.append(Problem(str(path), number, None, None, "row has more cells than the header"))
        return True
    return _oversized(path, number, row, result)


def _read_node(
    path: Path, number: int, row: dict[str, str], columns: list[str], schema: GraphSchema, result: ReadResult
) -> None:
    if _unreadable(path, number, row, result):
        return
    node_id = (row.get("id") or "").strip()
    if not node_id:
        result.problems.append(Problem(str(path), number, "id", None, "missing id"))
        return
    props = _properties(path, number, row, columns, schema, result)
    if props is not None:
        result.nodes.append(NodeRecord(path.stem, node_id, props, str(path), number))


def _read_edges(path: Path, schema: GraphSchema) -> Iterator[ReadResult]:
    result = ReadResult()
    try:
        rel_type = schema.relationship(path.stem).type
    except UnknownNameError:
        result.problems.append(
            Problem(str(path), None, None, path.stem, "file name is not a relationship type of the ontology")
        )
        yield result
        return
    with _rows(path) as (header, rows):
        columns = _known_columns(path, header, _EDGE_ENDPOINTS, schema, result)
        for number, row in rows:
            if _parts(result):
                yield result
                result = ReadResult()
            _read_edge(path, rel_type, number, row, columns, schema, result)
    yield result


def _read_edge(
    path: Path,
    rel_type: str,
    number: int,
    row: dict[str, str],
    columns: list[str],
    schema: GraphSchema,
    result: ReadResult,
) -> None:
    if _unreadable(path, number, row, result):
        return
    ends = [(row.get(name) or "").strip() for name in _EDGE_ENDPOINTS]
    if not all(ends):
        missing = next(name for name, value in zip(_EDGE_ENDPOINTS, ends, strict=True) if not value)
        result.problems.append(Problem(str(path), number, missing, None, f"missing {missing} id"))
        return
    props = _properties(path, number, row, columns, schema, result)
    if props is not None:
        result.edges.append(EdgeRecord(rel_type, ends[0], ends[1], props, str(path), number))
