"""Derived facts (`jxkg.ingest.write.derive`) on both engines: created, marked, kept, removed as data changes."""

from __future__ import annotations

from pathlib import Path

from jxkg.ingest.pipeline import load_curated
from jxkg.store import GraphStore

NODES = {
    "PrefectureCity": "id,nameZh,code\n360100,南昌市,360100\n360700,赣州市,360700\n",
    "University": "id,nameZh\nuniversity:甲大学,甲大学\n",
    "NationalKeyLaboratory": "id,nameZh\nnational-key-laboratory:甲实验室,甲实验室\n",
}
HOSTED = "start,end,provenanceKind,note\nnational-key-laboratory:甲实验室,university:甲大学,curated,host\n"


def _folder(tmp_path: Path, located: str) -> Path:
    folder = tmp_path / "data"
    (folder / "nodes").mkdir(parents=True, exist_ok=True)
    (folder / "edges").mkdir(parents=True, exist_ok=True)
    for name, text in NODES.items():
        (folder / "nodes" / f"{name}.csv").write_text(text, encoding="utf-8")
    (folder / "edges" / "HOSTED_BY.csv").write_text(HOSTED, encoding="utf-8")
    (folder / "edges" / "LOCATED_IN.csv").write_text(
        "start,end,certainty,provenanceKind,note\n" + located, encoding="utf-8"
    )
    return folder


def _locations(store: GraphStore) -> list[tuple[str, str, str | None, str | None, str | None]]:
    rows = store.read(
        "MATCH (a:Entity {id: 'national-key-laboratory:甲实验室'})-[r:LOCATED_IN]->(b:Entity) "
        "RETURN b.id AS place, r.provenanceKind AS kind, r.derivedBy AS rule, r.certainty AS certainty "
        "ORDER BY place"
    )
    return [("lab", r["place"], r["kind"], r["rule"], r["certainty"]) for r in rows]


def test_a_platform_without_a_place_is_where_its_host_is(store: GraphStore, tmp_path: Path) -> None:
    report = load_curated(store, _folder(tmp_path, "university:甲大学,360100,,curated,campus\n"))
    assert (report.derived.created, report.derived.deleted) == (1, 0)
    assert _locations(store) == [("lab", "360100", "inferred", "host-location", None)]
    (note,) = store.read("MATCH ()-[r:LOCATED_IN {derivedBy: 'host-location'}]->() RETURN r.note AS note")
    assert "甲大学" in note["note"]
    again = load_curated(store, _folder(tmp_path, "university:甲大学,360100,,curated,campus\n"))
    assert (again.derived.created, again.derived.deleted) == (0, 0)
    assert again.totals().created == 0 and again.totals().updated == 0


def test_the_derived_place_follows_the_host_and_keeps_its_doubt(store: GraphStore, tmp_path: Path) -> None:
    load_curated(store, _folder(tmp_path, "university:甲大学,360100,,curated,campus\n"))
    # the host's place is corrected: the old one is no longer asserted for it in the source, so remove
    # the stale edge as a steward would (the writer only adds), and the derived place follows
    store.write("MATCH (:Entity {id: 'university:甲大学'})-[r:LOCATED_IN]->() DELETE r")
    moved = load_curated(store, _folder(tmp_path, "university:甲大学,360700,doubtful,curated,maybe\n"))
    assert (moved.derived.created, moved.derived.deleted) == (1, 1)
    assert _locations(store) == [("lab", "360700", "inferred", "host-location", "doubtful")]


def test_a_place_of_its_own_replaces_the_derived_one(store: GraphStore, tmp_path: Path) -> None:
    load_curated(store, _folder(tmp_path, "university:甲大学,360100,,curated,campus\n"))
    own = "university:甲大学,360100,,curated,campus\nnational-key-laboratory:甲实验室,360700,,curated,its own\n"
    report = load_curated(store, _folder(tmp_path, own))
    assert (report.derived.created, report.derived.deleted) == (0, 1)
    assert _locations(store) == [("lab", "360700", "curated", None, None)]
