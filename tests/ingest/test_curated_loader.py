"""Loading a curated folder: idempotent, updates in place, and every bad row named by file, row and field."""

from __future__ import annotations

import shutil
from pathlib import Path

from jxkg.ingest.pipeline import load_curated
from jxkg.ingest.records import NodeRecord
from jxkg.ingest.write.counts import LoadReport
from jxkg.ingest.write.rows import node_rows, run_stamp, stored_properties
from jxkg.ontology.conventions import DEGREE, FACT_KINDS, NEIGHBOUR_COUNTS, SUPPORT_COUNTS
from jxkg.ontology.schema import load_schema
from jxkg.store import GraphStore

FIXTURES = Path(__file__).parent / "fixtures"


def test_load_then_reload_changes_nothing(store: GraphStore) -> None:
    first = load_curated(store, FIXTURES / "small")
    assert first.problems == []
    assert (first.totals().created, first.totals().updated) == (6, 0)
    second = load_curated(store, FIXTURES / "small")
    assert (second.totals().created, second.totals().updated, second.totals().unchanged) == (0, 0, 6)
    stats = store.stats()
    assert (stats.nodes, stats.relationships) == (4, 2)
    assert stats.labels["ScienceCity"] == 2 and stats.labels["Region"] == 2


def test_nodes_get_their_superclass_labels_and_provenance(store: GraphStore) -> None:
    load_curated(store, FIXTURES / "small")
    (row,) = store.read(
        "MATCH (c:InnovationZone {id: $id})-[r:LOCATED_IN]->(g:PrefectureCity) RETURN c, r, g.nameEn AS city",
        {"id": "science-city:赣州稀金科创城"},
    )
    assert row["c"]["labels"] == ["Entity", "InnovationZone", "Place", "ScienceCity"]
    props = row["c"]["properties"]
    assert props["aliases"] == ["稀金科创城"]
    assert props["quote"] == "建设赣州稀金科创城"
    assert props["provenanceKind"] == "documented"
    assert props["sourceRow"] == 1
    assert props["ingestRun"].startswith("run-")
    assert "稀金" in props["nameBigrams"].split()
    assert row["r"]["properties"]["source"] == "000_d24e6e608ec2dcda.txt#第二章"
    assert row["city"] == "Ganzhou"


def test_a_changed_row_updates_in_place(store: GraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "curated"
    shutil.copytree(FIXTURES / "small", folder)
    load_curated(store, folder)
    cities = folder / "nodes" / "PrefectureCity.csv"
    cities.write_text(cities.read_text(encoding="utf-8").replace("Ganzhou,赣州", "Gan Zhou,赣州"), encoding="utf-8")
    report = load_curated(store, folder)
    assert (report.totals().created, report.totals().updated) == (0, 1)
    assert store.read("MATCH (n:Entity {id: '360700'}) RETURN n.nameEn AS en")[0]["en"] == "Gan Zhou"
    assert store.stats().nodes == 4


def test_bad_rows_are_named_and_the_good_rows_still_load(store: GraphStore) -> None:
    report = load_curated(store, FIXTURES / "bad")
    messages = [str(p) for p in report.problems]
    bad = str(FIXTURES / "bad")

    def said(fragment: str) -> bool:
        return any(fragment in m for m in messages)

    assert said(f"{bad}/nodes/PrefectureCity.csv, field 'colour': column is not a property of the ontology")
    assert said(f"{bad}/nodes/PrefectureCity.csv, row 2, field 'id': missing id")
    assert said(f"{bad}/nodes/PrefectureCity.csv, row 4, field 'id': duplicate id with conflicting values")
    assert said(f"{bad}/nodes/Observation.csv, row 1, field 'year': expected a whole number")
    assert said(f"{bad}/nodes/Spaceship.csv: file name is not a class of the ontology")
    assert said(f"{bad}/edges/LOCATED_IN.csv, row 1, field 'end': no entity has this id (dangling link)")
    assert said(f"{bad}/edges/LOCATED_IN.csv, row 2, field 'start': no entity has this id")
    assert len(messages) == 7, messages
    ids = {r["id"] for r in store.read("MATCH (n:Entity) RETURN n.id AS id")}
    assert ids == {"360100", "360700", "observation:研发经费投入:360000:2016"}
    assert store.read("MATCH (n:Entity {id: '360700'}) RETURN n.nameZh AS zh")[0]["zh"] == "赣州市"


def test_an_injection_shaped_name_is_stored_literally(store: GraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "curated"
    (folder / "nodes").mkdir(parents=True)
    hostile = '"}) DETACH DELETE n //'
    (folder / "nodes" / "University.csv").write_text(
        f'id,nameZh\nuniversity:a,"{hostile.replace(chr(34), chr(34) * 2)}"\nuniversity:b,南昌大学\n', encoding="utf-8"
    )
    report = load_curated(store, folder)
    assert report.problems == []
    assert store.read("MATCH (n:University {id: 'university:a'}) RETURN n.nameZh AS zh")[0]["zh"] == hostile
    assert store.stats().nodes == 2


def test_what_the_writer_stamps_is_the_ontologys_bookkeeping() -> None:
    """The ontology's `jx:bookkeeping` flag is the one list of the loader's own properties (exports
    drop them, sources may not set them): it must be exactly what the writer adds to a record, and the
    counts it keeps on entities and documents after the run (`jxkg.ingest.write.kept`, `support`)."""
    schema = load_schema()
    record = NodeRecord("Enterprise", "enterprise:甲", {"nameZh": "甲公司", "quote": "甲公司，先发优势。"}, "a.csv", 2)
    rows = node_rows([record], schema, LoadReport(run_id="run-x"), run_stamp("run-x"))["Enterprise"]
    added = set(stored_properties(rows[0])) - set(record.properties)
    assert added - {schema.key, "source", "sourceRow"} == schema.bookkeeping - {
        DEGREE,
        NEIGHBOUR_COUNTS,
        SUPPORT_COUNTS,
        FACT_KINDS,
    }
    assert rows[0]["props"]["quoteBigrams"] == "甲公 公司 先发 发优 优势"  # in order, the text's positions kept
