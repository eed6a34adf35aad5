"""The record of each ingest run in the graph: an `IngestRun` node, written when the run starts and
completed with its counts when it ends, so a run that was killed shows as started and never finished.

Every node and relationship a run writes holds its run id (`ingestRun`); the run's node is found by
`MATCH (r:IngestRun {runId: $run})`. Written with a single statement, not through the writer: the
writer would compact the store's persistence after each write.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from pathlib import Path

from jxkg.ontology.schema import GraphSchema
from jxkg.store import GraphStore
from jxkg.store.base import check_identifier

RUN_CLASS = "IngestRun"


def new_run_id(now: dt.datetime | None = None) -> str:
    """`run-20261123T101500-1a2b3c`: sortable by start time, unique by its random tail."""
    started = now or dt.datetime.now(dt.UTC)
    return f"run-{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def run_node_id(run_id: str) -> str:
    return f"ingest-run:{run_id}"


def now_text() -> str:
    """Now, in UTC, as the graph keeps times: ISO text without a zone (docs/conventions.md)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def start_run(store: GraphStore, schema: GraphSchema, run_id: str) -> None:
    labels = ":".join(check_identifier(label) for label in schema.labels_for(RUN_CLASS))
    store.write(
        f"MERGE (r:Entity {{id: $id}}) SET r:{labels}, r += $props",
        {
            "id": run_node_id(run_id),
            "props": {
                "runId": run_id,
                "nameZh": f"导入批次 {run_id}",
                "nameEn": f"ingest run {run_id}",
                "startedAt": now_text(),
            },
        },
    )


def finish_run(store: GraphStore, run_id: str, totals: Mapping[str, int], report_file: Path | None) -> None:
    """`totals`: the run's counts by name (read, created, updated, unchanged, rejected, deleted)."""
    props: dict[str, object] = {"finishedAt": now_text()}
    props |= {f"records{name.capitalize()}": int(count) for name, count in totals.items()}
    if report_file is not None:
        props["reportFile"] = str(report_file)
    store.write("MATCH (r:Entity {id: $id}) SET r += $props", {"id": run_node_id(run_id), "props": props})
