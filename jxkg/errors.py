"""The project's exceptions, one tree, and how each face reports them.

    JxkgError                       anything jxkg raises on purpose
    ├── ConfigurationError          a setting is missing or contradicts another
    ├── OntologyError               the ontology cannot be read or is ill-formed
    ├── UnknownNameError            a class, label, relationship type or property the ontology lacks
    ├── NotFoundError               a named thing (entity, catalog query, run, job) does not exist
    ├── ParameterError              a query parameter is missing, of the wrong type or not allowed
    │   └── UnresolvedNameError     a parameter names no entity, or several it cannot tell apart
    ├── ValidationError             shapes cannot be read, or data cannot be validated at all
    │   └── DataFileError           a data file to validate cannot be read or parsed
    ├── IngestError                 a run stopped (bad arguments, unreadable source, ...)
    │   ├── MappingError            a mapping file cannot be read or does not fit the ontology
    │   ├── UploadError             an uploaded file cannot be taken as it is
    │   │   └── UploadTooLargeError an upload over one of the limits
    │   ├── IngestBusyError         an ingest job is running; one runs at a time
    │   └── JobNotFinishedError     a job's results were asked for while it runs
    ├── BackupError                 a backup cannot be written or restored
    │   ├── BackupCorruptError      a backup's files are damaged (hash mismatch, cut gzip, bad line)
    │   ├── BackupFormatError       a backup this jxkg cannot read (unknown format or version)
    │   └── RestoreRefusedError     a restore would write over a graph that is not empty
    └── StoreError                  anything from the graph store
        ├── StoreUnavailableError   the database cannot be reached
        ├── EmbeddedServerError     the embedded server cannot be started or stopped
        ├── QueryError              the engine refused a query (syntax, semantics, constraint)
        │   ├── QueryTimeoutError   the query ran past the time limit
        │   └── EngineReplyError    the engine's reply could not be read (garbled text)
        ├── QueryTextLimitError     ad-hoc query text over a bound (length, bracket nesting), refused unsent
        └── ReadOnlyViolationError  a query sent through a read-only door would write or escape

Engine exceptions are translated into these at the store's edge (`raise ... from exc`), so no
code above the store imports an engine's exception types. `FACE_OUTCOMES` is the one table of how
the faces report each class — the command line's exit code, the API's HTTP status and problem
title — and `outcome_for` the one lookup both faces use: the raised class's nearest row up its MRO.

An error whose message a user reads as it is may carry it in Chinese too (`message_zh`): the API
answers it as the problem's `detailZh`, the command line prints it under the English line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


class JxkgError(Exception):
    """Base of every error jxkg raises on purpose."""

    # the message in Chinese, where the class gives one (the faces show it beside the English)
    message_zh: str | None = None


class ConfigurationError(JxkgError):
    """A setting is missing, malformed or contradicts another."""


class OntologyError(JxkgError):
    """The ontology cannot be read or is ill-formed."""


class UnknownNameError(JxkgError):
    """A name the ontology does not define; the message suggests the nearest known names."""

    def __init__(self, kind: str, name: str, known: Iterable[str]) -> None:
        self.kind, self.name = kind, name
        by_folded = {k.casefold(): k for k in known}
        close = difflib.get_close_matches(name.casefold(), list(by_folded), n=3, cutoff=0.6)
        self.suggestions = tuple(by_folded[c] for c in close)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        self.message = f"unknown {kind} {name!r}{hint}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class NotFoundError(JxkgError):
    """A named thing (an entity by id, a catalog query by name) does not exist; `suggestions`: the
    nearest names that do, where the thing's kind has a list to look in."""

    def __init__(self, message: str, *, suggestions: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.suggestions = tuple(suggestions)


class ParameterError(JxkgError):
    """A query parameter is missing, cannot be read as its declared type, or is not an allowed value."""

    def __init__(self, message: str, *, parameter: str, message_zh: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message_zh = message_zh


class UnresolvedNameError(ParameterError):
    """A parameter that names an entity names none, or several that cannot be told apart.

    `candidates` holds the nearest entities, best first, as (id, name, class, score): the answer
    to "did you mean", so a user can tell "none" from "I typed it wrong"."""

    def __init__(self, message: str, *, parameter: str, given: str, candidates: Iterable[tuple[str, str, str, float]]):
        super().__init__(message, parameter=parameter)
        self.given = given
        self.candidates = tuple(candidates)


class ValidationError(JxkgError):
    """Shapes cannot be read, or data cannot be validated at all (not: data that fails shapes)."""


class DataFileError(ValidationError):
    """A data file cannot be read or parsed: nothing in it can be validated."""

    def __init__(self, message: str, *, path: Path) -> None:
        super().__init__(message)
        self.path = path


class IngestError(JxkgError):
    """An ingest run stopped before it could finish."""


class MappingError(IngestError):
    """A mapping file cannot be read or does not fit the ontology; the message names the file and keys."""


class UploadError(IngestError):
    """An uploaded file cannot be taken as it is (422); the message names the file (its label).
    `see`: where the API offers what would fix it (the mapping templates for a missing mapping)."""

    def __init__(self, message: str, *, file: str, message_zh: str | None = None, see: str | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.message_zh = message_zh
        self.see = see


class UploadTooLargeError(UploadError):
    """An upload over one of the limits (413); the message names the limit and its setting."""

    def __init__(self, message: str, *, file: str, limit: int, setting: str) -> None:
        super().__init__(message, file=file)
        self.limit = limit
        self.setting = setting


class IngestBusyError(IngestError):
    """An ingest job is running; one runs at a time (409). `job` is its id."""

    def __init__(self, job: str) -> None:
        super().__init__(
            f"an ingest is running (job {job}); one runs at a time: follow it at /api/v1/ingest/{job} and upload "
            "again when it has ended"
        )
        self.job = job


class JobNotFinishedError(IngestError):
    """What a job has at its end (report, quarantine file) was asked while it runs (409)."""

    def __init__(self, message: str, *, job: str) -> None:
        super().__init__(message)
        self.job = job


class BackupError(JxkgError):
    """A backup cannot be written, or a restore cannot be completed."""


class BackupCorruptError(BackupError):
    """A backup's files are damaged: a hash differs from its manifest, a gzip stream is cut, a line unreadable."""


class BackupFormatError(BackupError):
    """A backup of a format or format version this jxkg does not read."""


class RestoreRefusedError(BackupError):
    """A restore would write over a graph that holds data (`--force` clears it first)."""


class StoreError(JxkgError):
    """Anything that went wrong in the graph store."""


class StoreUnavailableError(StoreError):
    """The database cannot be reached; the message says where and how to start it."""

    def __init__(self, message: str, *, address: str) -> None:
        super().__init__(message)
        self.address = address


class EmbeddedServerError(StoreError):
    """The embedded FalkorDB server cannot be started, found or stopped."""


class QueryError(StoreError):
    """The engine refused a query. Carries the engine's own message and the query text."""

    def __init__(self, engine_message: str, *, query: str, engine: str) -> None:
        super().__init__(f"{engine} refused the query: {engine_message}")
        self.engine_message = engine_message
        self.query = query
        self.engine = engine


class QueryTimeoutError(QueryError):
    """The query ran past the time limit (`JXKG_QUERY_TIMEOUT`, reading its rows included) and was
    stopped: by the engine, which holds the same limit, or while its rows were read."""

    def __init__(self, *, limit_s: float, query: str, engine: str) -> None:
        StoreError.__init__(
            self,
            f"the query ran past the time limit of {limit_s:g} s and was stopped "
            "(raise it with JXKG_QUERY_TIMEOUT, or narrow the query: bound path lengths, add LIMIT)",
        )
        self.message_zh = (
            f"查询超过时间限制 {limit_s:g} 秒，已被终止"
            "（可用 JXKG_QUERY_TIMEOUT 调高限制，或缩小查询：限定路径长度、加 LIMIT）"
        )
        self.engine_message = "timed out"
        self.query = query
        self.engine = engine
        self.limit_s = limit_s


class EngineReplyError(QueryError):
    """The engine answered, but its reply could not be read (FalkorDB cuts multi-byte text mid-character)."""

    def __init__(self, detail: str, *, query: str, engine: str) -> None:
        StoreError.__init__(self, f"{engine} sent a reply that cannot be read: {detail}")
        self.engine_message = detail
        self.query = query
        self.engine = engine


class QueryTextLimitError(StoreError):
    """Ad-hoc query text over one of the bounds the engines' parsers need (its length, its bracket
    nesting): refused before it is sent. `bound` is `length` or `nesting`, `setting` its variable."""

    def __init__(self, message: str, *, message_zh: str, bound: str, limit: int, setting: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh
        self.bound = bound
        self.limit = limit
        self.setting = setting


class ReadOnlyViolationError(StoreError):
    """A query sent through a read-only door would write, load files or call a forbidden procedure."""


# --- how the faces report each class ---------------------------------------------------------------------------

EXIT_FAILED = 1  # the command ran and failed: a refused query, a Violation, a stopped run
EXIT_UNAVAILABLE = 2  # nothing could be done: no database, bad configuration, unreadable input


@dataclass(frozen=True)
class FaceOutcome:
    """What the faces answer for one error class: the CLI's exit code, the API's status and problem title."""

    exit_code: int
    http_status: int
    title: str


FACE_OUTCOMES: Mapping[type[JxkgError], FaceOutcome] = {
    JxkgError: FaceOutcome(EXIT_FAILED, 500, "Internal error"),
    ConfigurationError: FaceOutcome(EXIT_UNAVAILABLE, 500, "Server misconfigured"),
    OntologyError: FaceOutcome(EXIT_FAILED, 500, "Ontology unreadable"),
    UnknownNameError: FaceOutcome(EXIT_FAILED, 400, "Unknown name"),
    NotFoundError: FaceOutcome(EXIT_FAILED, 404, "Not found"),
    ParameterError: FaceOutcome(EXIT_FAILED, 422, "Invalid parameter"),
    UnresolvedNameError: FaceOutcome(EXIT_FAILED, 422, "Unresolved name"),
    # nothing could be validated (unreadable data or shapes)
    ValidationError: FaceOutcome(EXIT_UNAVAILABLE, 422, "Cannot validate"),
    DataFileError: FaceOutcome(EXIT_UNAVAILABLE, 422, "Cannot validate"),
    IngestError: FaceOutcome(EXIT_FAILED, 422, "Ingest stopped"),
    MappingError: FaceOutcome(EXIT_FAILED, 422, "Ingest stopped"),
    UploadError: FaceOutcome(EXIT_FAILED, 422, "Upload refused"),
    UploadTooLargeError: FaceOutcome(EXIT_FAILED, 413, "Upload too large"),
    IngestBusyError: FaceOutcome(EXIT_FAILED, 409, "An ingest is running"),
    JobNotFinishedError: FaceOutcome(EXIT_FAILED, 409, "Job not finished"),
    BackupError: FaceOutcome(EXIT_FAILED, 500, "Backup failed"),
    # nothing was written: the backup cannot be read
    BackupCorruptError: FaceOutcome(EXIT_UNAVAILABLE, 422, "Backup damaged"),
    BackupFormatError: FaceOutcome(EXIT_UNAVAILABLE, 422, "Backup format not supported"),
    RestoreRefusedError: FaceOutcome(EXIT_FAILED, 409, "Graph not empty"),
    StoreError: FaceOutcome(EXIT_FAILED, 500, "Graph store error"),
    StoreUnavailableError: FaceOutcome(EXIT_UNAVAILABLE, 503, "Database unavailable"),
    EmbeddedServerError: FaceOutcome(EXIT_UNAVAILABLE, 500, "Embedded database error"),
    QueryError: FaceOutcome(EXIT_FAILED, 400, "Query refused"),
    QueryTimeoutError: FaceOutcome(EXIT_FAILED, 504, "Query timed out"),
    EngineReplyError: FaceOutcome(EXIT_FAILED, 502, "Unreadable engine reply"),
    QueryTextLimitError: FaceOutcome(EXIT_FAILED, 422, "Query text over a limit"),
    ReadOnlyViolationError: FaceOutcome(EXIT_FAILED, 403, "Not a read-only query"),
}


def outcome_for(error: JxkgError | type[JxkgError]) -> FaceOutcome:
    """The row of the raised class, or of its nearest ancestor that has one (JxkgError always has)."""
    cls = error if isinstance(error, type) else type(error)
    for ancestor in cls.__mro__:
        if ancestor in FACE_OUTCOMES:
            return FACE_OUTCOMES[ancestor]
    raise AssertionError("unreachable: JxkgError itself has a row")
