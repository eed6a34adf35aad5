"""Ingest jobs: an uploaded file loaded in the background, one at a time, its record kept on disk.

    jobs = IngestJobs(settings)                          # one per API app; marks dead jobs interrupted
    job = jobs.start(stream, "企业名录.csv", mapping=yaml_bytes, started_by="steward key")
    jobs.get(job.id).progress.rows_written               # while it runs
    jobs.report(job.id), jobs.quarantine(job.id)         # when it has succeeded; jobs.recent()

`start` stores, checks and reads the upload at once (`jxkg.steward.uploads`: a bad file is refused
before any job exists), then runs `run_ingest` in a thread with its own connection to the graph:
the gate (single process: the gate's pool forks, which a process serving threads must not), the
writes, the run's record. When it ends it writes the job's report (the same findings as
`POST /validate`, with the run's counts) and the quarantine file (the rejected rows in the shape
they came, `jxkg.steward.rejects`), then deletes the upload: nothing of it is kept beyond those and
the run's record in the graph.

A job's record (`jxkg.steward.job_records`) is a small JSON file, `JXKG_DATA_DIR/jobs/<job>.json`,
written when its state changes and, while it writes, at most twice a second; its report and
quarantine file are in `JXKG_DATA_DIR/jobs/<job>/`. States: queued, running, succeeded, failed (an
error, in `error`) and interrupted: the process that ran it stopped (killed, or the API shut down)
before it ended. That is found when the record is read by a process that sees the job's process
gone (by pid and the process's start time, so a reused pid does not pass), and at exit. The graph
then holds what the job's completed batches wrote; uploading the same file again completes it, the
writes being idempotent.

One job at a time per data folder, across the API's worker processes (`jxkg.steward.job_slot`): a
second `start` while one runs, in this process or another over the same `JXKG_DATA_DIR`, raises
`IngestBusyError` (409) naming the running job.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from jxkg.errors import IngestBusyError, JobNotFinishedError, JxkgError, NotFoundError
from jxkg.ingest.pipeline import drop_duplicates, run_ingest
from jxkg.ingest.read.sources import SourcesResult
from jxkg.ingest.runs.history import RunCounts
from jxkg.ontology.conventions import new_run_id, now_text
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.queries.resolve import RunNames
from jxkg.settings import Settings
from jxkg.steward.job_records import (
    FINAL_STATES,
    JOB_ID_RE,
    THIS_PROCESS,
    IngestJob,
    JobProgress,
    JobRecord,
    gone,
    new_job_id,
    view,
)
from jxkg.steward.job_slot import JobSlot
from jxkg.steward.rejects import download_name, media_type_of, write_rejects
from jxkg.steward.report import findings_of, ingest_report
from jxkg.steward.upload_limits import UploadLimits
from jxkg.steward.uploads import StoredUpload, read_upload, rows_of, store_upload, upload_folder
from jxkg.store import GraphStore, open_store

__all__ = ["IngestJobs"]

log = logging.getLogger("jxkg.steward.jobs")

_SAVE_EVERY_S = 0.5
_STOPPED = (
    "the API stopped while the job ran; the graph holds what its completed batches wrote: upload the same file "
    "again to complete it (the writes are idempotent)"
)
_STALE_UPLOAD_S = 3600.0  # a validation's upload folder older than this was left by a process that died


class IngestJobs:
    """The ingest jobs of one app: at most one running, every record on disk."""

    def __init__(
        self, settings: Settings, *, schema: GraphSchema | None = None, reader: GraphStore | None = None
    ) -> None:
        """`reader`: the store the API reads with; a job's writes are what its next read sees, on a
        Neo4j cluster too (`GraphStore.share_bookmarks`)."""
        self.settings = settings
        self._reader = reader
        self.data_dir = settings.data_dir
        self.folder = settings.data_dir / "jobs"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.limits = UploadLimits.of(settings)
        self._schema = schema
        self._lock = threading.Lock()
        self._running: str | None = None
        self._slot = JobSlot(self.folder)  # one job at a time across the worker processes too
        self._live: dict[str, JobRecord] = {}  # jobs this object started
        self._saved: dict[str, float] = {}
        self._closed = False
        self._recover()
        _OPEN.add(self)

    @property
    def schema(self) -> GraphSchema:
        return self._schema or load_schema()

    # --- starting -----------------------------------------------------------------------------------------------------

    def running(self) -> str | None:
        with self._lock:
            if self._running is not None:
                return self._running
        return self._slot.holder()

    def start(
        self,
        source: IO[bytes],
        claimed_name: str | None,
        *,
        started_by: str,
        mapping: bytes | str | None = None,
        mapping_name: str | None = None,
    ) -> IngestJob:
        """Check and read the upload now (`UploadError` when it is refused), then load it in the background."""
        busy = self.running()
        if busy is not None:
            raise IngestBusyError(busy)
        job_id = new_job_id()
        folder = upload_folder(self.data_dir, job_id)
        try:
            upload = store_upload(
                source,
                claimed_name,
                folder,
                self.limits,
                schema=self.schema,
                mapping=mapping,
                mapping_name=mapping_name,
            )
            with open_store(self.settings) as store:  # link ends by name resolve over the graph it goes into
                self._follow(store)
                read = read_upload(upload, self.schema, self.limits, names=RunNames(store, self.schema))
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        record = JobRecord(
            id=job_id,
            state="queued",
            file=upload.label,
            kind=upload.kind,
            started_by=started_by,
            created_at=now_text(),
            progress=JobProgress(stage="queued", rows_read=rows_of(read, upload)),
            process=THIS_PROCESS,
        )
        with self._lock:
            # another upload was read meanwhile and started first, here or in another worker process
            busy = self._running if self._running is not None else self._slot.take(job_id)
            if busy is None:
                self._running = job_id
                self._live[job_id] = record
        if busy is not None:
            upload.discard()
            raise IngestBusyError(busy)
        self._save(record)
        thread = threading.Thread(target=self._run, args=(job_id, upload, read), name=f"jxkg-{job_id}", daemon=True)
        thread.start()
        return view(record)

    def _follow(self, store: GraphStore) -> None:
        """The job's store and the API's read each other's writes (read-your-writes on a cluster)."""
        if self._reader is not None:
            store.share_bookmarks(self._reader)

    def _run(self, job_id: str, upload: StoredUpload, read: SourcesResult) -> None:
        run_id = new_run_id()
        tracker = _Tracker(
            lambda: self._live[job_id].progress,
            lambda progress, force: self._update(job_id, {"progress": progress}, force=force),
        )
        try:
            self._update(job_id, {"state": "running", "started_at": now_text(), "run_id": run_id})
            records = drop_duplicates(read)
            with open_store(self.settings) as store:
                self._follow(store)
                outcome = run_ingest(
                    records,
                    store,
                    self.schema,
                    self.data_dir,
                    rejected_on_reading=(read.rejected_nodes, read.rejected_edges),
                    progress=tracker,
                    run_id=run_id,
                    started_by=self._live[job_id].started_by,
                    files=[upload.label],
                    gate_workers=1,
                    linked_by_name=read.linked_by_name,
                )
            tracker("finishing", 0, 0)
            folder = self.folder / job_id
            folder.mkdir(exist_ok=True)
            rows = self._live[job_id].progress.rows_read
            report = ingest_report(
                upload.label, upload.kind, rows, records, outcome, notices=read.notices, linked=read.linked_by_name
            )
            (folder / "report.json").write_text(
                report.model_dump_json(by_alias=True, indent=1) + "\n", encoding="utf-8"
            )
            rejects = write_rejects(upload, findings_of(outcome.load.problems, outcome.gate), folder)
            tracker("done", 0, 0)
            final: dict[str, object] = {
                "state": "succeeded",
                "counts": RunCounts(**vars(outcome.load.totals())),
                "rejected_rows": report.rejected_rows,
                "quarantine": rejects is not None,
            }
        except Exception as exc:
            log.exception("ingest job %s failed", job_id)
            detail = str(exc) if isinstance(exc, JxkgError) else f"unexpected error ({type(exc).__name__}: {exc})"
            final = {"state": "failed", "error": detail}
        finally:
            # the upload gone and the slot free before the record says the job has ended, so that a client
            # that saw it end finds nothing of the upload, and may start the next job at once
            upload.discard()
            with self._lock:
                if self._running == job_id:
                    self._running = None
                    self._slot.release()
        self._update(job_id, {"finished_at": now_text(), **final})

    # --- records ------------------------------------------------------------------------------------------------------

    def _update(self, job_id: str, changes: dict[str, object], *, force: bool = True) -> None:
        with self._lock:
            record = self._live[job_id].model_copy(update=changes)
            self._live[job_id] = record
        now = time.monotonic()
        if force or now - self._saved.get(job_id, 0.0) >= _SAVE_EVERY_S:
            self._save(record)

    def _save(self, record: JobRecord) -> None:
        if self._closed:
            return  # interrupted at exit: that is the last word
        self._saved[record.id] = time.monotonic()
        path = self.folder / f"{record.id}.json"
        temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        temporary.write_text(record.model_dump_json(by_alias=True, indent=1) + "\n", encoding="utf-8")
        temporary.replace(path)

    def _load(self, job_id: str) -> JobRecord | None:
        try:
            return JobRecord.model_validate_json((self.folder / f"{job_id}.json").read_text(encoding="utf-8"))
        except (OSError, ValidationError):
            return None

    def _record(self, job_id: str) -> JobRecord:
        if not JOB_ID_RE.fullmatch(job_id):
            raise NotFoundError(f"no ingest job {job_id!r}")
        with self._lock:
            live = self._live.get(job_id)
        if live is not None:
            return live
        record = self._load(job_id)
        if record is None:
            raise NotFoundError(f"no ingest job {job_id!r} (GET /api/v1/ingest lists them)")
        return self._reconciled(record)

    def _reconciled(self, record: JobRecord) -> JobRecord:
        """A job left queued or running by a process that has ended: interrupted."""
        if record.state in FINAL_STATES or record.id in self._live or not gone(record.process):
            return record
        pid = record.process.split(":")[1]
        interrupted = record.model_copy(
            update={
                "state": "interrupted",
                "error": f"the process that ran it (pid {pid}) stopped before it ended; the graph holds what its "
                "completed batches wrote: upload the same file again to complete it (the writes are idempotent)",
            }
        )
        self._save(interrupted)
        shutil.rmtree(self.data_dir / "uploads" / record.id, ignore_errors=True)
        return interrupted

    def _recover(self) -> None:
        """At start: jobs whose process is gone are interrupted; their uploads and stale ones deleted."""
        for path in sorted(self.folder.glob("job-*.json")):
            record = self._load(path.stem)
            if record is not None:
                self._reconciled(record)
        uploads = self.data_dir / "uploads"
        if uploads.is_dir():
            for folder in uploads.iterdir():
                if folder.name.startswith("validate-") and time.time() - folder.stat().st_mtime > _STALE_UPLOAD_S:
                    shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """This process stops: its jobs still running are interrupted, and say so."""
        with self._lock:
            running = [r for r in self._live.values() if r.state not in FINAL_STATES]
        for record in running:
            self._save(record.model_copy(update={"state": "interrupted", "error": _STOPPED}))
        self._closed = True
        _OPEN.discard(self)

    # --- reading ------------------------------------------------------------------------------------------------------

    def get(self, job_id: str) -> IngestJob:
        return view(self._record(job_id))

    def recent(self, limit: int = 50) -> list[IngestJob]:
        """The jobs, newest first."""
        names = sorted((p.stem for p in self.folder.glob("job-*.json")), reverse=True)[: max(1, limit)]
        jobs = []
        for name in names:
            try:
                jobs.append(self.get(name))
            except NotFoundError:
                continue  # written while we read
        return jobs

    def wait(self, job_id: str, timeout_s: float = 120.0) -> IngestJob:
        """The job once it has ended (for tests and scripts); TimeoutError past `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while (job := self.get(job_id)).state not in FINAL_STATES:
            if time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} still {job.state} after {timeout_s:g} s")
            time.sleep(0.05)
        return job

    def report(self, job_id: str) -> str:
        """The job's report (JSON text of an `IngestReport`)."""
        record = self._finished(job_id, "report")
        path = self.folder / job_id / "report.json"
        if record.state != "succeeded" or not path.is_file():
            raise NotFoundError(f"ingest job {job_id} {record.state}: it has no report ({record.error})")
        return path.read_text(encoding="utf-8")

    def quarantine(self, job_id: str) -> tuple[Path, str, str]:
        """The job's quarantine file: its path, media type and the name to download it as."""
        record = self._finished(job_id, "quarantine file")
        if record.state != "succeeded":
            raise NotFoundError(f"ingest job {job_id} {record.state}: it has no quarantine file ({record.error})")
        for path in sorted((self.folder / job_id).glob("quarantine.*")):
            return path, media_type_of(record.kind), download_name(record.file, record.kind)
        raise NotFoundError(f"ingest job {job_id} rejected nothing: there is no quarantine file")

    def _finished(self, job_id: str, what: str) -> JobRecord:
        record = self._record(job_id)
        if record.state not in FINAL_STATES:
            raise JobNotFinishedError(
                f"ingest job {job_id} is {record.state}: its {what} is there when it has ended", job=job_id
            )
        return record


class _Tracker:
    """The pipeline's progress callback, as the job's progress: the gate's stage, then `writing` with
    the records to write, then the writer's batches (one stage per class and relationship type)."""

    def __init__(self, current: Callable[[], JobProgress], publish: Callable[[JobProgress, bool], None]) -> None:
        """`current`: the job's progress now; `publish`: set it (saved at once when told so)."""
        self._current, self._publish = current, publish
        self.written: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        current = self._current()
        if stage.startswith("validating"):
            progress = current.model_copy(
                update={"stage": "validating", "rows_to_validate": total, "rows_validated": done}
            )
        elif stage == "writing":
            progress = current.model_copy(update={"stage": "writing", "rows_to_write": total, "rows_written": 0})
        elif stage in {"finishing", "done"}:
            progress = current.model_copy(update={"stage": stage})
        else:  # a batch of the writer's: `writing Enterprise`, `writing [:LOCATED_IN]`, `re-classing to …`
            self.written[stage] = done
            progress = current.model_copy(update={"stage": "writing", "rows_written": sum(self.written.values())})
        self._publish(progress, progress.stage != current.stage)


_OPEN: weakref.WeakSet[IngestJobs] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for jobs in list(_OPEN):
        jobs.close()
