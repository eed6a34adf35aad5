"""`jxkg export --format neo4j-admin`: the files `neo4j-admin database import full` takes, for a first
load of an empty Neo4j database at millions of rows.

The records go the way `jxkg ingest` takes them, short of the database: read (the caller, with
`read_sources`), once per id (`drop_duplicates`), the SHACL gate (`run_gate`, with no stored
neighbours: the database is empty), the writer's own rows (`node_rows`, `edge_rows`: the same
properties, content hashes and run stamps), the facts derived by rule, and the run's `IngestRun`
node (`run_started`, `run_finished`: what `start_run` and `finish_run` write); what the gate or the
writer rejects goes to the run's quarantine file and report, as an ingest's would. What passes is
written as CSV (`admin_csv.py`). Two things a CSV import cannot do are written to
`after-import.cypher`, to run once the database is started: the indexes and constraints
(`ensure_schema`'s statements, from the Neo4j engine itself) and properties whose value is an empty
list (the CSV importer reads an empty array as no value).
"""

from __future__ import annotations

import json
import math
import shlex
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jxkg.errors import IngestError
from jxkg.export.admin_csv import ARRAY_DELIMITER_OPTION, ID_SPACE, READ_BUFFER, CsvFiles, CsvGroup
from jxkg.ingest.gate.run import GateResult, run_gate
from jxkg.ingest.pipeline import IngestOutcome, count_rejections, drop_duplicates
from jxkg.ingest.records import ReadResult
from jxkg.ingest.runs.history import run_finished, run_started
from jxkg.ingest.runs.report import write_quarantine, write_report
from jxkg.ingest.write.counts import LoadReport
from jxkg.ingest.write.derive import HOST_LOCATION, Derived, derived_relationship
from jxkg.ingest.write.kept import NO_COUNTS, count_pairs
from jxkg.ingest.write.rows import Stamp, edge_rows, node_rows, run_stamp, stored_properties
from jxkg.ingest.write.support import Fact, support_of
from jxkg.ontology.conventions import (
    DERIVED_BY,
    INFERRED,
    PROVENANCE_KIND,
    RUN_CLASS,
    SOURCE,
    SUPPORT_COUNTS,
    new_run_id,
    run_node_id,
)
from jxkg.ontology.schema import GraphSchema
from jxkg.store import IndexSpec
from jxkg.store.base import check_identifier
from jxkg.store.neo4j_engine import index_statements

SCRIPT = "import.sh"
AFTER_IMPORT = "after-import.cypher"
MANIFEST = "MANIFEST.json"
SOURCE_DOCUMENT = "SourceDocument"  # the class whose nodes keep what their sections support


@dataclass(frozen=True)
class AdminExport:
    out_dir: Path
    groups: tuple[CsvGroup, ...]
    after_import: Path
    script: Path
    outcome: IngestOutcome

    @property
    def nodes(self) -> int:
        return sum(g.rows for g in self.groups if g.option == "nodes")

    @property
    def relationships(self) -> int:
        return sum(g.rows for g in self.groups if g.option == "relationships")

    def arguments(self) -> list[str]:
        """`neo4j-admin database import full`'s options for these files (paths relative to `out_dir`),
        without the database name."""
        args = [
            "--id-type=string",
            f"--array-delimiter={ARRAY_DELIMITER_OPTION}",
            "--delimiter=,",
            '--quote="',
        ]
        multiline = [str(g.data.relative_to(self.out_dir)) for g in self.groups if g.multiline]
        if multiline:
            args += ["--multiline-fields-format=v2", f"--multiline-fields={','.join(multiline)}"]
        longest = max((g.longest for g in self.groups), default=0)
        if 2 * longest > READ_BUFFER:  # one IngestRun row lists every id the run created: 12 MB at scale 1
            args.append(f"--read-buffer-size={math.ceil(2 * longest / 2**20)}m")
        return args + [g.argument(self.out_dir) for g in self.groups]


def export_for_neo4j_admin(
    read: ReadResult,
    schema: GraphSchema,
    out_dir: Path,
    data_dir: Path,
    *,
    rejected_on_reading: tuple[Mapping[str, int], Mapping[str, int]] = ({}, {}),
    database: str = "neo4j",
    run_id: str | None = None,
    started_by: str | None = None,
    files: Sequence[str] | None = None,
    gate_workers: int | None = None,
) -> AdminExport:
    """Gate the records and write what passes as neo4j-admin import files into `out_dir` (created;
    it must be empty if it exists); the quarantine file and report go under `data_dir`, as
    `run_ingest`'s do. The arguments are `run_ingest`'s."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(out_dir.iterdir()):
        raise IngestError(f"{out_dir} is not empty: give a new or empty folder for the import files")
    read = drop_duplicates(read)
    run_id = run_id or new_run_id()
    named = read.file_names() if files is None else files
    run_node = {"id": run_node_id(run_id), **run_started(run_id, started_by=started_by, files=named)}
    loaded = _load(read, schema, run_id, gate_workers)
    count_rejections(loaded.load, read, loaded.gate, rejected_on_reading)
    quarantine = write_quarantine(data_dir, run_id, loaded.load.problems, loaded.gate)
    reports = write_report(data_dir, loaded.load, loaded.gate, quarantine)
    outcome = IngestOutcome(loaded.load, loaded.gate, quarantine, reports)

    csv = CsvFiles(out_dir)
    # the counts ingest keeps on entities (`kept`), counted here from the rows: there is no graph yet
    classes = {str(r["id"]): class_name for class_name, class_rows in loaded.nodes.items() for r in class_rows}
    pairs = (
        (t, str(r[":START_ID"]), str(r[":END_ID"]), r.get(PROVENANCE_KIND))
        for t, rows in loaded.relationships.items()
        for r in rows
    )
    own_kinds = {str(r["id"]): r["props"].get(PROVENANCE_KIND) for rows in loaded.nodes.values() for r in rows}
    counts = count_pairs(classes, pairs, own_kinds)
    support = _support(loaded)
    for class_name, class_rows in sorted(loaded.nodes.items()):
        rows = [stored_properties(r) | counts[str(r["id"])].properties() for r in class_rows]
        if class_name == SOURCE_DOCUMENT:
            rows = [r | {SUPPORT_COUNTS: list(support.get(str(r.get("fileName")), ()))} for r in rows]
        csv.nodes(class_name, schema.labels_for(class_name), rows)
    run_node |= run_finished(vars(loaded.load.totals()), reports[0], created=loaded.written)  # nothing updated
    run_node |= NO_COUNTS
    csv.nodes(RUN_CLASS, schema.labels_for(RUN_CLASS), [run_node])
    for rel_type, rel_rows in sorted(loaded.relationships.items()):
        csv.relationships(rel_type, rel_rows)
    after_import = out_dir / AFTER_IMPORT
    after_import.write_text(_after_import_text(schema.index_specs(), csv.empty_lists), encoding="utf-8")
    export = AdminExport(out_dir, tuple(csv.groups), after_import, out_dir / SCRIPT, outcome)
    export.script.write_text(_script_text(export, database, run_id), encoding="utf-8")
    export.script.chmod(0o755)
    (out_dir / MANIFEST).write_text(_manifest_text(export, database, run_id), encoding="utf-8")
    return export


@dataclass(frozen=True)
class _Loaded:
    """What the run would write to an empty database: the rows of the nodes by class, the stored
    relationships by type (with their ends), the ids written, and how the load counts them."""

    load: LoadReport
    gate: GateResult
    nodes: dict[str, list[dict[str, Any]]]
    relationships: dict[str, list[dict[str, Any]]]
    written: set[str]


def _load(read: ReadResult, schema: GraphSchema, run_id: str, gate_workers: int | None) -> _Loaded:
    """The gate, then the writer's rows of what passed and the facts derived from them."""
    gate = run_gate(read.nodes, read.edges, schema, lambda ids: {}, workers=gate_workers)  # nothing stored yet
    load = LoadReport(run_id=run_id)
    stamp = run_stamp(run_id)
    nodes = node_rows(gate.nodes, schema, load, stamp)
    written = {row["id"] for rows in nodes.values() for row in rows}
    edges = edge_rows(gate.edges, written, schema, load, stamp)
    # an empty database: every row is a new node or relationship, as the writer would count them
    for class_name, class_rows in nodes.items():
        load.nodes[class_name].created += len(class_rows)
    for rel_type, type_rows in edges.items():
        load.edges[rel_type].created += len(type_rows)
    relationships = {t: [stored_properties(r) | _ends(r) for r in rows.values()] for t, rows in edges.items()}
    load.derived = _derive(nodes, relationships, schema, stamp)
    return _Loaded(load, gate, nodes, relationships, written)


def _support(loaded: _Loaded) -> dict[str, tuple[str, ...]]:
    """What each source document's sections support (`support`), counted from the rows."""
    files = [str(r["props"].get("fileName")) for r in loaded.nodes.get(SOURCE_DOCUMENT, [])]
    facts = [
        Fact("node", class_name, r["props"].get(SOURCE), r["props"].get(PROVENANCE_KIND))
        for class_name, class_rows in loaded.nodes.items()
        for r in class_rows
    ]
    facts += [
        Fact("relationship", rel_type, r.get(SOURCE), r.get(PROVENANCE_KIND))
        for rel_type, rel_rows in loaded.relationships.items()
        for r in rel_rows
    ]
    return support_of(files, facts)


def _manifest_text(export: AdminExport, database: str, run_id: str) -> str:
    outcome = export.outcome
    manifest = {
        "run": run_id,
        "database": database,
        "nodes": export.nodes,
        "relationships": export.relationships,
        "files": [
            {"option": g.option, "name": g.name, "header": g.header.name, "data": g.data.name, "rows": g.rows}
            for g in export.groups
        ],
        "report": str(outcome.report_files[0]),
        "quarantineFile": str(outcome.quarantine_file) if outcome.quarantine_file else None,
    }
    return json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"


def _ends(row: Mapping[str, Any]) -> dict[str, Any]:
    return {":START_ID": row["start"], ":END_ID": row["end"]}


def _derive(
    nodes: Mapping[str, list[dict[str, Any]]],
    relationships: dict[str, list[dict[str, Any]]],
    schema: GraphSchema,
    stamp: Stamp,
) -> Derived:
    """`derive.derive` on the graph these rows make (it runs Cypher on a store; here there is none
    yet): the same rule, the same relationships (`derive.derived_relationship` builds them), changed in
    `relationships` in place. The rule: a Platform or Organization with no LOCATED_IN of its own
    (inferred ones do not count) is located where the entity it is HOSTED_BY is."""
    labels = {row["id"]: set(schema.labels_for(c)) for c, rows in nodes.items() for row in rows}
    names = {row["id"]: row["props"].get("nameZh") for rows in nodes.values() for row in rows}
    located = relationships.setdefault("LOCATED_IN", [])

    def inferred(r: Mapping[str, Any]) -> bool:
        return r.get(PROVENANCE_KIND) == INFERRED

    owners = {r[":START_ID"] for r in located if not inferred(r)}
    places_of: dict[str, list[dict[str, Any]]] = defaultdict(list)  # an entity's own locations, by its id
    for r in located:
        if not inferred(r) and "Place" in labels.get(r[":END_ID"], set()):
            places_of[r[":START_ID"]].append(r)
    found = [
        (h[":START_ID"], hl[":END_ID"], h[":END_ID"], hl)
        for h in relationships.get("HOSTED_BY", [])
        if h[":START_ID"] not in owners and labels.get(h[":START_ID"], set()) & {"Platform", "Organization"}
        for hl in places_of.get(h[":END_ID"], [])
    ]
    wanted: dict[tuple[str, str], dict[str, Any]] = {}
    for start, end, host, hl in sorted(found, key=lambda f: (f[0], f[1], f[2], f[3]["id"])):
        # in the order of derive's query (start, end, host): for two hosts, the last one wins
        wanted[start, end] = {
            "start": start,
            "end": end,
            "host": host,
            "hostName": names.get(host),
            "certainty": hl.get("certainty"),
        }
    existing = {(r[":START_ID"], r[":END_ID"]) for r in located if r.get(DERIVED_BY) == HOST_LOCATION}
    stale = existing - wanted.keys()
    located[:] = [
        r for r in located if not (r.get(DERIVED_BY) == HOST_LOCATION and (r[":START_ID"], r[":END_ID"]) in stale)
    ]
    new = sorted(wanted.keys() - existing)
    first: dict[tuple[str, str], dict[str, Any]] = {}
    for r in located:
        first.setdefault((r[":START_ID"], r[":END_ID"]), r)
    for key in new:
        props = derived_relationship(wanted[key], stamp)["props"]
        match = first.get(key)
        if match is not None:  # MERGE (a)-[r:LOCATED_IN]->(b) finds it: SET r += props
            match.update(props)
        else:
            located.append({**props, ":START_ID": key[0], ":END_ID": key[1]})
    if not located:
        del relationships["LOCATED_IN"]
    return Derived(created=len(new), deleted=len(stale))


def _after_import_text(specs: Iterable[IndexSpec], empty_lists: list[tuple[str, str, str, str]]) -> str:
    lines = [
        "// Run once the imported database is started, e.g. cypher-shell -d neo4j -f after-import.cypher",
        "// 1. the indexes and constraints jxkg ensures before it writes (neo4j-admin creates none)",
        *(f"{s};" for s in index_statements(specs)),
        "CALL db.awaitIndexes(600);",
    ]
    if empty_lists:
        lines.append("// 2. properties whose value is an empty list, which the CSV importer reads as no value")
    for option, rel_type, key, name in empty_lists:
        prop = check_identifier(name)
        if option == "nodes":
            lines.append(f"MATCH (n:{ID_SPACE} {{id: {_cypher_text(key)}}}) SET n.{prop} = [];")
        else:
            lines.append(
                f"MATCH ()-[r:{check_identifier(rel_type)} {{id: {_cypher_text(key)}}}]->() SET r.{prop} = [];"
            )
    return "\n".join(lines) + "\n"


def _cypher_text(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _script_text(export: AdminExport, database: str, run_id: str) -> str:
    args = " \\\n  ".join(shlex.quote(a) for a in export.arguments())
    return (
        "#!/bin/sh\n"
        f"# neo4j-admin database import full of the files `jxkg export --format neo4j-admin` wrote (run {run_id}).\n"
        "# With Neo4j stopped, into an empty or absent database; extra options (--overwrite-destination,\n"
        "# --max-off-heap-memory=2G, ...) are passed on. NEO4J_ADMIN names the tool when it is not on PATH.\n"
        "# Then start Neo4j and run after-import.cypher (indexes and constraints).\n"
        "set -e\n"
        'cd "$(dirname "$0")"\n'
        f'exec "${{NEO4J_ADMIN:-neo4j-admin}}" database import full \\\n  {args} \\\n  "$@" {shlex.quote(database)}\n'
    )


def read_statements(path: Path) -> list[str]:
    """The statements of an after-import file, one a line (for a caller without cypher-shell)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.rstrip().removesuffix(";") for line in lines if line.strip() and not line.startswith("//")]
