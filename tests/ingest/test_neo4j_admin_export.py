"""`jxkg export --format neo4j-admin`: the files `neo4j-admin database import full` takes.

The last test runs the real import tool (Neo4j 5.26's `org.neo4j.cli.AdminTool`, on the classpath
of the Neo4j test launcher: the `neo4j-command-line` and `neo4j-import-tool` jars) into a new
database folder, starts a Neo4j test server on it, and compares the graph with the one
`jxkg ingest` makes of the same records in the same server.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from jxkg.export.admin_csv import ARRAY_DELIMITER, CsvFiles
from jxkg.export.neo4j_admin import MANIFEST, SCRIPT, AdminExport, export_for_neo4j_admin, read_statements
from jxkg.ingest.pipeline import load_sources
from jxkg.ingest.read.curated import default_curated_dir
from jxkg.ingest.read.sources import SourcesResult, read_sources
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.store import GraphStore
from jxkg.store.neo4j_engine import Neo4jStore

REPO = Path(__file__).resolve().parents[2]
CURATED = default_curated_dir()
GATE = Path(__file__).parent / "fixtures" / "gate"  # rows the SHACL gate quarantines, and good ones
TYPES = {"string", "long", "double", "boolean"}
TYPES |= {f"{t}[]" for t in TYPES}


@pytest.fixture(scope="module")
def schema() -> GraphSchema:
    return load_schema()


def _sources(schema: GraphSchema, *paths: Path) -> SourcesResult:
    return read_sources(list(paths), schema=schema, curated=CURATED)


def _with_tricky_records(read: SourcesResult) -> SourcesResult:
    """The curated data plus an observation whose value is a whole number (the class's other values
    are decimals: its file is split by type) and whose note holds quotes, a comma and a line break."""
    obs = next(n for n in read.nodes if n.class_name == "Observation")
    extra = dataclasses.replace(
        obs,
        id=f"{obs.id}:whole",
        properties={**obs.properties, "id": f"{obs.id}:whole", "value": 7, "note": 'a "quoted", two-line\nnote'},
    )
    edges = [dataclasses.replace(e, start=extra.id) for e in read.edges if e.start == obs.id]
    return dataclasses.replace(read, nodes=[*read.nodes, extra], edges=[*read.edges, *edges])


def _export(read: SourcesResult, schema: GraphSchema, tmp_path: Path, name: str = "import") -> AdminExport:
    return export_for_neo4j_admin(
        read,
        schema,
        tmp_path / name,
        tmp_path / "data",
        rejected_on_reading=(read.rejected_nodes, read.rejected_edges),
    )


def _header(path: Path) -> list[tuple[str, str]]:
    (line,) = path.read_text(encoding="utf-8").splitlines()
    return [(c.rsplit(":", 1)[0], c.rsplit(":", 1)[1]) for c in line.split(",")]


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:  # RFC 4180, as the importer reads it
        return list(csv.reader(handle, delimiter=",", quotechar='"', doublequote=True, strict=True))


# --- the files ------------------------------------------------------------------------------------------------------


def test_files_and_headers_follow_the_import_format(schema: GraphSchema, tmp_path: Path) -> None:
    read = _with_tricky_records(_sources(schema, CURATED))
    export = _export(read, schema, tmp_path)
    assert export.outcome.rejected == 0
    node_ids: Counter[str] = Counter()
    ends: list[str] = []
    for group in export.groups:
        columns = _header(group.header)
        rows = _rows(group.data)
        assert len(rows) == group.rows > 0
        assert all(len(row) == len(columns) for row in rows), group.data
        if group.option == "nodes":
            assert columns[0] == ("id", "ID(Entity)")
            assert group.name.split(":")[0] == "Entity"
            assert all(schema.node_type(label) for label in group.name.split(":"))  # labels of the ontology
            node_ids.update(row[0] for row in rows)
        else:
            assert columns[:2] == [("", "START_ID(Entity)"), ("", "END_ID(Entity)")]
            assert schema.relationship(group.name).type == group.name
            ends += [end for row in rows for end in row[:2]]
        names = [name for name, _ in columns[1 if group.option == "nodes" else 2 :]]
        assert len(set(names)) == len(names) and all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n) for n in names)
        for (name, kind), values in zip(columns, zip(*rows, strict=True), strict=True):
            if (group.option == "nodes" and name == "id") or not name:
                continue
            assert kind in TYPES, (group.header, name, kind)
            for value in filter(None, values):
                for item in value.split(ARRAY_DELIMITER) if kind.endswith("[]") else [value]:
                    if kind.startswith("long"):
                        int(item)
                    elif kind.startswith("double"):
                        float(item)
                    elif kind.startswith("boolean"):
                        assert item in {"true", "false"}
        has_break = any("\n" in value or "\r" in value for row in rows for value in row)
        assert group.multiline == has_break, group.data
    assert max(node_ids.values()) == 1  # one ID space: every id once
    assert set(ends) <= set(node_ids)
    assert sum(node_ids.values()) == len(read.nodes) + 1  # and the run's IngestRun node
    # the whole number got its own file: one column cannot hold a long and a double
    observation = [g for g in export.groups if g.name.endswith(":Observation")]
    assert sorted(dict(_header(g.header))["value"] for g in observation) == ["double", "long"]

    script = (export.out_dir / SCRIPT).read_text(encoding="utf-8")
    assert subprocess.run(["sh", "-n", str(export.out_dir / SCRIPT)], check=False).returncode == 0
    assert "database import full" in script and script.rstrip().endswith("neo4j")
    for group in export.groups:
        assert f"--{group.option}={group.name}={group.header.relative_to(export.out_dir)}," in script
    multiline = [str(g.data.relative_to(export.out_dir)) for g in export.groups if g.multiline]
    assert f"--multiline-fields={','.join(multiline)}" in script
    manifest = json.loads((export.out_dir / MANIFEST).read_text(encoding="utf-8"))
    assert (manifest["nodes"], manifest["relationships"]) == (export.nodes, export.relationships)


def test_a_property_of_two_types_gets_a_file_per_type(tmp_path: Path) -> None:
    writer = CsvFiles(tmp_path)
    rows: list[dict[str, Any]] = [
        {"id": "a", "value": 1, "tags": ["x", "y"], "note": 'say "hi", twice'},
        {"id": "b", "value": 1.5, "tags": [], "note": ""},
        {"id": "c", "value": None, "flag": True},
    ]
    writer.nodes("Thing", ("Entity", "Thing"), rows)
    headers = {g.header.name: g.header.read_text(encoding="utf-8").strip() for g in writer.groups}
    data = {g.data.name: g.data.read_text(encoding="utf-8") for g in writer.groups}
    assert headers == {
        "Thing.header.csv": "id:ID(Entity),flag:boolean,note:string,tags:string[],value:double",
        "Thing-2.header.csv": "id:ID(Entity),flag:boolean,note:string,tags:string[],value:long",
        "Thing-3.header.csv": "id:ID(Entity),flag:boolean,note:string,tags:string[]",
    }
    # no value: an empty field; an empty string: "" (the importer keeps it); an empty list: after the import
    assert data == {
        "Thing.csv": '"b",,"",,1.5\n',
        "Thing-2.csv": f'"a",,"say ""hi"", twice","x{ARRAY_DELIMITER}y",1\n',
        "Thing-3.csv": '"c",true,,\n',
    }
    assert writer.empty_lists == [("nodes", "", "b", "tags")]
    assert max(g.longest for g in writer.groups) == len(data["Thing-2.csv"].encode())  # for --read-buffer-size


@pytest.mark.parametrize("store", ["falkordb"], indirect=True)
def test_the_gate_quarantines_and_reports_as_an_ingest_does(
    schema: GraphSchema, store: GraphStore, tmp_path: Path
) -> None:
    read = _sources(schema, GATE)
    export = _export(read, schema, tmp_path)
    ingest = load_sources(store, _sources(schema, GATE), schema, tmp_path / "ingest-data")
    assert export.outcome.gate.quarantined  # the fixture's bad rows
    assert export.outcome.gate.quarantined == ingest.gate.quarantined
    assert export.outcome.rejected == ingest.rejected
    reports = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in (export.outcome.report_files[0], ingest.report_files[0])
    ]
    for key in ("nodes", "relationships", "totals", "quarantined", "problems", "notes"):
        assert reports[0][key] == reports[1][key], key
    quarantined = [
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for path in (export.outcome.quarantine_file, ingest.quarantine_file)
        if path is not None
    ]
    assert len(quarantined) == 2 and quarantined[0] == quarantined[1]
    exported = {row[0] for g in export.groups if g.option == "nodes" for row in _rows(g.data)}
    loaded = {r["id"] for r in store.read("MATCH (n:Entity) RETURN n.id AS id")}
    run_node = {i for i in exported if i.startswith("ingest-run:")}
    assert exported - run_node == {i for i in loaded if not i.startswith("ingest-run:")}


def test_the_command_line(schema: GraphSchema, tmp_path: Path) -> None:
    env = {**os.environ, "JXKG_DATA_DIR": str(tmp_path / "data")}

    def jxkg(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "jxkg.cli.main", "export", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)

    done = jxkg("--format", "neo4j-admin", str(GATE), "--out", str(tmp_path / "out"))
    assert done.returncode == 3, done.stderr  # some rows quarantined, as `jxkg ingest` says it
    assert "quarantine file:" in done.stdout and (tmp_path / "out" / SCRIPT).is_file()
    again = jxkg("--format", "neo4j-admin", str(GATE), "--out", str(tmp_path / "out"))
    assert again.returncode != 0 and "not empty" in again.stderr and "Traceback" not in again.stderr
    no_out = jxkg("--format", "neo4j-admin", str(GATE))
    assert no_out.returncode == 2 and "--out" in no_out.stderr
    rdf_with_sources = jxkg(str(GATE))
    assert rdf_with_sources.returncode == 2 and "neo4j-admin" in rdf_with_sources.stderr


# --- the real import ------------------------------------------------------------------------------------------------


def _graph(store: GraphStore, run_ids: set[str]) -> tuple[dict[str, Any], Counter[Any]]:
    """Nodes by id (labels, properties) and relationships (ends, type, properties), the run's id made
    `RUN` wherever it appears and the times left out: they differ between two loads."""
    times = {"ingestedAt", "startedAt", "finishedAt"}

    def plain(value: Any) -> Any:
        if isinstance(value, str):
            for run in run_ids:
                value = value.replace(run, "RUN")
            return value
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    def props(found: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(sorted((k, json.dumps(plain(v), ensure_ascii=False)) for k, v in found.items() if k not in times))

    nodes = {
        plain(row["id"]): (sorted(row["labels"]), props(row["props"]))
        for row in store.read("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
    }
    relationships = Counter(
        (plain(row["a"]), row["type"], plain(row["b"]), props(row["props"]))
        for row in store.read("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props")
    )
    return nodes, relationships


@pytest.mark.neo4j
@pytest.mark.slow
def test_an_import_equals_an_ingest(schema: GraphSchema, tmp_path: Path) -> None:
    from tests.neo4j_server import Neo4jTestServer, build_launcher

    if os.environ.get("NEO4J_URI"):
        pytest.skip("NEO4J_URI names an outside server: this test imports into a database folder of its own")
    try:
        java = build_launcher(REPO / "tests" / "neo4j")  # [java, options..., -cp, CLASSPATH, Launcher]
    except RuntimeError as exc:
        if os.environ.get("JXKG_REQUIRE_NEO4J") == "1":
            pytest.fail(f"JXKG_REQUIRE_NEO4J=1 but the Neo4j test server cannot be built: {exc}")
        pytest.skip(f"Neo4j test server unavailable: {exc}")
    classpath = java[java.index("-cp") + 1]
    read = _with_tricky_records(_sources(schema, CURATED, GATE))
    export = _export(read, schema, tmp_path)
    assert export.outcome.gate.quarantined  # the gate fixture's bad rows stay out

    # the import, as a user runs it: import.sh, with neo4j-admin being the tool's main class
    home = tmp_path / "neo4j"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    admin = tmp_path / "neo4j-admin"
    admin.write_text(
        f'#!/bin/sh\nexec {java[0]} -Xmx256m -cp "{classpath}" org.neo4j.cli.AdminTool "$@"\n', encoding="utf-8"
    )
    admin.chmod(0o755)
    env = {**os.environ, "NEO4J_ADMIN": str(admin), "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    imported = subprocess.run(
        [str(export.script), "--max-off-heap-memory=256m", f"--report-file={tmp_path / 'import.report'}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert imported.returncode == 0, imported.stdout[-3000:] + imported.stderr[-3000:]
    assert "IMPORT DONE" in imported.stdout
    assert f"{export.nodes} nodes" in imported.stdout and f"{export.relationships} relationships" in imported.stdout

    with (
        Neo4jTestServer(data_dir=home) as server,  # home/data/databases/neo4j is the imported database
        Neo4jStore(server.uri) as store,
    ):
        for statement in read_statements(export.after_import):
            store.write(statement)  # type: ignore[arg-type]
        assert store.ensure_schema(schema.index_specs()) == []  # the file made what ingest would
        by_import = _graph(store, {export.outcome.load.run_id})
        # later loads go through `jxkg ingest`: it finds the imported records unchanged (by content hash)
        again = load_sources(store, _with_tricky_records(_sources(schema, CURATED, GATE)), schema, tmp_path / "again")
        assert (again.load.totals().created, again.load.totals().updated) == (0, 0)
        assert again.load.totals().unchanged == export.outcome.load.totals().created
        store.clear()
        ingest = load_sources(store, _with_tricky_records(_sources(schema, CURATED, GATE)), schema, tmp_path / "data")
        by_ingest = _graph(store, {ingest.load.run_id})
    assert ingest.gate.quarantined == export.outcome.gate.quarantined
    assert vars(ingest.load.totals()) == vars(export.outcome.load.totals())
    assert ingest.load.derived == export.outcome.load.derived and ingest.load.derived.created > 0
    assert by_import[0].keys() == by_ingest[0].keys()
    assert by_import[0] == by_ingest[0]
    assert by_import[1] == by_ingest[1]
    assert len(by_import[0]) == export.nodes and sum(by_import[1].values()) == export.relationships
