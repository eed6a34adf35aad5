"""One input format as one record (`InputFormat`): how it is named, recognised, read and written back.

Every part of the project that knows something of a format reads it here, through the registry
(`jxkg.ingest.read.formats.FORMATS`): the readers (by suffix, its reader), the stewards' uploads (by
content, its header, its checks, the file it is stored as), the mapping (which `format:` it may
declare), the quarantine file (its rows written back, its media type) and the reports (its label).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, Protocol

from jxkg.errors import UploadError
from jxkg.ingest.read.table import ReadOptions, Table
from jxkg.ingest.read.text import tolerant_text
from jxkg.ingest.records import ReadResult
from jxkg.ontology.schema import GraphSchema

__all__ = [
    "Content",
    "HeaderReader",
    "InputFormat",
    "Inspector",
    "JsonShape",
    "RdfReader",
    "RowWriter",
    "RowsBack",
    "TableReader",
]

HEAD_BYTES = 1 << 16

TableReader = Callable[[Path, ReadOptions], Table]
RdfReader = Callable[[Path, GraphSchema], ReadResult]
HeaderReader = Callable[[Path, ReadOptions], list[str] | None]  # None: the reader will say what is wrong


@dataclass(frozen=True)
class JsonShape:
    """What a text that may be JSON is: one document, JSON Lines, JSON that does not parse, or not JSON."""

    kind: Literal["document", "lines", "broken", "none"]
    document: Any = None


class Content:
    """An uploaded file's content, looked at once for every format's sniffer. `label` is the name it
    came with (to name it in an `UploadError`); `claimed` the format its suffix suggests, which only
    breaks a tie the content leaves."""

    def __init__(self, path: Path, label: str, claimed: str | None) -> None:
        self.path = path
        self.label = label
        self.claimed = claimed

    @cached_property
    def head(self) -> bytes:
        with self.path.open("rb") as handle:
            return handle.read(HEAD_BYTES)

    @cached_property
    def text(self) -> str | None:
        """The whole file as text, None when it is neither UTF-8 nor GBK/GB18030."""
        return tolerant_text(self.path.read_bytes())

    @cached_property
    def start(self) -> str:
        return (self.text or "").lstrip("\ufeff \t\r\n")

    @cached_property
    def json(self) -> JsonShape:
        if not self.start.startswith(("{", "[")):
            return JsonShape("none")
        try:
            return JsonShape("document", json.loads(self.start))
        except RecursionError:
            raise UploadError(f"{self.label}: JSON nested too deeply to be read", file=self.label) from None
        except json.JSONDecodeError:
            first = next((line for line in self.start.splitlines() if line.strip()), "")
            try:
                json.loads(first)
            except json.JSONDecodeError:
                return JsonShape("broken")
            return JsonShape("lines")

    def first_lines(self, count: int) -> str:
        """The first `count` lines that are neither blank nor `#` comments."""
        kept = [line for line in self.start.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        return "\n".join(kept[:count])

    def opens_with(self, pattern: re.Pattern[str]) -> bool:
        return pattern.match(self.first_lines(5)) is not None


@dataclass(frozen=True)
class RowsBack:
    """Some rows of a stored file, to write again as they came with cells added (a quarantine file)."""

    source: Path
    options: ReadOptions  # as the file was read: its encoding, delimiter, sheet, records key
    columns: Sequence[str]  # the added columns
    cells: Mapping[int, Sequence[str]]  # row number (1 = the first data row) -> its added cells

    def added(self, number: int) -> dict[str, str]:
        return dict(zip(self.columns, self.cells[number], strict=True))


RowWriter = Callable[[RowsBack, Path], None]


class Inspector(Protocol):
    """Checks an uploaded file of a format before any reader opens it; raises `UploadError`."""

    def __call__(self, content: Content, *, max_unpacked_bytes: int) -> None: ...


@dataclass(frozen=True)
class InputFormat:
    """Everything the project knows of one input format."""

    name: str  # the kind an upload is reported as, and a mapping's `format:`
    suffixes: tuple[str, ...]  # the file names the readers take as this format; an upload is stored under the first
    label_en: str  # for people: reports, messages, the pages
    label_zh: str
    media_type: str  # what a file of it is served as (the quarantine file)
    sniff: Callable[[Content], bool]  # whether the content is of this format
    # sniffers are asked in this order, lowest first: a narrower format before a wider one (JSON-LD
    # before JSON, every format before CSV, which takes any text that is left)
    sniff_rank: int
    # where it stands when formats are listed to people ("CSV, XLSX, JSON, ... or JSON-LD"), lowest first
    listing_rank: int
    read_table: TableReader | None = None  # rows of raw values, for a mapping
    read_rdf: RdfReader | None = None  # records, with no mapping
    read_header: HeaderReader | None = None  # the first row, for the check that an upload has a header
    write_rows: RowWriter | None = None  # rows written back as they came; without it a quarantine lists findings
    inspect: Inspector | None = None  # what an upload of it must pass before it is read (a zip bomb...)
    binary: bool = False  # sniffed on its first bytes, before an upload is refused for not being text
    name_hints: tuple[str, ...] = ()  # more suffixes an upload's name may carry (it only breaks ties)
    saved_as_utf8: bool = False  # an upload of it is decoded and saved again as UTF-8 before it is read

    def __post_init__(self) -> None:
        if (self.read_table is None) == (self.read_rdf is None):
            raise ValueError(f"format {self.name!r}: give a table reader or an RDF reader, one of them")
        if not self.suffixes or any(not s.startswith(".") or s != s.lower() for s in self.suffixes):
            raise ValueError(f"format {self.name!r}: suffixes are lower case and start with a dot")

    @property
    def tabular(self) -> bool:
        """Read as rows, so it needs a mapping."""
        return self.read_table is not None

    @property
    def stored_suffix(self) -> str:
        return self.suffixes[0]
