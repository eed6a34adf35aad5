"""What an upload may not be: its limits, and its bytes counted as it is copied.

The limits, each refused naming the limit and its setting: the file's bytes (`JXKG_MAX_UPLOAD_BYTES`,
counted while it is copied), an archive's unpacked size summed from its directory before it is
opened (`JXKG_MAX_UNZIPPED_BYTES`), and its rows (`JXKG_MAX_UPLOAD_ROWS`; for RDF its entities).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from jxkg.errors import UploadTooLargeError

__all__ = ["UploadLimits", "copy_limited"]

_CHUNK = 1 << 16


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int
    max_rows: int
    max_unzipped_bytes: int

    @classmethod
    def of(cls, settings: Any) -> UploadLimits:
        """From `jxkg.settings.Settings`."""
        return cls(settings.max_upload_bytes, settings.max_upload_rows, settings.max_unzipped_bytes)


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
