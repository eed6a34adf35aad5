"""An upload's mapping: the entry of the mapping sent with it that covers it, what the readers get of
it, and the check that the file has the header row that mapping reads.

A mapping listing several sources (`sources:` with `files:` globs) gives the entry whose globs match
the label (or its only entry). The mapping the readers get is that entry alone, with the
quarantine's reason columns (`REASON_COLUMNS`) under `ignore:`, so a quarantine file sent back
after its rows were fixed loads as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import yaml

from jxkg.errors import MappingError, UploadError
from jxkg.ingest.read.formats import InputFormat
from jxkg.ingest.read.mapping import Entry, load_mapping
from jxkg.ontology.schema import GraphSchema

__all__ = ["REASON_COLUMNS", "check_header", "effective_mapping", "mapped_columns", "mapping_entry"]

# columns a quarantine file adds to the rows it sends back; the mapping of an upload ignores them
REASON_COLUMNS = ("jxkg:rule", "jxkg:field", "jxkg:messageZh", "jxkg:messageEn")


def mapping_entry(
    mapping: bytes | str,
    folder: Path,
    label: str,
    fmt: InputFormat,
    schema: GraphSchema,
    shown: str,
) -> Entry:
    """The entry of `mapping` that covers the upload; `shown` names the mapping (the client's file name) in messages."""
    given = folder / "given.mapping.yaml"
    given.write_bytes(mapping.encode("utf-8") if isinstance(mapping, str) else mapping)
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
    if declared is not None and declared != fmt.name:
        raise UploadError(
            f"{label}: {shown} declares `format: {declared}`, but the file's content is {fmt.label_en}", file=label
        )
    return entry


def effective_mapping(entry: Entry, encoding: str | None) -> str:
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


def check_header(path: Path, fmt: InputFormat, label: str, entry: Entry, encoding: str | None) -> None:
    """A first row that names none of the mapped columns: the header is missing (or the mapping is not
    this file's). Formats without a header reader are not checked."""
    if fmt.read_header is None:
        return
    wanted = mapped_columns(entry)
    header = fmt.read_header(path, replace(entry.mapping.read_options(), encoding=encoding))
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
