"""A list that keeps only its last items in memory and the rest in an unnamed temporary file.

For what a run reports of every record: the gate's Infos and Warnings (on the synthetic province,
one "nameEn recommended" Info per entity: 300k findings at scale 1, about 400 MB as objects) are
appended as the batches end and read once, in order, when the report is written.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import IO, Generic, TypeVar

T = TypeVar("T")

CHUNK = 10_000  # items pickled together: few enough to stay small, enough to keep pickling cheap


class SpillList(Generic[T]):
    """Append, count, iterate in order (read back from the file as it goes)."""

    def __init__(self, chunk: int = CHUNK) -> None:
        self._chunk = chunk
        self._recent: list[T] = []
        self._file: IO[bytes] | None = None  # unnamed: gone with the process, however it ends
        self._spilled = 0

    def append(self, item: T) -> None:
        self._recent.append(item)
        if len(self._recent) >= self._chunk:
            if self._file is None:
                self._file = tempfile.TemporaryFile()  # noqa: SIM115 (kept open as long as the list)
            self._file.seek(0, 2)
            pickle.dump(self._recent, self._file, pickle.HIGHEST_PROTOCOL)
            self._spilled += len(self._recent)
            self._recent = []

    def __len__(self) -> int:
        return self._spilled + len(self._recent)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[T]:
        if self._file is not None:
            self._file.seek(0)
            read = 0
            while read < self._spilled:
                chunk: list[T] = pickle.load(self._file)
                read += len(chunk)
                yield from chunk
        yield from list(self._recent)
