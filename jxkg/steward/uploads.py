"""An uploaded file, made into a file the pipeline reads, safely (`POST /api/v1/validate` and `/ingest`).

    upload = store_upload(stream, "企业名录.csv", folder, limits, mapping=yaml_bytes)
    result = read_upload(upload, schema, limits)     # a SourcesResult, as `read_sources` gives
    upload.discard()                                 # nothing of it is kept

What a client sends is never trusted as a path or a kind:

- the file is copied into `folder` (a per-job folder the caller makes under `JXKG_DATA_DIR`) under a
  name the server makes (`upload.csv`); the client's file name is only a label (its last path part,
  without control characters): `../../etc/passwd.csv` is stored as `upload.csv`, shown as `passwd.csv`,
  and the records' `source` is the label;
- its kind comes from its content: an XLSX is a zip holding `xl/workbook.xml`; JSON, JSON-LD (`@context`,
  `@id`, `@type`) and JSON Lines are parsed; Turtle starts with `@prefix`/`PREFIX` (or an IRI); other
  text is CSV; an image, a PDF or another archive is refused whatever its name says. The name's
  extension only breaks a tie between text kinds the content cannot tell apart;
- limits, each refused with `UploadTooLargeError` (413) naming the limit and its setting: the file's
  bytes (`JXKG_MAX_UPLOAD_BYTES`, counted while it is copied), an XLSX's uncompressed size summed from
  its zip directory before openpyxl opens it (`JXKG_MAX_UNZIPPED_BYTES`: a zip bomb is never
  unpacked), and its rows (`JXKG_MAX_UPLOAD_ROWS`; for RDF its entities);
- a CSV in UTF-8 (with or without a BOM) or GBK/GB18030 is decoded and saved again as UTF-8 for the
  readers (one that mixes encodings is kept as it came: the reader rejects the odd rows by number);
- an empty file, a CSV or sheet without a header row (its first row names none of the columns the
  mapping reads), and a file nothing can be read from (not valid JSON, Turtle...) are refused with
  `UploadError` (422) naming the file.

A CSV, XLSX, JSON or JSON Lines file needs a mapping (YAML, as for `jxkg ingest`): the one sent with
it. The pipeline has no mapping of its own for known file shapes, so without one the upload is
refused, saying so. A mapping listing several sources (`sources:` with `files:` globs) gives the entry
whose globs match the label (or its only entry). The mapping the readers get is that entry alone,
with the quarantine's reason columns (`REASON_COLUMNS`) under `ignore:`, so a quarantine file sent
back after its rows were fixed loads as it is. Turtle and JSON-LD need no mapping.

Errors: `UploadError` (an `IngestError`) and `UploadTooLargeError` under it; the API answers 422 and 413.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import re
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import yaml

from jxkg.errors import IngestError, JxkgError, MappingError, UploadError, UploadTooLargeError
from jxkg.ingest.read.mapping import Entry, load_mapping
from jxkg.ingest.read.readers import FORMATS
from jxkg.ingest.read.sources import SourcesResult, read_sources
from jxkg.ingest.records import Problem
from jxkg.ontology.schema import GraphSchema

__all__ = [
    "KINDS",
    "REASON_COLUMNS",
    "TABULAR",
    "StoredUpload",
    "UploadError",
    "UploadLimits",
    "UploadTooLargeError",
    "mapped_columns",
    "read_upload",
    "removed_after",
    "rows_of",
    "safe_label",
    "store_upload",
    "upload_folder",
]

KINDS = ("csv", "xlsx", "json", "jsonl", "turtle", "json-ld")
TABULAR = frozenset({"csv", "xlsx", "json", "jsonl"})
NAMES = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON", "jsonl": "JSON Lines", "turtle": "Turtle", "json-ld": "JSON-LD"}
SUFFIXES = {"csv": ".csv", "xlsx": ".xlsx", "json": ".json", "jsonl": ".jsonl", "turtle": ".ttl", "json-ld": ".jsonld"}
# columns a quarantine file adds to the rows it sends back; the mapping of an upload ignores them
REASON_COLUMNS = ("jxkg:rule", "jxkg:field", "jxkg:messageZh", "jxkg:messageEn")

# the readers' formats by suffix, and two more an upload's name may carry (its content is sniffed)
_BY_EXTENSION = {**FORMATS, ".txt": "csv", ".turtle": "turtle"}
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file or an encrypted workbook (.xls, .doc): save it as .xlsx"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"RIFF", "a media file"),
    (b"\xff\xfe", "UTF-16 text (save it as UTF-8, or GBK)"),
    (b"\xfe\xff", "UTF-16 text (save it as UTF-8, or GBK)"),
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_BOM = codecs.BOM_UTF8
_TURTLE_START = re.compile(r"^\s*(@prefix|@base|prefix\s|base\s|<)", re.IGNORECASE)
_CHUNK = 1 << 16
_LABEL_LENGTH = 120

log = logging.getLogger("jxkg.steward.uploads")


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int
    max_rows: int
    max_unzipped_bytes: int

    @classmethod
    def of(cls, settings: Any) -> UploadLimits:
        """From `jxkg.settings.Settings`."""
        return cls(settings.max_upload_bytes, settings.max_upload_rows, settings.max_unzipped_bytes)


@dataclass(frozen=True)
class StoredUpload:
    """An upload on disk, ready for `read_upload`."""

    folder: Path
    path: Path  # server-made name in `folder`
    label: str  # the client's file name, for people and the records' `source`; never a path
    kind: str  # one of KINDS
    size: int
    mapping: Path | None  # the entry the readers use (tabular kinds), in `folder`
    entry: Entry | None  # that mapping, read (sheet, delimiter, records key, columns)
    encoding: str | None = None  # the stored file's text encoding, where the readers are told it

    @property
    def tabular(self) -> bool:
        return self.kind in TABULAR

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
    size = _copy_limited(source, raw, limits.max_bytes, label)
    if not raw.read_bytes().replace(_BOM, b"").strip():
        raise UploadError(f"{label}: empty file: nothing to read (no header, no rows)", file=label)
    kind = _kind(raw, label)
    if kind == "xlsx":
        _check_workbook(raw, label, limits.max_unzipped_bytes)
    path = folder / f"upload{SUFFIXES[kind]}"
    raw.rename(path)
    if kind not in TABULAR:
        return StoredUpload(folder, path, label, kind, size, None, None)
    if mapping is None or not mapping.strip():
        raise UploadError(
            f"{label}: a {NAMES[kind]} file needs a mapping (YAML, as for `jxkg ingest`; docs/ingest.md): send it "
            "as the `mapping` part of the upload. Only Turtle and JSON-LD load without one",
            file=label,
        )
    entry = _entry(mapping, mapping_name, folder, label, kind, schema)
    encoding = entry.mapping.encoding
    if kind == "csv" and _to_utf8(path, encoding):
        encoding = "utf-8"
    if kind in {"csv", "xlsx"}:
        _check_header(path, kind, label, entry, encoding)
    effective = folder / "mapping.yaml"
    effective.write_text(_effective_mapping(entry, encoding), encoding="utf-8")
    return StoredUpload(folder, path, label, kind, size, effective, entry, encoding)


def read_upload(
    upload: StoredUpload, schema: GraphSchema, limits: UploadLimits, *, curated: Path | None = None
) -> SourcesResult:
    """Read and map the stored upload as `jxkg ingest` reads a file (`read_sources`); the records and
    problems name the label, not the stored file. Refuses a file over the row limit, and one that
    yields nothing but a problem with the whole file."""
    try:
        result = read_sources([upload.path], upload.mapping, schema, curated=curated)
    except IngestError as exc:  # a MappingError too
        raise UploadError(_hide(str(exc), upload), file=upload.label) from exc
    except JxkgError:
        raise
    except Exception as exc:  # a reader met what it does not expect (a damaged workbook's XML...)
        log.warning("reading the upload %s failed", upload.label, exc_info=exc)
        detail = _hide(f"{type(exc).__name__}: {exc}", upload)
        what = NAMES[upload.kind]
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


# --- copying --------------------------------------------------------------------------------------------------------


def _copy_limited(source: IO[bytes], target: Path, limit: int, label: str) -> int:
    size = 0
    with target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise UploadTooLargeError(
                    f"{label}: the file is larger than the upload limit of {limit:,} bytes (JXKG_MAX_UPLOAD_BYTES)",
                    file=label,
                    limit=limit,
                    setting="JXKG_MAX_UPLOAD_BYTES",
                )
            out.write(chunk)
    return size


# --- the kind, from the content -------------------------------------------------------------------------------------


def _kind(path: Path, label: str) -> str:
    with path.open("rb") as handle:
        head = handle.read(_CHUNK)
    claimed = _BY_EXTENSION.get(Path(label).suffix.lower())
    if head.startswith(_ZIP):
        return "xlsx"  # _check_workbook says whether the zip is a workbook
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise UploadError(f"{label}: its content is {what}, not {_accepted()}", file=label)
    if b"\x00" in head:
        raise UploadError(
            f"{label}: its content is binary (or UTF-16 text), not {_accepted()}; save text as UTF-8", file=label
        )
    text = _decoded(path.read_bytes())
    if text is None:
        raise UploadError(
            f"{label}: its content is neither UTF-8 nor GBK/GB18030 text, nor an XLSX workbook", file=label
        )
    start = text.lstrip("\ufeff \t\r\n")
    if start.startswith(("{", "[")):
        return _json_kind(start, claimed, label)
    if claimed in {"json", "jsonl", "json-ld"}:
        return claimed  # the reader says why it is not JSON
    if _TURTLE_START.match(_without_comments(start)):
        return "turtle"
    return "turtle" if claimed == "turtle" else "csv"


def _accepted() -> str:
    return "CSV, XLSX, JSON, JSON Lines, Turtle or JSON-LD"


def _decoded(data: bytes) -> str | None:
    body = data.removeprefix(_BOM)
    for encoding in ("utf-8", "gb18030"):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    # a file that mixes encodings, line by line: text all the same (the readers reject its odd rows by number)
    lines = []
    for line in body.splitlines(keepends=True):
        for encoding in ("utf-8", "gb18030"):
            try:
                lines.append(line.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
        else:
            return None
    return "".join(lines)


def _without_comments(text: str) -> str:
    lines = text.splitlines()
    kept = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return "\n".join(kept[:5])


def _json_kind(text: str, claimed: str | None, label: str) -> str:
    try:
        document = json.loads(text)
    except RecursionError:
        raise UploadError(f"{label}: JSON nested too deeply to be read", file=label) from None
    except json.JSONDecodeError:
        first = next((line for line in text.splitlines() if line.strip()), "")
        try:
            json.loads(first)
        except json.JSONDecodeError:
            # not JSON after all: a CSV whose first cell starts with a bracket, or JSON the reader will say is bad
            return claimed if claimed in {"csv", "json", "jsonl", "json-ld"} else "json"
        return "jsonl"
    if _looks_like_json_ld(document) or (claimed == "json-ld" and isinstance(document, dict | list)):
        remote = _remote_contexts(document)
        if remote:
            raise UploadError(
                f"{label}: its @context names {remote[0]!r}; a context is not fetched from elsewhere (the server "
                "would fetch what an upload names): put the context in the file",
                file=label,
            )
        return "json-ld"
    return "json"


def _remote_contexts(document: Any) -> list[str]:
    """The contexts (and imports) a JSON-LD document names by IRI instead of holding them."""
    found: list[str] = []
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key in {"@context", "@import"}:
                    values = value if isinstance(value, list) else [value]
                    found += [v for v in values if isinstance(v, str)]
                stack.append(value)
    return found


def _looks_like_json_ld(document: Any) -> bool:
    items = document if isinstance(document, list) else [document]
    return any(isinstance(i, dict) and any(k in i for k in ("@context", "@graph", "@id", "@type")) for i in items[:20])


def _check_workbook(path: Path, label: str, limit: int) -> None:
    """A workbook's members, summed from the zip's directory: over `limit`, it is never opened. (The
    sizes cannot lie: Python's zipfile stops a member at its declared size and checks its CRC.)"""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadError(f"{label}: a damaged zip archive, not a readable XLSX workbook ({exc})", file=label) from exc
    if not any(m.filename == "xl/workbook.xml" for m in members):
        raise UploadError(f"{label}: a zip archive that is not an XLSX workbook (no xl/workbook.xml)", file=label)
    total = sum(m.file_size for m in members)
    if total > limit:
        raise UploadTooLargeError(
            f"{label}: the workbook unpacks to {total:,} bytes, over the limit of {limit:,} "
            "(JXKG_MAX_UNZIPPED_BYTES); it was not opened",
            file=label,
            limit=limit,
            setting="JXKG_MAX_UNZIPPED_BYTES",
        )


# --- encodings ------------------------------------------------------------------------------------------------------


def _to_utf8(path: Path, declared: str | None) -> bool:
    """Save a CSV again as UTF-8 (no BOM) when the whole file decodes in one encoding: the declared
    one, else UTF-8 (BOM or not), else GB18030 (a superset of GBK) unless some of its non-ASCII lines
    are UTF-8 (a mixed file, left to the reader). True when the file was saved again."""
    data = path.read_bytes()
    body = data.removeprefix(_BOM)
    candidates = [declared] if declared else ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding == "gb18030" and any(_utf8_non_ascii(line) for line in body.splitlines()):
            return False
        path.write_bytes(text.encode("utf-8"))
        return True
    return False


def _utf8_non_ascii(line: bytes) -> bool:
    if line.isascii():
        return False
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- the mapping ----------------------------------------------------------------------------------------------------


def _entry(
    mapping: bytes | str, mapping_name: str | None, folder: Path, label: str, kind: str, schema: GraphSchema
) -> Entry:
    given = folder / "given.mapping.yaml"
    given.write_bytes(mapping.encode("utf-8") if isinstance(mapping, str) else mapping)
    shown = safe_label(mapping_name) if mapping_name else "the mapping"
    try:
        mappings = load_mapping(given, schema)
    except MappingError as exc:
        raise UploadError(str(exc).replace(str(given), shown), file=label) from exc
    finally:
        given.unlink(missing_ok=True)
    entry = mappings.entry_for(Path(label))
    if entry is None and len(mappings.entries) == 1:
        entry = mappings.entries[0]
    if entry is None:
        raise UploadError(f"{label}: no entry of {shown} covers this file name (its `files:` globs)", file=label)
    declared = entry.mapping.format
    if declared is not None and declared != kind:
        raise UploadError(
            f"{label}: {shown} declares `format: {declared}`, but the file's content is {NAMES[kind]}", file=label
        )
    return entry


def _effective_mapping(entry: Entry, encoding: str | None) -> str:
    """The entry alone (it covers the stored file whatever its name), the reason columns ignored."""
    document = entry.mapping.model_dump(by_alias=True, exclude_none=True)
    document.pop("files", None)
    document.pop("format", None)  # the stored file's extension is its kind
    if encoding is not None:
        document["encoding"] = encoding
    document["ignore"] = list(dict.fromkeys([*document.get("ignore", []), *REASON_COLUMNS]))
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def mapped_columns(entry: Entry) -> list[str]:
    """The columns the mapping reads from a row (not those it ignores)."""
    mapping = entry.mapping
    rule = mapping.id_rule
    columns = [*mapping.properties, *mapping.relationships]
    if rule is not None:
        columns += [c for c in (rule.column, rule.name) if c]
        if rule.template:
            properties = {p.property_name for p in mapping.properties.values()}
            columns += [c for c in re.findall(r"\{([^{}]+)\}", rule.template) if c not in properties]
    return list(dict.fromkeys(columns))


def _check_header(path: Path, kind: str, label: str, entry: Entry, encoding: str | None) -> None:
    """A first row that names none of the mapped columns: the header is missing (or the mapping is not
    this file's)."""
    wanted = mapped_columns(entry)
    header = _csv_header(path, entry, encoding) if kind == "csv" else _sheet_header(path, entry)
    if header is None or not wanted:
        return  # the reader reports what it cannot read
    cells = [c for c in header if c]
    if cells and set(cells) & set(wanted):
        return
    shown = ", ".join(wanted[:6]) + (", …" if len(wanted) > 6 else "")
    first = ", ".join(cells[:6]) if cells else "nothing"
    raise UploadError(
        f"{label}: no header row: the first row ({first}) names none of the columns the mapping reads ({shown}); "
        "add the header row, or send the mapping written for this file",
        file=label,
    )


def _csv_header(path: Path, entry: Entry, encoding: str | None) -> list[str] | None:
    text = path.read_bytes().removeprefix(_BOM).decode(encoding or "utf-8", errors="replace")
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = entry.mapping.delimiter or ("\t" if first.count("\t") > first.count(",") else ",")
    row = next(csv.reader([first], delimiter=delimiter), [])
    return [cell.strip() for cell in row]


def _sheet_header(path: Path, entry: Entry) -> list[str] | None:
    import openpyxl  # only for an XLSX upload

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged workbook: the reader names it
        return None
    try:
        sheet_name = entry.mapping.sheet
        if sheet_name is not None and sheet_name not in book.sheetnames:
            return None
        sheet = book[sheet_name] if sheet_name is not None else book.worksheets[0]
        first = next(sheet.iter_rows(values_only=True), ())
        return [str(c).strip() if c is not None else "" for c in first]
    finally:
        book.close()


# --- labels ---------------------------------------------------------------------------------------------------------


def _relabel(result: SourcesResult, stored: str, label: str) -> None:
    """The stored file's path becomes the label everywhere a record or a problem names its file."""
    result.nodes[:] = [replace(n, source_file=label) if n.source_file == stored else n for n in result.nodes]
    result.edges[:] = [replace(e, source_file=label) if e.source_file == stored else e for e in result.edges]
    result.problems[:] = [_relabelled(p, stored, label) for p in result.problems]
    result.notices[:] = [_relabelled(p, stored, label) for p in result.notices]
    result.files[:] = [label if f == stored else f for f in result.files]


def _relabelled(problem: Problem, stored: str, label: str) -> Problem:
    if problem.file != stored and stored not in problem.message:
        return problem
    return replace(
        problem, file=label if problem.file == stored else problem.file, message=problem.message.replace(stored, label)
    )


def _hide(message: str, upload: StoredUpload) -> str:
    """A message without the server's paths."""
    return message.replace(str(upload.path), upload.label).replace(str(upload.folder), "(upload)")
