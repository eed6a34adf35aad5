"""What an upload may not be: its limits, and its bytes counted as it is copied.

The limits, each refused naming the limit and its setting: the file's bytes (`JXKG_MAX_UPLOAD_BYTES`,
counted while it is copied), an archive's unpacked size summed from its directory before it is
opened (`JXKG_MAX_UNZIPPED_BYTES`), and the work of reading it, counted as it is read
(`jxkg.ingest.read.budget`): its rows (`JXKG_MAX_UPLOAD_ROWS`; for RDF its entities too), its
triples (`JXKG_MAX_UPLOAD_TRIPLES`), one entity's values of one property and in all
(`JXKG_MAX_UPLOAD_PROPERTY_VALUES`, `JXKG_MAX_UPLOAD_ENTITY_VALUES`) and the reading's time
(`JXKG_MAX_UPLOAD_PARSE_SECONDS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from jxkg.errors import UploadTooLargeError
from jxkg.ingest.read.budget import ReadBudget, ReadLimits

__all__ = ["UploadLimits", "copy_limited"]

_CHUNK = 1 << 16


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int
    max_rows: int
    max_unzipped_bytes: int
    max_triples: int = 1_000_000
    max_property_values: int = 10_000
    max_entity_values: int = 50_000
    max_parse_seconds: float = 30.0

    @classmethod
    def of(cls, settings: Any) -> UploadLimits:
        """From `jxkg.settings.Settings`."""
        return cls(
            settings.max_upload_bytes,
            settings.max_upload_rows,
            settings.max_unzipped_bytes,
            settings.max_upload_triples,
            settings.max_upload_property_values,
            settings.max_upload_entity_values,
            settings.max_upload_parse_seconds,
        )

    def budget(self, label: str) -> ReadBudget:
        """A budget for reading one upload, its clock started now."""
        return ReadBudget(
            ReadLimits(
                label=label,
                rows=self.max_rows,
                triples=self.max_triples,
                property_values=self.max_property_values,
                entity_values=self.max_entity_values,
                seconds=self.max_parse_seconds,
            )
        )


def copy_limited(source: IO[bytes], target: Path, limit: int, label: str) -> int:
    """Copy `source` to `target`, refusing it as soon as it passes `limit` bytes; its size."""
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
