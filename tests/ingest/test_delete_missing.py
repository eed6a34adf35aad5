"""--delete-missing: a source that is the whole truth for its classes removes what it no longer lists."""

from __future__ import annotations

import shutil
from pathlib import Path

from jxkg.ingest.pipeline import run_ingest
from jxkg.ingest.read.curated import read_curated
from jxkg.ontology.schema import load_schema
from jxkg.store import GraphStore

SMALL = Path(__file__).parent / "fixtures" / "small"


def _ids(store: GraphStore, label: str) -> set[str]:
    return {r["id"] for r in store.read(f"MATCH (n:{label}) RETURN n.id AS id")}  # type: ignore[arg-type]


def test_only_with_the_flag_and_only_what_the_source_no_longer_lists(store: GraphStore, tmp_path: Path) -> None:
    schema = load_schema()
    folder = tmp_path / "truth"
    shutil.copytree(SMALL, folder)
    run_ingest(read_curated(folder, schema), store, schema, tmp_path)
    cities = folder / "nodes" / "ScienceCity.csv"
    lines = cities.read_text(encoding="utf-8").splitlines()
    cities.write_text("\n".join(line for line in lines if "南昌航空" not in line) + "\n", encoding="utf-8")
    edges = folder / "edges" / "LOCATED_IN.csv"
    edges.write_text(
        "\n".join(line for line in edges.read_text(encoding="utf-8").splitlines() if "南昌航空" not in line) + "\n",
        encoding="utf-8",
    )

    run_ingest(read_curated(folder, schema), store, schema, tmp_path)
    assert "science-city:南昌航空科创城" in _ids(store, "ScienceCity"), "without the flag nothing is deleted"

    # a bad row for the remaining city: quarantined, yet its good version stays
    cities.write_text(cities.read_text(encoding="utf-8").replace(",built,", ",dreaming,"), encoding="utf-8")
    outcome = run_ingest(read_curated(folder, schema), store, schema, tmp_path, delete_missing=True)
    assert _ids(store, "ScienceCity") == {"science-city:赣州稀金科创城"}
    assert outcome.load.nodes["ScienceCity"].deleted == 1
    assert outcome.gate.quarantined, "the spoiled row was quarantined"
    assert _ids(store, "PrefectureCity") == {"360100", "360700"}, "other classes are untouched"
