"""What a record becomes before it is written: screened (each id and relationship once, no control
character), then a row with its content hash and the run's stamp. The writer makes the rows batch by
batch as the store asks for them; `jxkg export --format neo4j-admin` makes them all at once and
writes them to files.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from jxkg.ingest.records import EdgeRecord, NodeRecord, Problem, control_character
from jxkg.ingest.write.counts import LoadReport
from jxkg.ontology.conventions import (
    CONTENT_HASH,
    INGEST_RUN,
    INGESTED_AT,
    NAME_BIGRAMS,
    QUOTE,
    QUOTE_BIGRAMS,
    SOURCE,
    SOURCE_ROW,
    now_text,
    relationship_id,
)
from jxkg.ontology.schema import GraphSchema
from jxkg.store.text import char_bigrams, sequence_bigrams

Stamp = dict[str, str]  # what `run_stamp` gives: {run, at}


def run_stamp(run_id: str) -> Stamp:
    """What every node and relationship a run writes is stamped with: the run's id and the time (UTC)."""
    return {"run": run_id, "at": now_text()}


# the writer's bookkeeping on what it writes: the property, and the key of the row that holds its value
STAMPED = {CONTENT_HASH: "hash", INGEST_RUN: "run", INGESTED_AT: "at"}


def screen_nodes(nodes: Iterable[NodeRecord], report: LoadReport) -> dict[str, list[NodeRecord]]:
    """The records to write, by class: each counted as read; one with a control character or an id
    already given is rejected, with its problem, into `report` (the first of an id stands). What
    makes a record's row (`node_row`) costs more and waits until the row is asked for."""
    by_class: dict[str, list[NodeRecord]] = defaultdict(list)
    seen: dict[str, NodeRecord] = {}
    for record in nodes:
        report.nodes[record.class_name].read += 1
        if _has_control_character(record.properties, record, report):
            report.nodes[record.class_name].rejected += 1
            continue
        first = seen.setdefault(record.id, record)
        if first is not record:
            if (first.class_name, first.properties) != (record.class_name, record.properties):
                report.problems.append(
                    Problem(
                        record.source_file,
                        record.row,
                        "id",
                        record.id,
                        f"duplicate id with conflicting values (first at {first.source_file}, row {first.row})",
                    )
                )
            report.nodes[record.class_name].rejected += 1
            continue
        by_class[record.class_name].append(record)
    return by_class


def node_row(record: NodeRecord, schema: GraphSchema, stamp: Stamp) -> dict[str, Any]:
    """The row a node statement takes: {id, hash, props, run, at} (`stored_properties` tells what
    the node holds once written)."""
    props = {"id": record.id, **_canonical(record.properties, schema)}
    if "nameZh" in props:
        aliases = props.get("aliases") or []
        props[NAME_BIGRAMS] = char_bigrams(str(props["nameZh"]), *(str(a) for a in aliases))
    if isinstance(props.get(QUOTE), str) and props[QUOTE]:
        props[QUOTE_BIGRAMS] = sequence_bigrams(props[QUOTE])  # derived from the quote: rewritten with it
    if record.row is not None:
        props[SOURCE_ROW] = record.row
    props.setdefault(SOURCE, record.source_file)
    return {"id": record.id, "hash": _hash(props), "props": props, **stamp}


def node_rows(
    nodes: Iterable[NodeRecord], schema: GraphSchema, report: LoadReport, stamp: Stamp
) -> dict[str, list[dict[str, Any]]]:
    """The rows of the records `screen_nodes` lets through, by class, all at once. Writes nothing:
    `jxkg export --format neo4j-admin` writes them to files (the writer makes them batch by batch)."""
    return {
        class_name: [node_row(record, schema, stamp) for record in records]
        for class_name, records in screen_nodes(nodes, report).items()
    }


def screen_edges(
    edges: Iterable[EdgeRecord],
    known: AbstractSet[str],
    report: LoadReport,
    *,
    earlier: AbstractSet[str] = frozenset(),
) -> dict[str, dict[str, EdgeRecord]]:
    """The records to write, by type and by relationship id (`relationship_id`): those whose two ends are in
    `known`. Each is counted as read; a dangling link, a control character or a repeated
    relationship (in these records, or among the relationship ids of `earlier` batches) is rejected,
    with its problem, into `report`."""
    by_type: dict[str, dict[str, EdgeRecord]] = defaultdict(dict)
    for record in edges:
        counts = report.edges[record.rel_type]
        counts.read += 1
        dangling = [
            (name, value) for name, value in (("start", record.start), ("end", record.end)) if value not in known
        ]
        if dangling:
            for name, value in dangling:
                report.problems.append(
                    Problem(record.source_file, record.row, name, value, "no entity has this id (dangling link)")
                )
            counts.rejected += 1
            continue
        if _has_control_character(record.properties, record, report):
            counts.rejected += 1
            continue
        key = relationship_id(record.start, record.rel_type, record.end, record.properties)
        if key in by_type[record.rel_type] or key in earlier:
            counts.rejected += 1
            report.problems.append(
                Problem(
                    record.source_file,
                    record.row,
                    None,
                    key,
                    "duplicate relationship (same ends, type and source)",
                )
            )
            continue
        by_type[record.rel_type][key] = record
    return by_type


def edge_row(record: EdgeRecord, key: str, schema: GraphSchema, stamp: Stamp) -> dict[str, Any]:
    """The row a relationship statement takes: {start, end, hash, props, run, at}; `key` its
    `relationship_id`."""
    props = _canonical(record.properties, schema)
    if record.row is not None:
        props[SOURCE_ROW] = record.row
    props.setdefault(SOURCE, record.source_file)
    props["id"] = key
    return {"start": record.start, "end": record.end, "hash": _hash(props), "props": props, **stamp}


def edge_rows(
    edges: Iterable[EdgeRecord],
    known: AbstractSet[str],
    schema: GraphSchema,
    report: LoadReport,
    stamp: Stamp,
    *,
    earlier: AbstractSet[str] = frozenset(),
) -> dict[str, dict[str, dict[str, Any]]]:
    """The rows of the records `screen_edges` lets through, by type and by relationship id, all at
    once (as `node_rows`)."""
    return {
        rel_type: {key: edge_row(record, key, schema, stamp) for key, record in records.items()}
        for rel_type, records in screen_edges(edges, known, report, earlier=earlier).items()
    }


def stored_properties(row: Mapping[str, Any]) -> dict[str, Any]:
    """What a node or relationship written from `row` (of `node_rows` or `edge_rows`) holds: the
    row's properties, then the writer's bookkeeping (`STAMPED`), as the writer's statements set them
    (a None value is no property at all, as `SET n = ...` stores it)."""
    stored = {**row["props"], **{name: row[key] for name, key in STAMPED.items()}}
    return {name: value for name, value in stored.items() if value is not None}


def _has_control_character(properties: dict[str, Any], record: NodeRecord | EdgeRecord, report: LoadReport) -> bool:
    """The readers of tables reject such cells; this catches every other source (RDF literals)."""
    for name, value in properties.items():
        for text in value if isinstance(value, list) else [value]:
            problem = control_character(text) if isinstance(text, str) else None
            if problem is not None:
                report.problems.append(
                    Problem(record.source_file, record.row, name, repr(text[:40]), f"value {problem}; not loaded")
                )
                return True
    return False


def _canonical(properties: dict[str, Any], schema: GraphSchema) -> dict[str, Any]:
    """Multi-valued properties are sets (as in RDF): stored sorted and without repeats, so every
    source, and an export read back, gives the same graph."""
    return {
        name: sorted(set(value)) if isinstance(value, list) and schema.property(name).multi_valued else value
        for name, value in properties.items()
    }


def _hash(props: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(props, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:32]
