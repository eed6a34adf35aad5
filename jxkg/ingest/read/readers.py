"""Reading a file by its format: tables of raw values (CSV, XLSX, JSON, JSON Lines), or RDF (Turtle,
JSON-LD) straight to records. Each format's reader is in its own module (`jxkg.ingest.read.formats`);
this is the one door the pipeline reads through.

A tabular reader returns a `Table` (`jxkg.ingest.read.table`). A bad row is left out and named;
the good rows are still returned:

    empty file                 the file (nothing at all, or no header)
    header only                a notice: nothing to load (`Table.notices`, not a problem)
    wrong delimiter            the file: one column whose header holds ; or |   (CSV)
    ragged row                 the row: more or fewer cells than the header
    mixed encodings            the row whose bytes are not in the file's encoding (and its field)
    cell over the size limit   the row and field (`max_cell_bytes`, 64 KiB unless the mapping says)

RDF sources need no mapping (`jxkg.ingest.read.rdf`).
"""

from __future__ import annotations

from pathlib import Path

from jxkg.ingest.read.formats import FORMATS
from jxkg.ingest.read.table import ReadOptions, Table, enforce_cell_rules
from jxkg.ingest.records import ReadResult
from jxkg.ontology.schema import GraphSchema

__all__ = ["format_of", "read_rdf", "read_table"]


def format_of(path: Path) -> str | None:
    """The format the readers take the file as, by its suffix; None when none takes it."""
    fmt = FORMATS.by_suffix(path.suffix)
    return fmt.name if fmt is not None else None


def read_table(path: Path, fmt: str, options: ReadOptions | None = None) -> Table:
    """Rows of a CSV, XLSX, JSON or JSON Lines file, with the cell-size limit applied."""
    options = options or ReadOptions()
    found = FORMATS.find(fmt)
    if found is None or found.read_table is None:
        raise ValueError(f"{fmt!r} is not a tabular format ({', '.join(f.name for f in FORMATS.tabular())})")
    table = found.read_table(path, options)
    enforce_cell_rules(table, options.max_cell_bytes)
    return table


def read_rdf(path: Path, schema: GraphSchema, fmt: str | None = None) -> ReadResult:
    """Entities typed with ontology classes, their ontology properties and relationships; the format
    by the file's suffix unless given, Turtle when the suffix says nothing."""
    name = fmt or format_of(path) or "turtle"
    found = FORMATS.find(name)
    if found is None or found.read_rdf is None:
        raise ValueError(f"{name!r} is not an RDF format ({', '.join(f.name for f in FORMATS.rdf())})")
    return found.read_rdf(path, schema)
