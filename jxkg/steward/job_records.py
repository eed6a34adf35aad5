"""An ingest job's record: what the API shows of a job (`IngestJob`), what is kept of it on disk
(`JobRecord`: the same, and the process that runs it), and whether that process still lives.

A record is interrupted when the process it names is gone: found by pid and the process's start
time, so a reused pid does not pass.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import uuid
from pathlib import Path
from typing import Literal

from pydantic import Field

from jxkg.ingest.read.formats import FORMATS, listed
from jxkg.ingest.runs.history import RunCounts
from jxkg.views import View

__all__ = [
    "FINAL_STATES",
    "JOB_ID_PATTERN",
    "JOB_ID_RE",
    "THIS_PROCESS",
    "IngestJob",
    "JobProgress",
    "JobRecord",
    "JobState",
    "gone",
    "new_job_id",
    "view",
]

JOB_ID_PATTERN = r"^job-[0-9]{8}T[0-9]{6}-[0-9a-f]{6}$"
JOB_ID_RE = re.compile(JOB_ID_PATTERN)
JobState = Literal["queued", "running", "succeeded", "failed", "interrupted"]
FINAL_STATES: frozenset[str] = frozenset({"succeeded", "failed", "interrupted"})


class JobProgress(View):
    stage: str = Field(description="queued, validating, writing, finishing, done")
    rows_read: int = Field(description="rows of the file (Turtle and JSON-LD: entities), all read when the job starts")
    rows_to_validate: int = Field(default=0, description="entities the SHACL gate checks")
    rows_validated: int = Field(default=0, description="entities it has checked (0, then all: it reports once)")
    rows_to_write: int = Field(default=0, description="records (entities and relationships) that passed the gate")
    rows_written: int = Field(default=0, description="of those, written or found unchanged, batch by batch")


class IngestJob(View):
    """An upload being loaded, or loaded."""

    id: str
    state: JobState
    file: str = Field(description="the uploaded file's name (a label)")
    kind: str = Field(description=f"{listed(FORMATS.names())}, from the content")
    started_by: str = Field(description="the API key's name")
    created_at: str = Field(description="UTC, ISO 8601 without a zone")
    started_at: str | None = None
    finished_at: str | None = Field(default=None, description="when it succeeded or failed")
    run_id: str | None = Field(default=None, description="its ingest run (GET /api/v1/runs/{run}), once started")
    progress: JobProgress
    counts: RunCounts | None = Field(default=None, description="when it has succeeded: records by what it did")
    rejected_rows: int | None = Field(default=None, description="when it has succeeded: rows in its quarantine file")
    quarantine: bool = Field(default=False, description="true when GET …/quarantine has a file")
    error: str | None = Field(default=None, description="why it failed, or was interrupted")


class JobRecord(IngestJob):
    process: str = Field(description="host:pid:start time of the process that runs it")


def new_job_id(now: dt.datetime | None = None) -> str:
    started = now or dt.datetime.now(dt.UTC)
    return f"job-{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def process_token(pid: int) -> str | None:
    """`host:pid:start` of a live process (Linux: its start time in /proc), None when it is gone."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        if fields[0] in {"Z", "X"}:  # a zombie has ended
            return None
        return f"{socket.gethostname()}:{pid}:{fields[19]}"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return f"{socket.gethostname()}:{pid}:"


THIS_PROCESS = process_token(os.getpid()) or f"{socket.gethostname()}:{os.getpid()}:"


def gone(process: str) -> bool:
    """Whether the process a record names has ended (a process on another host is not ours to judge)."""
    host, _, rest = process.partition(":")
    if host != socket.gethostname():
        return False
    pid = rest.partition(":")[0]
    return not pid.isdigit() or process_token(int(pid)) != process


def view(record: JobRecord) -> IngestJob:
    """What the API shows of a record: all but the process."""
    return IngestJob.model_validate(record.model_dump(exclude={"process"}))
