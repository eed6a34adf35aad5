"""`jxkg export --format neo4j-admin`: the files `neo4j-admin database import full` takes, for a first
load of an empty Neo4j database at millions of rows.

The records go the way `jxkg ingest` takes them, short of the database: read (the caller, with
`read_sources`), once per id (`drop_duplicates`), the SHACL gate (`run_gate`, with no stored
neighbours: the database is empty), the writer's own rows (`node_rows`, `edge_rows`: the same
properties, content hashes and run stamps), the facts derived by rule, and the run's `IngestRun`
node; what the gate or the writer rejects goes to the run's quarantine file and report, as an
ingest's would. What passes is written as CSV: per class, a header file and a data file, labelled
on the command line (`--nodes=Entity:Organization:Enterprise=header,data`); per relationship type
the same (`--relationships=TYPE=header,data`). One ID space, `Entity`, holds every node's `id`.

Columns are typed as the driver stores a Python value (int -> long, float -> double, bool ->
boolean, str -> string, a list -> an array of those); a property whose values are of two types in
one class gets a file per type. Strings are always quoted (so "" is an empty string, and an
empty field no property); arrays use U+001F between elements, a control character the writer never
lets into the graph. Two things a CSV import cannot do are written to `after-import.cypher`, to
run once the database is started: the indexes and constraints (`ensure_schema`'s statements, from
the Neo4j engine itself) and properties whose value is an empty list (the CSV importer reads an
empty array as no value).
"""

from __future__ import annotations

import json
import math
import shlex
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, LiteralString

from jxkg.errors import IngestError
from jxkg.ingest.gate.run import run_gate
from jxkg.ingest.pipeline import IngestOutcome, count_rejections, drop_duplicates
from jxkg.ingest.records import ReadResult
from jxkg.ingest.runs.history import finish_run, start_run
from jxkg.ingest.runs.report import write_quarantine, write_report
from jxkg.ingest.write.derive import HOST_LOCATION, Derived, derived_relationship
from jxkg.ingest.write.writer import LoadReport, Stamp, edge_rows, node_rows, run_stamp, stored_properties
from jxkg.ontology.conventions import DERIVED_BY, INFERRED, PROVENANCE_KIND, RUN_CLASS, new_run_id
from jxkg.ontology.schema import GraphSchema
from jxkg.store import GraphStore, Health, IndexSpec, QueryResult
from jxkg.store.base import AccessMode, Params, check_identifier
from jxkg.store.neo4j_engine import Neo4jStore

ID_SPACE = "Entity"
ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"
SCRIPT = "import.sh"
AFTER_IMPORT = "after-import.cypher"
MANIFEST = "MANIFEST.json"
READ_BUFFER = 4 * 2**20  # the importer's default --read-buffer-size
_SCALARS = {bool: "boolean", int: "long", float: "double", str: "string"}
_SPECIAL_FLOATS = {math.inf: "Infinity", -math.inf: "-Infinity"}


@dataclass(frozen=True)
class CsvGroup:
    """One `--nodes` or `--relationships` argument: a header file and a data file."""

    option: str  # "nodes" or "relationships"
    name: str  # the labels (Entity:Organization:Enterprise) or the relationship type
    header: Path
    data: Path
    rows: int
    multiline: bool  # some value holds a line break: the importer must be told (--multiline-fields)
    longest: int  # bytes of the longest row: the importer's read buffer must hold it (--read-buffer-size)

    def argument(self, base: Path) -> str:
        return f"--{self.option}={self.name}={self.header.relative_to(base)},{self.data.relative_to(base)}"


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
    run = _RunRecorder()  # the run's IngestRun node, as `start_run` and `finish_run` write it
    start_run(run, schema, run_id, started_by=started_by, files=read.file_names() if files is None else files)
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
    count_rejections(load, read, gate, rejected_on_reading)
    quarantine = write_quarantine(data_dir, run_id, load.problems, gate)
    reports = write_report(data_dir, load, gate, quarantine)
    outcome = IngestOutcome(load, gate, quarantine, reports)

    writer = _FileWriter(out_dir)
    for class_name, class_rows in sorted(nodes.items()):
        writer.nodes(class_name, schema.labels_for(class_name), [stored_properties(r) for r in class_rows])
    finish_run(run, run_id, vars(load.totals()), reports[0], created=written)  # nothing updated: empty
    writer.nodes(RUN_CLASS, schema.labels_for(RUN_CLASS), [run.node])
    for rel_type, rel_rows in sorted(relationships.items()):
        writer.relationships(rel_type, rel_rows)
    after_import = out_dir / AFTER_IMPORT
    after_import.write_text(_after_import_text(schema.index_specs(), writer.empty_lists), encoding="utf-8")
    export = AdminExport(out_dir, tuple(writer.groups), after_import, out_dir / SCRIPT, outcome)
    export.script.write_text(_script_text(export, database, run_id), encoding="utf-8")
    export.script.chmod(0o755)
    manifest = {
        "run": run_id,
        "database": database,
        "nodes": export.nodes,
        "relationships": export.relationships,
        "files": [
            {"option": g.option, "name": g.name, "header": g.header.name, "data": g.data.name, "rows": g.rows}
            for g in export.groups
        ],
        "report": str(reports[0]),
        "quarantineFile": str(quarantine) if quarantine else None,
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return export


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


class _RunRecorder(GraphStore):
    """Stands in for the store while `start_run` and `finish_run` write the run's node: keeps the
    properties they set (`SET r += $props` on the node `$id`), runs nothing."""

    engine: ClassVar[str] = "recorder"
    _fulltext_call: ClassVar[LiteralString] = ""

    def __init__(self) -> None:
        self.node: dict[str, Any] = {}

    def _run(self, query: str, params: Params, mode: AccessMode, row_limit: int | None = None) -> QueryResult:
        if mode is AccessMode.READ:
            return QueryResult(rows=[])
        if not isinstance(params.get("props"), dict) or "+= $props" not in query:
            raise IngestError(f"the run's record is written in a way this export does not follow: {query}")
        self.node.setdefault("id", params["id"])
        for name, value in params["props"].items():
            if value is None:
                self.node.pop(name, None)
            else:
                self.node[name] = value
        return QueryResult(rows=[])

    def _fulltext_index(self, index: IndexSpec) -> str:
        raise NotImplementedError

    def _fulltext_terms(self, text: str) -> str:
        raise NotImplementedError

    def _existing_indexes(self) -> set[IndexSpec]:
        return set()

    def _create_index(self, spec: IndexSpec) -> None:
        pass

    def health(self) -> Health:
        return Health(self.engine, "", False, "")

    def close(self) -> None:
        pass


class _FileWriter:
    """Writes each group's header and data files; keeps what a CSV cannot say (empty lists)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.groups: list[CsvGroup] = []
        self.empty_lists: list[tuple[str, str, str, str]] = []  # (nodes|relationships, type, id, property)

    def nodes(self, class_name: str, labels: Sequence[str], rows: list[dict[str, Any]]) -> None:
        name = ":".join(check_identifier(label) for label in labels)
        self._write("nodes", class_name, name, rows, {"id": f"id:ID({ID_SPACE})"})
        self.empty_lists += [("nodes", "", str(r["id"]), k) for r in rows for k, v in r.items() if v == []]

    def relationships(self, rel_type: str, rows: list[dict[str, Any]]) -> None:
        check_identifier(rel_type)
        fixed = {":START_ID": f":START_ID({ID_SPACE})", ":END_ID": f":END_ID({ID_SPACE})"}
        self._write("relationships", rel_type, rel_type, rows, fixed)
        self.empty_lists += [
            ("relationships", rel_type, str(r["id"]), k) for r in rows for k, v in r.items() if v == []
        ]

    def _write(self, option: str, stem: str, name: str, rows: list[dict[str, Any]], fixed: dict[str, str]) -> None:
        """One file per combination of types of the columns whose type varies (usually one file)."""
        types: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            for key, value in row.items():
                kind = _csv_type(value, key)
                if kind is not None and key not in fixed:
                    types[key].add(kind)
        varying = sorted(k for k, kinds in types.items() if len(kinds) > 1)
        parts: dict[tuple[str | None, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            parts[tuple(_csv_type(row.get(k), k) for k in varying)].append(row)
        folder = self.out_dir / option
        folder.mkdir(exist_ok=True)
        for number, (signature, part) in enumerate(sorted(parts.items(), key=lambda p: str(p[0])), start=1):
            chosen = {k: next(iter(kinds)) for k, kinds in types.items()} | dict(zip(varying, signature, strict=True))
            columns = [(k, fixed[k]) for k in fixed]
            columns += [(k, f"{check_identifier(k)}:{kind}") for k, kind in sorted(chosen.items()) if kind is not None]
            suffix = "" if number == 1 else f"-{number}"
            header = folder / f"{stem}{suffix}.header.csv"
            data = folder / f"{stem}{suffix}.csv"
            header.write_text(",".join(c for _, c in columns) + "\n", encoding="utf-8")
            multiline = False
            longest = 0
            with data.open("w", encoding="utf-8", newline="") as handle:
                for row in part:
                    line = ",".join(_field(row.get(key)) for key, _ in columns) + "\n"
                    multiline = multiline or "\n" in line[:-1] or "\r" in line
                    longest = max(longest, len(line) if len(line) < READ_BUFFER // 8 else len(line.encode()))
                    handle.write(line)
            self.groups.append(CsvGroup(option, name, header, data, len(part), multiline, longest))


def _csv_type(value: Any, name: str) -> str | None:
    """The importer's type for a value as the driver would store it; None for no value."""
    if value is None or value == []:
        return None
    if isinstance(value, list):
        kinds = {_csv_type(v, name) for v in value}
        if len(kinds) != 1 or None in kinds or any(k is not None and k.endswith("[]") for k in kinds):
            raise IngestError(f"property {name!r}: a list of mixed or nested values cannot be stored ({value[:5]!r})")
        return f"{kinds.pop()}[]"
    kind = _SCALARS.get(type(value))
    if kind is None:
        raise IngestError(f"property {name!r}: cannot write a {type(value).__name__} value ({value!r})")
    return kind


def _field(value: Any) -> str:
    if value is None or value == []:
        return ""
    if isinstance(value, list):
        return _quoted(ARRAY_DELIMITER.join(_scalar(v) for v in value))
    if isinstance(value, str):
        return _quoted(value)
    return _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return _SPECIAL_FLOATS.get(value, repr(value))
    return str(value)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class _StatementRecorder(Neo4jStore):
    """The Neo4j engine's own schema statements, recorded instead of run: what `ensure_schema`
    creates on an empty database, so the file cannot drift from it."""

    def __init__(self) -> None:  # no driver: nothing is connected to
        self.statements: list[str] = []

    def _schema(self, statement: str) -> None:
        self.statements.append(statement)

    def read(self, query: Any, params: Any = None) -> list[dict[str, Any]]:
        return []  # an empty database holds no index to replace

    def close(self) -> None:
        pass


def schema_statements(specs: Iterable[IndexSpec]) -> list[str]:
    """The Cypher that creates `specs` on Neo4j, as `Neo4jStore.ensure_schema` runs it."""
    recorder = _StatementRecorder()
    for spec in dict.fromkeys(specs):
        recorder._create_index(spec)
    return recorder.statements


def _after_import_text(specs: Iterable[IndexSpec], empty_lists: list[tuple[str, str, str, str]]) -> str:
    lines = [
        "// Run once the imported database is started, e.g. cypher-shell -d neo4j -f after-import.cypher",
        "// 1. the indexes and constraints jxkg ensures before it writes (neo4j-admin creates none)",
        *(f"{s};" for s in schema_statements(specs)),
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
