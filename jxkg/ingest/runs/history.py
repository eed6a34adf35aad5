"""The record of each ingest run in the graph: an `IngestRun` node, written when the run starts and
completed with its counts when it ends, so a run that was killed shows as started and never finished.

Every node and relationship a run writes holds its run id (`ingestRun`); the run's node is found by
`MATCH (r:IngestRun {runId: $run})`. Written with a single statement, not through the writer: the
writer would compact the store's persistence after each write.

The run's node also says who started it (`startedBy`: an API key's name, or the local user), which
files it read (`sourceFiles`), and which entities it created and which it changed in place
(`createdEntityIds`, `updatedEntityIds`): the entities' own `ingestRun` names only the last run
that wrote them, which cannot tell a new entity from a changed one. The three lists are kept as
JSON arrays in single text properties (bookkeeping of the run, read back only here; one property
value, not one per id). `list_runs` and `run_detail` read them back for `jxkg runs` and
`GET /api/v1/runs`, as the same views.
"""

from __future__ import annotations

import getpass
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePath
from typing import Any, Literal

from pydantic import Field

from jxkg.cursors import decode_cursor, encode_cursor
from jxkg.errors import NotFoundError, ParameterError, UnknownNameError
from jxkg.ingest.write.kept import NO_COUNTS
from jxkg.ontology.conventions import INGEST_RUN, RUN_CLASS, RUN_ID, now_text, run_node_id
from jxkg.ontology.schema import GraphSchema
from jxkg.store import GraphStore
from jxkg.store.base import check_identifier
from jxkg.views import View

__all__ = [
    "Change",
    "ChangeGroup",
    "ChangedEntity",
    "RunCounts",
    "RunDetail",
    "RunPage",
    "RunSummary",
    "finish_run",
    "graph_version",
    "list_runs",
    "local_user",
    "run_detail",
    "run_finished",
    "run_started",
    "start_run",
]

Change = Literal["created", "updated", "written"]
_ID_BATCH = 5000
MAX_PAGE = 500
MAX_ENTITIES = 10_000


# a run's start and end to the millisecond: the history orders runs by their start, two runs may
# start in one second, and the shapes check that a run ends no earlier than it starts
RUN_TIMESPEC = "milliseconds"


def local_user() -> str:
    """Who runs this process, for a run started without an API key: `alice (local)`."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry for the uid (some containers)
        name = "unknown"
    return f"{name} (local)"


def start_run(
    store: GraphStore,
    schema: GraphSchema,
    run_id: str,
    *,
    started_by: str | None = None,
    files: Sequence[str] = (),
) -> None:
    """Write the run's node as it starts (`run_started`)."""
    labels = ":".join(check_identifier(label) for label in schema.labels_for(RUN_CLASS))
    store.write(
        f"MERGE (r:Entity {{id: $id}}) SET r:{labels}, r += $props",
        # a run's node has no relationships: its kept counts are nought from the start (`kept`)
        {"id": run_node_id(run_id), "props": run_started(run_id, started_by=started_by, files=files) | NO_COUNTS},
    )


def finish_run(
    store: GraphStore,
    run_id: str,
    totals: Mapping[str, int],
    report_file: Path | None,
    *,
    created: Iterable[str] = (),
    updated: Iterable[str] = (),
) -> None:
    """Complete the run's node as it ends (`run_finished`)."""
    props = run_finished(totals, report_file, created=created, updated=updated)
    store.write("MATCH (r:Entity {id: $id}) SET r += $props", {"id": run_node_id(run_id), "props": props})


def run_started(run_id: str, *, started_by: str | None = None, files: Sequence[str] = ()) -> dict[str, object]:
    """The properties a run's node gets when the run starts (none of them None)."""
    props: dict[str, object] = {
        RUN_ID: run_id,
        "nameZh": f"导入批次 {run_id}",
        "nameEn": f"ingest run {run_id}",
        "startedAt": now_text(RUN_TIMESPEC),
        "startedBy": started_by or local_user(),
    }
    if files:
        props["sourceFiles"] = _json_list(dict.fromkeys(files))
    return props


def run_finished(
    totals: Mapping[str, int],
    report_file: Path | None,
    *,
    created: Iterable[str] = (),
    updated: Iterable[str] = (),
) -> dict[str, object]:
    """The properties a run's node gets when it ends (none of them None). `totals`: the run's counts
    by name (read, created, updated, unchanged, rejected, deleted); `created` and `updated`: the ids
    of the entities it created and changed in place."""
    props: dict[str, object] = {"finishedAt": now_text(RUN_TIMESPEC)}
    props |= {f"records{name.capitalize()}": int(count) for name, count in totals.items()}
    props["createdEntityIds"] = _json_list(sorted(created))
    props["updatedEntityIds"] = _json_list(sorted(updated))
    if report_file is not None:
        props["reportFile"] = str(report_file)
    return props


def _json_list(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def _from_json_list(value: object) -> list[str] | None:
    """A list kept as JSON text (a list value, as a run recorded before, is taken as it is)."""
    if value is None:
        return None
    if isinstance(value, list):
        return [str(v) for v in value]
    try:
        loaded = json.loads(str(value))
    except json.JSONDecodeError:
        return [str(value)]
    return [str(v) for v in loaded] if isinstance(loaded, list) else [str(loaded)]


# --- reading the history back ---------------------------------------------------------------------------------------


class RunCounts(View):
    """Records (nodes and relationships) by what the run did with them."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    deleted: int = 0


class RunSummary(View):
    """One ingest run, as the history lists it."""

    run_id: str
    started_at: str | None = Field(description="UTC, ISO 8601 without a zone")
    finished_at: str | None = Field(description="null while it runs, or when it was interrupted")
    finished: bool
    started_by: str | None = Field(description="the API key's name, or `user (local)` for the command line")
    files: list[str] = Field(description="the files it read, as named to it (an upload: the uploader's file name)")
    counts: RunCounts | None = Field(description="null until the run finished")


class RunPage(View):
    runs: list[RunSummary] = Field(description="newest first")
    total: int = Field(description="runs in the graph")
    limit: int
    offset: int = Field(description="runs before this page, newest first")
    next_cursor: str | None = Field(default=None, description="pass as `cursor` for the next page; null on the last")


class ChangedEntity(View):
    id: str
    name: str | None = Field(description="its nameZh")
    change: Change = Field(
        description="created or updated by the run; `written` when the run did not record which (it did not finish)"
    )


class ChangeGroup(View):
    type: str | None = Field(description="the entities' most specific class; null for entities no longer in the graph")
    created: int
    updated: int
    written: int
    entities: list[ChangedEntity] = Field(description="created first, then by id; at most `limit` of them")


class RunDetail(RunSummary):
    """One run and the entities it created or changed."""

    changes_recorded: bool = Field(
        description="true when the run recorded which entities it created and which it updated (a finished run); "
        "otherwise `changes` holds the entities whose last write was this run's"
    )
    changes: list[ChangeGroup]
    truncated: bool = Field(description="true when a group lists fewer entities than it counts")


_SUMMARY = (
    f"r.{RUN_ID} AS {RUN_ID}, r.startedAt AS startedAt, r.finishedAt AS finishedAt, r.startedBy AS startedBy, "
    "r.sourceFiles AS files, r.recordsRead AS read, r.recordsCreated AS created, r.recordsUpdated AS updated, "
    "r.recordsUnchanged AS unchanged, r.recordsRejected AS rejected, r.recordsDeleted AS deleted"
)


def _summary(row: Mapping[str, Any]) -> dict[str, Any]:
    finished = row.get("finishedAt") is not None
    counts = None
    if finished:
        counts = RunCounts(**{k: int(row.get(k) or 0) for k in RunCounts.model_fields})
    return {
        "run_id": str(row[RUN_ID]),
        "started_at": _text(row.get("startedAt")),
        "finished_at": _text(row.get("finishedAt")),
        "finished": finished,
        "started_by": _text(row.get("startedBy")),
        # by name only, on every face: the folders of the machine that ran it are no reader's business
        "files": [PurePath(f).name for f in _from_json_list(row.get("files")) or []],
        "counts": counts,
    }


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def list_runs(store: GraphStore, *, limit: int = 50, offset: int = 0, cursor: str | None = None) -> RunPage:
    """The ingest history, newest first, `limit` runs from `cursor` (a `next_cursor` of this history)
    or `offset` (deprecated in the API: not both). A cursor is tied to the newest run when it was
    given out: once another run starts the pages would shift by one, so it is refused, naming `cursor`."""
    limit = max(1, min(limit, MAX_PAGE))
    if cursor and offset:
        error = ParameterError("give cursor or offset, not both", parameter="cursor")
        error.message_zh = "请只给出 cursor 或 offset 之一，不要同时给出两者"
        raise error
    head = store.read(
        f"MATCH (r:{RUN_CLASS}) WITH r ORDER BY r.startedAt DESC, r.{RUN_ID} DESC "
        f"RETURN count(r) AS total, collect(r.{RUN_ID})[0] AS newest"
    )
    total, newest = (int(head[0]["total"]), head[0]["newest"]) if head else (0, None)
    paged = ("runs", newest)  # what a cursor pages: the history as it stood
    offset = decode_cursor(cursor, paged) if cursor else max(0, offset)
    rows = store.read(
        f"MATCH (r:{RUN_CLASS}) RETURN {_SUMMARY} ORDER BY startedAt DESC, {RUN_ID} DESC SKIP $offset LIMIT $limit",
        {"offset": offset, "limit": limit},
    )
    return RunPage(
        runs=[RunSummary(**_summary(row)) for row in rows],
        total=total,
        limit=limit,
        offset=offset,
        next_cursor=encode_cursor(offset + limit, paged) if offset + limit < total else None,
    )


def graph_version(store: GraphStore) -> str | None:
    """What the graph holds, as far as its runs tell: the newest run's id and end, and how many runs
    there are (`empty` with none); None while the newest run has not finished, when what the graph
    holds changes from one read to the next (or a run was killed, until the next one ends).

    A run's node is written before any of its data, so a version read before an answer was read
    names no later run than the data the answer saw. One small query, on every call: nothing is
    kept, so no process (another API worker, `jxkg ingest`) can make it stale.
    """
    rows = store.read(
        f"MATCH (r:{RUN_CLASS}) WITH r ORDER BY r.startedAt DESC, r.{RUN_ID} DESC "
        f"RETURN collect([r.{RUN_ID}, r.finishedAt])[0] AS newest, count(r) AS runs"
    )
    if not rows or not rows[0]["runs"]:
        return "empty"
    run_id, finished_at = rows[0]["newest"]
    if finished_at is None:
        return None
    return f"{run_id}@{finished_at}#{rows[0]['runs']}"


def run_detail(store: GraphStore, schema: GraphSchema, run_id: str, *, limit: int = 1000) -> RunDetail:
    """One run and what it created or changed, by class; `NotFoundError` when there is no such run."""
    limit = max(1, min(limit, MAX_ENTITIES))
    rows = store.read(
        f"MATCH (r:{RUN_CLASS} {{{RUN_ID}: $run}}) RETURN {_SUMMARY}, r.createdEntityIds AS createdIds, "
        "r.updatedEntityIds AS updatedIds",
        {"run": run_id},
    )
    if not rows:
        raise NotFoundError(f"no ingest run {run_id!r} (`jxkg runs list` or GET /api/v1/runs lists them)")
    row = rows[0]
    created, updated = _from_json_list(row.get("createdIds")), _from_json_list(row.get("updatedIds"))
    recorded = created is not None or updated is not None
    if recorded:
        changes: dict[str, Change] = {i: "created" for i in created or []}
        changes |= {i: "updated" for i in updated or []}
        found = _entities(store, schema, changes)
    else:  # a run that did not finish (or one recorded before runs kept their changes)
        written = store.read(
            f"MATCH (n:Entity) WHERE n.{INGEST_RUN} = $run AND NOT n:{RUN_CLASS} "
            "RETURN n.id AS id, labels(n) AS labels, n.nameZh AS name",
            {"run": run_id},
        )
        changes = {str(r["id"]): "written" for r in written}
        found = {str(r["id"]): (_class(r["labels"], schema), _text(r["name"])) for r in written}
    groups, truncated = _groups(changes, found, limit)
    return RunDetail(**_summary(row), changes_recorded=recorded, changes=groups, truncated=truncated)


def _entities(store: GraphStore, schema: GraphSchema, ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    """Class and name of each id still in the graph."""
    wanted = sorted(ids)
    found: dict[str, tuple[str | None, str | None]] = {}
    for i in range(0, len(wanted), _ID_BATCH):
        for row in store.read(
            "MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, labels(n) AS labels, n.nameZh AS name",
            {"ids": wanted[i : i + _ID_BATCH]},
        ):
            found[str(row["id"])] = (_class(row["labels"], schema), _text(row["name"]))
    return found


def _class(labels: list[str], schema: GraphSchema) -> str | None:
    try:
        return schema.most_specific_class(labels)
    except UnknownNameError:
        return None


_ORDER = {"created": 0, "updated": 1, "written": 2}


def _groups(
    changes: Mapping[str, Change], found: Mapping[str, tuple[str | None, str | None]], limit: int
) -> tuple[list[ChangeGroup], bool]:
    by_type: dict[str | None, list[ChangedEntity]] = defaultdict(list)
    for entity_id, change in changes.items():
        class_name, name = found.get(entity_id, (None, None))
        by_type[class_name].append(ChangedEntity(id=entity_id, name=name, change=change))
    groups: list[ChangeGroup] = []
    truncated = False
    for class_name in sorted(by_type, key=lambda c: (c is None, c or "")):
        entities = sorted(by_type[class_name], key=lambda e: (_ORDER[e.change], e.id))
        tally = {k: sum(1 for e in entities if e.change == k) for k in _ORDER}
        truncated = truncated or len(entities) > limit
        groups.append(ChangeGroup(type=class_name, entities=entities[:limit], **tally))
    return groups, truncated
