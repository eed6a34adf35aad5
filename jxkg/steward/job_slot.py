"""The one ingest a data folder runs at a time, across processes: `jxkg serve --workers N` runs N API
processes over one `JXKG_DATA_DIR`, and a steward's second upload must be refused (409) whichever
worker it reaches.

The slot is an exclusive `flock` on `JXKG_DATA_DIR/jobs/running.lock`, taken when a job starts and
released when it ends; the kernel releases it when the process dies, so a killed worker never leaves
the slot taken. The running job's id is written in the file, for the 409 to name it.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

LOCK_NAME = "running.lock"
UNNAMED = "unknown"  # the holder has taken the slot and not yet written its id


class JobSlot:
    """One data folder's ingest slot. `take` and `release` come in pairs, one job at a time per object."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._held: int | None = None  # the descriptor holding the lock
        self._lock = threading.Lock()

    def take(self, job_id: str) -> str | None:
        """Take the slot for `job_id`: None when taken, else the id of the job that holds it."""
        with self._lock:
            if self._held is not None:
                return self._holder_name(self._held)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._holder_name(fd)
                os.close(fd)
                return holder
            os.ftruncate(fd, 0)
            os.pwrite(fd, job_id.encode("ascii"), 0)
            self._held = fd
            return None

    def holder(self) -> str | None:
        """The job that holds the slot in any process, or None when it is free."""
        with self._lock:
            if self._held is not None:
                return self._holder_name(self._held)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return self._holder_name(fd)
            return None  # free (closing the descriptor drops the shared lock)
        finally:
            os.close(fd)

    def release(self) -> None:
        with self._lock:
            if self._held is not None:
                os.close(self._held)  # drops the lock
                self._held = None

    @staticmethod
    def _holder_name(fd: int) -> str:
        return os.pread(fd, 200, 0).decode("ascii", errors="replace").strip() or UNNAMED
