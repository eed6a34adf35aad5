"""The backup format, engine-neutral: what `jxkg backup` writes and `jxkg restore` reads.

A backup is a folder of three files:

    manifest.json              format and version, the engine and jxkg version it came from, the counts
                               of nodes per label and relationships per type, each data file's SHA-256
    nodes.jsonl.gz             one node a line, `{"labels", "properties"}`, sorted by its `id`
    relationships.jsonl.gz     one relationship a line, `{"type", "start", "end", "properties"}`
                               (ends by their `id`), sorted by start, then by the relationship's id

Why a neutral dump through the store rather than the engines' own files: FalkorDB's RDB and Neo4j's
`neo4j-admin database dump` each restore only into their own engine (and the Neo4j dump needs the
server stopped, which the driver cannot do), while this one restores into either engine, through
the same `GraphStore` door as everything else. The lines are sorted and gzip's header carries no
time, so the same graph gives the same bytes: two backups can be compared by their hashes.
Values are JSON, except dates and datetimes, which JSON lacks: they are written as
`{"$date": "2024-05-01"}` and `{"$datetime": "2024-05-01T08:00:00"}` so they come back as dates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jxkg.errors import BackupCorruptError, BackupFormatError

FORMAT = "jxkg-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
NODES = "nodes.jsonl.gz"
RELATIONSHIPS = "relationships.jsonl.gz"
DATA_FILES = (NODES, RELATIONSHIPS)

_DATE, _DATETIME = "$date", "$datetime"


@dataclass
class Manifest:
    """What a backup holds and how to check it."""

    engine: str
    jxkg_version: str
    created: str
    labels: dict[str, int] = field(default_factory=dict)
    relationship_types: dict[str, int] = field(default_factory=dict)
    nodes: int = 0
    relationships: int = 0
    sha256: dict[str, str] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "formatVersion": self.format_version,
                "engine": self.engine,
                "jxkgVersion": self.jxkg_version,
                "created": self.created,
                "nodes": self.nodes,
                "relationships": self.relationships,
                "labels": dict(sorted(self.labels.items())),
                "relationshipTypes": dict(sorted(self.relationship_types.items())),
                "sha256": dict(sorted(self.sha256.items())),
            },
            ensure_ascii=False,
            indent=1,
        )


def read_manifest(folder: Path) -> Manifest:
    """The manifest of the backup in `folder`; refused when it is missing, unreadable or of a format
    or version this jxkg does not know (a newer jxkg's backup may hold what this one would drop)."""
    path = folder / MANIFEST
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupFormatError(f"{folder}: not a jxkg backup (no {MANIFEST})") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupCorruptError(f"{path}: the manifest cannot be read: {exc}") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BackupFormatError(f"{path}: not a jxkg backup manifest (format is not {FORMAT!r})")
    if raw.get("formatVersion") != FORMAT_VERSION:
        raise BackupFormatError(
            f"{path}: backup format version {raw.get('formatVersion')!r}; this jxkg reads version {FORMAT_VERSION}"
        )
    try:
        return Manifest(
            engine=str(raw["engine"]),
            jxkg_version=str(raw["jxkgVersion"]),
            created=str(raw["created"]),
            labels={str(k): int(v) for k, v in raw["labels"].items()},
            relationship_types={str(k): int(v) for k, v in raw["relationshipTypes"].items()},
            nodes=int(raw["nodes"]),
            relationships=int(raw["relationships"]),
            sha256={str(k): str(v) for k, v in raw["sha256"].items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BackupCorruptError(f"{path}: the manifest lacks or garbles {exc}") from exc


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def encode_line(record: Mapping[str, Any]) -> str:
    """One record as a line: keys sorted, Chinese kept as it is, dates tagged."""
    return json.dumps(_encode(record), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def decode_line(line: str) -> Any:
    return json.loads(line, object_hook=_decode_tagged)


def _encode(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dt.datetime):  # before date: a datetime is a date too
        return {_DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"a value a backup cannot hold: {value!r} ({type(value).__name__})")


def _decode_tagged(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if _DATE in obj:
            return dt.date.fromisoformat(obj[_DATE])
        if _DATETIME in obj:
            return dt.datetime.fromisoformat(obj[_DATETIME])
    return obj
