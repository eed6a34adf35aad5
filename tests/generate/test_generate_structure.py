"""The province carries the structure the regional questions ask about: counties in their cities,
science cities with a city and chains, designations, supporters spread over the chains with a skew."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from jxkg.ingest.pipeline import load_curated, run_ingest
from jxkg.ingest.read.curated import read_curated
from jxkg.ontology.schema import load_schema
from jxkg.queries.catalog import load_catalog
from jxkg.queries.run import run_named
from jxkg.store import GraphStore
from jxkg.synthetic.province import generate
from jxkg.synthetic.structure import DESIGNATION_STAGES, STRUCTURE_BASE, scaled
from tests.generate.helpers import CURATED, manifest, rows, run

SCALE = 0.01


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("structure")
    run(folder, SCALE, 11)
    return folder


def _check_structure(store: GraphStore) -> None:
    counties = store.read(
        "MATCH (c:County) OPTIONAL MATCH (c)-[:PART_OF]->(city:PrefectureCity) "
        "RETURN c.id AS county, collect(city.id) AS cities"
    )
    assert counties
    for row in counties:  # GB/T 2260: the county 360111's city is 360100
        assert row["cities"] == [row["county"][:4] + "00"], row
    science = store.read(
        "MATCH (s:ScienceCity) OPTIONAL MATCH (s)-[:LOCATED_IN]->(place:Place) "
        "OPTIONAL MATCH (s)-[:FOCUSES_ON|SUPPORTS_CHAIN]->(chain:IndustryChain) "
        "RETURN s.id AS id, s.provenanceKind AS kind, collect(DISTINCT place.id) AS places, "
        "collect(DISTINCT chain.id) AS chains"
    )
    for row in science:
        assert row["places"] and row["chains"], row
    kinds = Counter(row["kind"] for row in science)
    assert kinds["synthetic"] == scaled(STRUCTURE_BASE["ScienceCity"], SCALE)
    assert kinds["documented"] == len(rows(CURATED / "nodes" / "ScienceCity.csv"))


def test_the_province_alone_passes_the_gate_with_its_structure(
    store: GraphStore, province: Path, tmp_path: Path
) -> None:
    schema = load_schema()
    outcome = run_ingest(read_curated(province, schema), store, schema, tmp_path / "out")
    assert outcome.load.problems == [] and outcome.gate.quarantined == []
    # only the missing English names of the generated rows are noted: no county or city without its PART_OF
    assert {f.message_en for f in outcome.gate.notes} <= {"no English name (jx:nameEn): add it where known"}
    _check_structure(store)
    catalog = load_catalog()
    headline = run_named(store, catalog.get("science-city-chain-support"), {})
    supported = {row["scienceCityId"] for row in headline.rows if row["supporterCount"]}  # counted, listed or not
    assert len(supported) > 1
    assert any(s.startswith("science-city:合成") for s in supported)
    assert any(not s.startswith("science-city:合成") for s in supported)
    designations = run_named(store, catalog.get("region-designations"), {}).rows
    synthetic = [row for row in designations if row["provenance"]["kind"] == "synthetic"]
    assert len(synthetic) == scaled(STRUCTURE_BASE["designations"], SCALE)
    assert all(row["stage"] in DESIGNATION_STAGES for row in synthetic)
    assert len(designations) - len(synthetic) == len(rows(CURATED / "edges" / "DESIGNATED_AS.csv"))


def test_loaded_after_the_curated_data_it_repeats_no_fact(store: GraphStore, province: Path) -> None:
    assert load_curated(store, CURATED).problems == []
    before = store.read("MATCH ()-[r]->() WHERE r.provenanceKind <> 'synthetic' RETURN count(r) AS n")[0]["n"]
    report = load_curated(store, province)
    assert report.problems == []
    copied = {name for name, info in manifest(province)["files"].items() if info["curated"]}
    assert "edges/PART_OF.csv" in copied
    assert report.edges["PART_OF"].created == 0  # the copies are the curated links themselves
    after = store.read("MATCH ()-[r]->() WHERE r.provenanceKind <> 'synthetic' RETURN count(r) AS n")[0]["n"]
    assert after == before
    links = store.read("MATCH (:County)-[r:PART_OF]->(:PrefectureCity) RETURN r.provenanceKind AS kind")
    assert [row["kind"] for row in links] == ["reference"] * len(rows(CURATED / "nodes" / "County.csv"))
    _check_structure(store)


def test_supporters_spread_over_the_chains_with_a_skew(tmp_path: Path) -> None:
    run(tmp_path, 0.1, 11)
    per_chain = Counter(r["end"] for r in rows(tmp_path / "edges" / "SUPPORTS_CHAIN.csv") if r["synthetic"])
    counts = sorted(per_chain.values(), reverse=True)
    assert len(counts) >= 15  # not all in one chain
    assert counts[0] < sum(counts) / 2
    assert counts[0] >= 3 * counts[len(counts) // 2]  # some chains heavy, most light


def test_the_structure_grows_with_the_scale(province: Path, tmp_path: Path) -> None:
    run(tmp_path, 0.3, 11)

    def generated(folder: Path, name: str) -> int:
        return sum(1 for r in rows(folder / name) if r["provenanceKind"] == "synthetic")

    for name in ("nodes/ScienceCity.csv", "nodes/Programme.csv", "edges/DESIGNATED_AS.csv"):
        assert generated(tmp_path, name) > generated(province, name) >= 1, name
    for folder, scale in ((province, SCALE), (tmp_path, 0.3)):
        for name, base in (
            ("nodes/ScienceCity.csv", "ScienceCity"),
            ("nodes/Programme.csv", "designationProgrammes"),
            ("edges/DESIGNATED_AS.csv", "designations"),
        ):
            assert generated(folder, name) == scaled(STRUCTURE_BASE[base], scale), (name, scale)


def test_a_county_the_curated_data_leaves_unlinked_gets_a_synthetic_part_of(tmp_path: Path) -> None:
    curated = tmp_path / "curated"
    shutil.copytree(CURATED, curated)
    part_of = curated / "edges" / "PART_OF.csv"
    lines = part_of.read_text(encoding="utf-8").splitlines(keepends=True)
    part_of.write_text("".join(line for line in lines if not line.startswith("360881,")), encoding="utf-8")
    generate(tmp_path / "out", scale=SCALE, seed=11, curated=curated)
    links = rows(tmp_path / "out" / "edges" / "PART_OF.csv")
    synthetic = [(r["start"], r["end"]) for r in links if r["provenanceKind"] == "synthetic"]
    assert synthetic == [("360881", "360800")]  # 井冈山市 in 吉安市, by its GB/T 2260 code
    assert ("360111", "360100") in {(r["start"], r["end"]) for r in links if r["provenanceKind"] == "reference"}
    assert manifest(tmp_path / "out")["files"]["edges/PART_OF.csv"]["curated"] is False
