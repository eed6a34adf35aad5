"""The data stewards' endpoints (steward key): validate an upload, load it as a background job and
follow it, fetch its quarantine file and report, audit the live graph.

    POST /validate                   multipart `file` (+ `mapping`): the SHACL report, nothing written
    POST /ingest                     the same upload, loaded by a job (202; 409 while another runs)
    GET  /ingest                     the jobs, newest first
    GET  /ingest/{job}               its state and progress, and its counts once it has ended
    GET  /ingest/{job}/events        the same as server-sent events, until it has ended
    GET  /ingest/{job}/quarantine    the rejected rows, in the shape they came, with the reasons
    GET  /ingest/{job}/report        its report: the findings by rule, and what it wrote
    POST /audit                      the shapes over the live graph, as `jxkg audit --format json`
    GET  /templates                  the classes with a mapping template
    GET  /templates/{class}.csv      a class's template: the CSV header (BOM, cells made safe)
    GET  /templates/{class}.mapping.yaml   and the mapping that reads it

Thin faces over `jxkg.steward.report`, `jxkg.steward.jobs`, `jxkg.steward.templates` and
`jxkg.export.audit`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, StreamingResponse

from jxkg.errors import UploadTooLargeError
from jxkg.export.audit import audit_dict, audit_graph, audit_kept_counts
from jxkg.export.duplicates import likely_duplicates
from jxkg.graph_api.deps import Schema, Store
from jxkg.graph_api.errors import problem_docs
from jxkg.graph_api.keys import Role
from jxkg.graph_api.models import AuditReport
from jxkg.graph_api.security import Principal, require_role
from jxkg.ingest.read.formats import FORMATS, listed
from jxkg.settings import Settings
from jxkg.steward.job_records import FINAL_STATES, JOB_ID_PATTERN, IngestJob
from jxkg.steward.jobs import IngestJobs
from jxkg.steward.report import IngestReport, UploadReport, validate_upload
from jxkg.steward.templates import TEMPLATES_PATH, template, template_classes
from jxkg.steward.upload_limits import UploadLimits
from jxkg.steward.uploads import safe_label

router = APIRouter(tags=["stewards"])

# what may be uploaded, by the labels of the registry of input formats
_TABULAR = [f.label_en for f in FORMATS.tabular()]
_RDF = [f.label_en for f in FORMATS.rdf()]

Steward = Annotated[Principal, Depends(require_role(Role.STEWARD))]
FilePart = Annotated[
    UploadFile,
    File(description=f"the data file: {', '.join(_TABULAR)} (with a mapping), {listed(_RDF)}"),
]
MappingPart = Annotated[
    UploadFile | str | None,
    File(description="the mapping (YAML, as for `jxkg ingest`), as a file or as text; needed by all but RDF"),
]
JobId = Annotated[str, PathParam(pattern=JOB_ID_PATTERN, description="the job's id, as POST /ingest gave it")]
EVENTS_POLL_S = 0.1
_JOBS_LOCK = threading.Lock()


def get_jobs(request: Request) -> IngestJobs:
    """The app's ingest jobs, made on first use (marking jobs of a process that died interrupted)."""
    state = request.app.state
    jobs: IngestJobs | None = getattr(state, "ingest_jobs", None)
    if jobs is None:
        with _JOBS_LOCK:
            jobs = getattr(state, "ingest_jobs", None)
            if jobs is None:
                jobs = state.ingest_jobs = IngestJobs(state.settings, reader=getattr(state, "store", None))
    return jobs


Jobs = Annotated[IngestJobs, Depends(get_jobs)]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _mapping(part: UploadFile | str | None, settings: Settings) -> tuple[bytes | str | None, str | None]:
    """The mapping part's text and name; at most JXKG_MAX_REQUEST_BYTES."""
    if part is None or isinstance(part, str):
        return part, None
    data = part.file.read(settings.max_request_bytes + 1)
    if len(data) > settings.max_request_bytes:
        name = safe_label(part.filename)
        raise UploadTooLargeError(
            f"{name}: the mapping is larger than {settings.max_request_bytes:,} bytes (JXKG_MAX_REQUEST_BYTES)",
            file=name,
            limit=settings.max_request_bytes,
            setting="JXKG_MAX_REQUEST_BYTES",
        )
    return data, part.filename


@router.post("/validate", response_model=UploadReport, responses=problem_docs(413, 422, 503))
def validate(
    request: Request, file: FilePart, store: Store, schema: Schema, _caller: Steward, mapping: MappingPart = None
) -> UploadReport:
    """Validate an upload against the SHACL shapes, as the ingest gate would, writing nothing: the
    findings grouped by rule (each with its file, row, field, value, severity, message in zh and en)."""
    settings = _settings(request)
    text, name = _mapping(mapping, settings)
    return validate_upload(
        file.file,
        file.filename,
        settings.data_dir,
        UploadLimits.of(settings),
        store,
        schema,
        mapping=text,
        mapping_name=name,
    )


@router.post("/ingest", status_code=202, response_model=IngestJob, responses=problem_docs(409, 413, 422))
def start_ingest(
    request: Request, response: Response, file: FilePart, jobs: Jobs, caller: Steward, mapping: MappingPart = None
) -> IngestJob:
    """Load an upload in the background: 202 with the job (its URL in `Location`); 409 while another
    runs, naming it. The upload is checked and read first: a bad file is refused at once."""
    text, name = _mapping(mapping, _settings(request))
    job = jobs.start(file.file, file.filename, started_by=caller.name, mapping=text, mapping_name=name)
    response.headers["Location"] = f"{request.url.path}/{job.id}"
    return job


@router.get("/ingest", response_model=list[IngestJob])
def list_jobs(jobs: Jobs, _caller: Steward, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[IngestJob]:
    """The ingest jobs, newest first (their records outlive the API's restarts)."""
    return jobs.recent(limit)


@router.get("/ingest/{job}", response_model=IngestJob, responses=problem_docs(404, 422))
def show_job(job: JobId, jobs: Jobs, _caller: Steward) -> IngestJob:
    """A job: its state, progress (rows read, validated, written) and, once ended, its counts."""
    return jobs.get(job)


@router.get(
    "/ingest/{job}/events",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "the job's changes"},
        **problem_docs(404, 422),
    },
)
async def job_events(job: JobId, jobs: Jobs, _caller: Steward) -> StreamingResponse:
    """The job as server-sent events: `progress` at each change, then `end` with its final state."""
    first = await run_in_threadpool(jobs.get, job)  # 404 before the stream starts
    return StreamingResponse(
        _events(jobs, first),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _events(jobs: IngestJobs, job: IngestJob) -> AsyncIterator[str]:
    last, number = "", 0
    while True:
        data = job.model_dump_json(by_alias=True)
        final = job.state in FINAL_STATES
        if data != last:
            number += 1
            yield f"event: {'end' if final else 'progress'}\nid: {number}\ndata: {data}\n\n"
            last = data
        if final:
            return
        await asyncio.sleep(EVENTS_POLL_S)
        job = await run_in_threadpool(jobs.get, job.id)


@router.get(
    "/ingest/{job}/quarantine",
    response_class=FileResponse,
    responses={
        200: {
            "description": f"the rejected rows as {listed(_TABULAR)}, as uploaded (RDF: the findings)",
            "content": {"text/csv": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}},
        },
        **problem_docs(404, 409, 422),
    },
)
def job_quarantine(job: JobId, jobs: Jobs, _caller: Steward) -> FileResponse:
    """The rows the job rejected, in the shape they came (same columns, same order), with the reasons in
    four more columns (`jxkg:rule`, `jxkg:field`, `jxkg:messageZh`, `jxkg:messageEn`): fix them and
    upload the file again (an upload's mapping ignores those columns)."""
    path, media_type, filename = jobs.quarantine(job)
    return FileResponse(path, media_type=media_type, filename=filename)


@router.get(
    "/ingest/{job}/report",
    response_model=None,
    responses={200: {"model": IngestReport, "description": "the job's report"}, **problem_docs(404, 409, 422)},
)
def job_report(job: JobId, jobs: Jobs, _caller: Steward) -> Response:
    """The job's report: the findings grouped by rule (as POST /validate gives them) and what the run wrote."""
    return Response(jobs.report(job), media_type="application/json")


@router.post("/audit", response_model=AuditReport, responses=problem_docs(503))
def audit(store: Store, schema: Schema, _caller: Steward) -> dict[str, Any]:
    """Run the shapes over the live graph, as `jxkg audit --format json` does: data loaded before a shape
    was tightened is found too; and list likely duplicates (pairs of entities of one class whose names
    resolve to each other), bounded: `duplicates.truncated` says when it was cut."""
    kept = audit_kept_counts(store, schema)
    return audit_dict(audit_graph(store, schema), likely_duplicates(store, schema), kept)


_TEMPLATES = TEMPLATES_PATH.removeprefix("/api/v1")
ClassName = Annotated[str, PathParam(description="a concrete class of the ontology, as GET /templates lists them")]


@router.get(_TEMPLATES, response_model=list[str])
def templates(schema: Schema, _caller: Steward) -> list[str]:
    """The classes a steward may load rows of, each with a mapping template."""
    return template_classes(schema)


@router.get(
    _TEMPLATES + "/{class_name}.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "the header row"}, **problem_docs(400)},
)
def template_csv(class_name: ClassName, schema: Schema, _caller: Steward) -> Response:
    """A class's template file: the CSV header, one column per property and relationship, in Chinese;
    UTF-8 with a BOM (Excel), cells made safe, as every CSV for people."""
    found = template(schema, class_name)
    return _attachment(found.csv(), "text/csv; charset=utf-8", found.csv_name)


@router.get(
    _TEMPLATES + "/{class_name}.mapping.yaml",
    response_class=Response,
    responses={200: {"content": {"application/yaml": {}}, "description": "the mapping"}, **problem_docs(400)},
)
def template_mapping(class_name: ClassName, schema: Schema, _caller: Steward) -> Response:
    """The mapping (YAML, as for `jxkg ingest`) that reads that class's template file."""
    found = template(schema, class_name)
    return _attachment(found.mapping(), "application/yaml; charset=utf-8", found.mapping_name)


def _attachment(text: str, media_type: str, filename: str) -> Response:
    return Response(text, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
