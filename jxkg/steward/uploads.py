"""An uploaded file, made into a file the pipeline reads, safely (`POST /api/v1/validate` and `/ingest`).

    upload = store_upload(stream, "企业名录.csv", folder, limits, mapping=yaml_bytes)
    result = read_upload(upload, schema, limits)     # a SourcesResult, as `read_sources` gives
    upload.discard()                                 # nothing of it is kept

What a client sends is never trusted as a path or a kind:

- the file is copied into `folder` (a per-job folder the caller makes under `JXKG_DATA_DIR`) under a
  name the server makes (`upload.csv`); the client's file name is only a label (its last path part,
  without control characters): `../../etc/passwd.csv` is stored as `upload.csv`, shown as `passwd.csv`,
  and the records' `source` is the label;
- its kind (its format, `jxkg.ingest.read.formats`) comes from its content (`jxkg.steward.upload_content`):
  an XLSX is a zip holding `xl/workbook.xml`; JSON, JSON-LD (`@context`, `@id`, `@type`) and JSON
  Lines are parsed; Turtle starts with `@prefix`/`PREFIX` (or an IRI); other text is CSV; an image,
  a PDF or another archive is refused whatever its name says. The name's extension only breaks a
  tie between text kinds the content cannot tell apart;
- limits (`jxkg.steward.upload_limits`), each refused with `UploadTooLargeError` (413) naming the
  limit and its setting: the file's bytes (`JXKG_MAX_UPLOAD_BYTES`, counted while it is copied), an
  XLSX's uncompressed size summed from its zip directory before openpyxl opens it
  (`JXKG_MAX_UNZIPPED_BYTES`: a zip bomb is never unpacked), and, counted while it is read, its rows
  (`JXKG_MAX_UPLOAD_ROWS`; for RDF its entities too), triples, values per entity and reading time;
- a CSV in UTF-8 (with or without a BOM) or GBK/GB18030 is decoded and saved again as UTF-8 for the
  readers (one that mixes encodings is kept as it came: the reader rejects the odd rows by number);
- an empty file, a CSV or sheet without a header row (its first row names none of the columns the
  mapping reads), and a file nothing can be read from (not valid JSON, Turtle...) are refused with
  `UploadError` (422) naming the file.

A CSV, XLSX, JSON or JSON Lines file needs a mapping (YAML, as for `jxkg ingest`): the one sent with
it. The pipeline has no mapping of its own for known file shapes, so without one the upload is
refused, saying so; which entry of it, and what the readers get of it: `jxkg.steward.upload_mapping`.
Turtle and JSON-LD need no mapping.

Errors: `UploadError` (an `IngestError`) and `UploadTooLargeError` under it; the API answers 422 and 413.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from jxkg.errors import IngestError, JxkgError, UploadError, UploadTooLargeError
from jxkg.ingest.read.budget import reading_within
from jxkg.ingest.read.formats import FORMATS, InputFormat, listed
from jxkg.ingest.read.link_names import NameResolver
from jxkg.ingest.read.mapping import Entry
from jxkg.ingest.read.sources import SourcesResult, read_sources
from jxkg.ingest.read.text import blank
from jxkg.ingest.records import Problem
from jxkg.ontology.schema import GraphSchema
from jxkg.steward.templates import TEMPLATES_PATH
from jxkg.steward.upload_content import format_of_upload, saved_as_utf8
from jxkg.steward.upload_limits import UploadLimits, copy_limited
from jxkg.steward.upload_mapping import check_header, effective_mapping, mapping_entry

__all__ = [
    "StoredUpload",
    "read_upload",
    "removed_after",
    "rows_of",
    "safe_label",
    "store_upload",
    "upload_folder",
]

_LABEL_LENGTH = 120

log = logging.getLogger("jxkg.steward.uploads")


@dataclass(frozen=True)
class StoredUpload:
    """An upload on disk, ready for `read_upload`."""

    folder: Path
    path: Path  # server-made name in `folder`
    label: str  # the client's file name, for people and the records' `source`; never a path
    format: InputFormat  # what its content is
    size: int
    mapping: Path | None  # the entry the readers use (tabular kinds), in `folder`
    entry: Entry | None  # that mapping, read (sheet, delimiter, records key, columns)
    encoding: str | None = None  # the stored file's text encoding, where the readers are told it

    @property
    def kind(self) -> str:
        """The format's name: csv, xlsx, json, jsonl, turtle, json-ld."""
        return self.format.name

    @property
    def tabular(self) -> bool:
        return self.format.tabular

    def discard(self) -> None:
        """Delete the stored file and its folder: nothing of an upload is kept."""
        shutil.rmtree(self.folder, ignore_errors=True)


def upload_folder(data_dir: Path, name: str) -> Path:
    """`JXKG_DATA_DIR/uploads/<name>`, created; `name` is made by the server (a job or request id)."""
    if not re.fullmatch(r"[A-Za-z0-9-]+", name):
        raise ValueError(f"not a server-made folder name: {name!r}")
    folder = data_dir / "uploads" / name
    folder.mkdir(parents=True, exist_ok=False)
    return folder


@contextmanager
def removed_after(folder: Path) -> Iterator[Path]:
    """`folder`, deleted with what it holds when the block ends (a validation keeps nothing)."""
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def safe_label(claimed: str | None) -> str:
    """The client's file name as a label: its last path part, printable, at most 120 characters."""
    name = (claimed or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join("".join(ch if ch.isprintable() else " " for ch in name).split())
    name = name.strip(". ")
    return name[:_LABEL_LENGTH] or "upload"


def store_upload(
    source: IO[bytes],
    claimed_name: str | None,
    folder: Path,
    limits: UploadLimits,
    *,
    schema: GraphSchema,
    mapping: bytes | str | None = None,
    mapping_name: str | None = None,
) -> StoredUpload:
    """Copy the upload into `folder`, check it and find its kind and mapping (see the module's doc)."""
    label = safe_label(claimed_name)
    raw = folder / "upload.part"
    size = copy_limited(source, raw, limits.max_bytes, label)
    if blank(raw.read_bytes()):
        raise UploadError(f"{label}: empty file: nothing to read (no header, no rows)", file=label)
    fmt = format_of_upload(raw, label, limits.max_unzipped_bytes)
    path = folder / f"upload{fmt.stored_suffix}"
    raw.rename(path)
    if not fmt.tabular:
        return StoredUpload(folder, path, label, fmt, size, None, None)
    if mapping is None or not mapping.strip():
        raise _no_mapping(label, fmt.label_en)
    shown = safe_label(mapping_name) if mapping_name else "the mapping"
    entry = mapping_entry(mapping, folder, label, fmt, schema, shown)
    encoding = entry.mapping.encoding
    if fmt.saved_as_utf8 and saved_as_utf8(path, encoding):
        encoding = "utf-8"
    check_header(path, fmt, label, entry, encoding)
    effective = folder / "mapping.yaml"
    effective.write_text(effective_mapping(entry, encoding), encoding="utf-8")
    return StoredUpload(folder, path, label, fmt, size, effective, entry, encoding)


def read_upload(
    upload: StoredUpload,
    schema: GraphSchema,
    limits: UploadLimits,
    *,
    curated: Path | None = None,
    names: NameResolver | None = None,
) -> SourcesResult:
    """Read and map the stored upload as `jxkg ingest` reads a file (`read_sources`); the records and
    problems name the label, not the stored file. `names` resolves the link ends no exact name finds
    (`jxkg.queries.resolve.RunNames` over the graph the upload goes into). Refuses a file over the row
    limit, and one that yields nothing but a problem with the whole file."""
    try:
        # counted as it reads: a file past a limit is refused within a row or a triple of passing it
        with reading_within(limits.budget(upload.label)):
            result = read_sources([upload.path], upload.mapping, schema, curated=curated, names=names)
    except UploadError:
        raise  # a limit passed while reading (UploadTooLargeError): refused as it is
    except IngestError as exc:  # a MappingError too
        raise UploadError(_hide(str(exc), upload), file=upload.label) from exc
    except JxkgError:
        raise
    except Exception as exc:  # a reader met what it does not expect (a damaged workbook's XML...)
        log.warning("reading the upload %s failed", upload.label, exc_info=exc)
        detail = _hide(f"{type(exc).__name__}: {exc}", upload)
        what = upload.format.label_en
        raise UploadError(f"{upload.label}: cannot be read as {what}: {detail}", file=upload.label) from exc
    _relabel(result, str(upload.path), upload.label)
    rows = rows_of(result, upload)
    if rows > limits.max_rows:
        what = "entities" if not upload.tabular else "rows"
        raise UploadTooLargeError(
            f"{upload.label}: {rows:,} {what}, over the limit of {limits.max_rows:,} per upload "
            "(JXKG_MAX_UPLOAD_ROWS); split the file",
            file=upload.label,
            limit=limits.max_rows,
            setting="JXKG_MAX_UPLOAD_ROWS",
        )
    whole_file = [p for p in result.problems if p.row is None and p.file == upload.label]
    if not result.nodes and not result.edges and whole_file and rows == 0:
        raise UploadError(f"{upload.label}: {whole_file[0].message}", file=upload.label)
    return result


def rows_of(result: SourcesResult, upload: StoredUpload) -> int:
    """The rows an upload held: records made and rows rejected (tables); entities (RDF)."""
    if upload.tabular:
        return len(result.nodes) + sum(result.rejected_nodes.values())
    return len(result.nodes)


def _no_mapping(label: str, format_label: str) -> UploadError:
    """The error for a table sent without its mapping, in both languages, pointing at the templates
    (plain words: a steward reads it on the page, not in a terminal)."""
    rdf = [f.label_en for f in FORMATS.rdf()]
    without, without_zh = listed(rdf, "and"), "与".join(rdf)
    return UploadError(
        f"{label}: a {format_label} file needs a mapping file (YAML) that says which column is which property. "
        f"Start from the mapping template of its class (CSV header and mapping, {TEMPLATES_PATH}), and send the "
        f"mapping with the file. Only {without} load without one.",
        message_zh=f"{label}：{format_label} 文件需要一个映射文件（YAML），说明每一列对应哪个属性。"
        f"可从该类的映射模板（CSV 表头与映射文件，{TEMPLATES_PATH}）开始，并与数据文件一起上传。"
        f"只有 {without_zh} 无需映射文件。",
        file=label,
        see=TEMPLATES_PATH,
    )


# --- labels ---------------------------------------------------------------------------------------------------------


def _relabel(result: SourcesResult, stored: str, label: str) -> None:
    """The stored file's path becomes the label everywhere a record or a problem names its file."""
    result.nodes[:] = [replace(n, source_file=label) if n.source_file == stored else n for n in result.nodes]
    result.edges[:] = [replace(e, source_file=label) if e.source_file == stored else e for e in result.edges]
    result.problems[:] = [_relabelled(p, stored, label) for p in result.problems]
    result.notices[:] = [_relabelled(p, stored, label) for p in result.notices]
    result.files[:] = [label if f == stored else f for f in result.files]
    result.linked_by_name[:] = [replace(k, file=label) if k.file == stored else k for k in result.linked_by_name]


def _relabelled(problem: Problem, stored: str, label: str) -> Problem:
    if problem.file != stored and stored not in problem.message:
        return problem
    return replace(
        problem, file=label if problem.file == stored else problem.file, message=problem.message.replace(stored, label)
    )


def _hide(message: str, upload: StoredUpload) -> str:
    """A message without the server's paths."""
    return message.replace(str(upload.path), upload.label).replace(str(upload.folder), "(upload)")
