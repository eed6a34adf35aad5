"""SOURCEs to records: which mapping covers which file, curated folders, `jxkg ingest`, and a real load."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from jxkg.errors import IngestError, MappingError
from jxkg.ingest.pipeline import load_sources
from jxkg.ingest.read.sources import read_sources
from jxkg.ontology.schema import load_schema
from jxkg.store import GraphStore

REPO = Path(__file__).resolve().parents[2]
CURATED = REPO / "data" / "curated"
SOURCES = Path(__file__).parent / "fixtures" / "sources"
GOOD, PARTIAL = SOURCES / "good", SOURCES / "partial"
PYTHON = REPO / ".venv" / "bin" / "python"
NO_CURATED = Path("/nonexistent-curated-folder")  # resolve against nothing but the sources themselves


def test_a_folder_with_its_mapping_yaml_and_rdf(tmp_path: Path) -> None:
    result = read_sources([GOOD], curated=CURATED)
    assert result.problems == [] and result.notices == []
    assert Counter(n.class_name for n in result.nodes) == {"NewTypeRDInstitution": 2, "Observation": 2, "University": 1}
    assert Counter(e.rel_type for e in result.edges) == {
        "LOCATED_IN": 3,
        "SUPPORTS_CHAIN": 3,
        "MEASURES": 2,
        "ABOUT_REGION": 2,
    }
    by_id = {n.id: n for n in result.nodes}
    observation = by_id["observation:全社会研发经费投入:360000:2024"]  # ３６００００ in the file
    assert observation.properties == {
        "unit": "亿元",
        "provenanceKind": "synthetic",
        "nameZh": "全社会研发经费投入 2024",
        "value": 560.0,  # 5,600,000万元 in 亿元
        "year": 2024,
    }
    assert by_id["new-type-rd-institution:南昌航空测试研究院"].properties["level"] == "national"
    edges = {(e.start, e.rel_type, e.end) for e in result.edges}
    assert ("new-type-rd-institution:南昌航空测试研究院", "LOCATED_IN", "360100") in edges  # 南昌 -> 南昌市
    assert ("new-type-rd-institution:赣州稀土测试研究院", "SUPPORTS_CHAIN", "industry-chain:新材料") in edges


def test_a_mapping_beside_the_file_and_the_rejections_counted() -> None:
    result = read_sources([PARTIAL / "平台.csv"], curated=CURATED)
    assert [n.properties["nameZh"] for n in result.nodes] == ["好平台", "远方平台"]
    assert result.rejected_nodes == {"ResearchConditionPlatform": 2}
    assert result.rejected_edges == {"LOCATED_IN": 1}
    file = PARTIAL / "平台.csv"
    assert [str(p) for p in result.problems] == [
        f"{file}, row 2: ragged row: 5 cells, the header has 4; the row was rejected (value '多余')",
        f"{file}, field '颜色': column is not mapped (map it, or list it under ignore:); not loaded",
        f"{file}, row 4, field '成立年份': expected a year such as 2021 or 2021年, got '二〇一九'; "
        "the row was rejected (value '二〇一九')",
        f"{file}, row 3, field '所在地市': no PrefectureCity is known by this name (curated data, this ingest, "
        "aliases); the LOCATED_IN was rejected (value '火星市')",
    ]


def test_an_explicit_mapping_and_an_entity_from_the_same_run(tmp_path: Path) -> None:
    (tmp_path / "cities.csv").write_text("名称\n测试科创城\n", encoding="utf-8")
    (tmp_path / "labs.csv").write_text("名称,科创城\n测试实验室,测试科创城\n", encoding="utf-8")
    mapping = tmp_path / "elsewhere.yaml"
    mapping.write_text(
        "sources:\n"
        "  - files: cities.csv\n    class: ScienceCity\n    properties: {名称: nameZh}\n"
        "  - files: 'lab*'\n    class: ProvincialLaboratory\n    properties: {名称: nameZh}\n"
        "    relationships: {科创城: {type: LOCATED_IN, target: InnovationZone}}\n",
        encoding="utf-8",
    )
    result = read_sources([tmp_path / "labs.csv", tmp_path / "cities.csv"], mapping, curated=CURATED)
    assert result.problems == []
    assert [(e.start, e.end) for e in result.edges] == [("provincial-laboratory:测试实验室", "science-city:测试科创城")]


def test_curated_folders_go_to_the_curated_reader() -> None:
    result = read_sources([REPO / "tests" / "ingest" / "fixtures" / "small"], curated=NO_CURATED)
    assert {n.id for n in result.nodes} == {
        "360100",
        "360700",
        "science-city:赣州稀金科创城",
        "science-city:南昌航空科创城",
    }
    assert len(result.edges) == 2 and result.problems == []


def test_files_no_mapping_covers(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("名称\n甲\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not data", encoding="utf-8")
    result = read_sources([tmp_path], curated=NO_CURATED)
    assert [str(n) for n in result.notices] == [f"{tmp_path / 'a.csv'}: no mapping covers this file; it was skipped"]
    with pytest.raises(IngestError, match=r"a.csv: no mapping covers this file: put a.mapping.yaml beside it"):
        read_sources([tmp_path / "a.csv"])
    with pytest.raises(IngestError, match="no such file or folder"):
        read_sources([tmp_path / "missing.csv"])


def test_a_bad_mapping_stops_the_run_before_anything_is_read(tmp_path: Path) -> None:
    shutil.copytree(PARTIAL, tmp_path / "partial")
    (tmp_path / "partial" / "平台.mapping.yaml").write_text("class: ResearchConditionPlatform\n", encoding="utf-8")
    with pytest.raises(MappingError, match=r"平台.mapping.yaml: the mapping does not fit the ontology:\n  id: no way"):
        read_sources([tmp_path / "partial"])


# --- the command line -----------------------------------------------------------------------------------------------


def run_ingest(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PYTHON if PYTHON.exists() else sys.executable), "-m", "jxkg.cli.main", "ingest", *args],
        cwd=REPO,  # data/curated is what names resolve against
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_dry_run_prints_counts_and_exits_0_when_nothing_was_rejected() -> None:
    done = run_ingest("--dry-run", str(GOOD))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["type", "read", "rejected"]
    counts = {line.split()[0]: line.split()[1:] for line in lines[1:-1]}
    assert counts["NewTypeRDInstitution"] == ["2", "0"]
    assert counts["Observation"] == ["2", "0"]
    assert counts["University"] == ["1", "0"]
    assert counts["[:SUPPORTS_CHAIN]"] == ["3", "0"]
    assert counts["total"] == ["15", "0"]
    assert "nothing was written" in lines[-1]


def test_dry_run_exits_3_when_rows_were_rejected() -> None:
    done = run_ingest("--dry-run", str(PARTIAL))
    assert done.returncode == 3, done.stdout + done.stderr
    assert "ResearchConditionPlatform                      4         2" in done.stdout
    assert "[:LOCATED_IN]                                  2         1" in done.stdout
    assert "problem: " in done.stdout and "row 2: ragged row" in done.stdout


def test_a_bad_mapping_is_one_line_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("名称\n甲\n", encoding="utf-8")
    (tmp_path / "a.mapping.yaml").write_text("class: Spaceship\n", encoding="utf-8")
    done = run_ingest("--dry-run", str(tmp_path))
    said = " ".join(done.stderr.split())  # rich wraps long lines
    assert done.returncode == 1
    assert "a.mapping.yaml: the mapping does not fit the ontology: class: unknown class 'Spaceship'" in said
    assert "Traceback" not in said


# --- a real load ----------------------------------------------------------------------------------------------------


def test_load_into_the_graph_and_reload_changes_nothing(store: GraphStore, tmp_path: Path) -> None:
    schema = load_schema()
    result = read_sources([CURATED, GOOD], schema=schema, curated=CURATED)
    outcome = load_sources(store, result, schema, tmp_path)
    assert outcome.rejected == 0, outcome.gate.quarantined
    report = outcome.load
    assert report.problems == []
    assert report.nodes["Observation"].created >= 2
    (row,) = store.read(
        "MATCH (n:NewTypeRDInstitution {id: $id})-[:LOCATED_IN]->(c:PrefectureCity) RETURN n, c.id AS city",
        {"id": "new-type-rd-institution:赣州稀土测试研究院"},
    )
    assert row["city"] == "360700"
    props = row["n"]["properties"]
    assert props["sourceRow"] == 1 and props["source"].endswith("机构名录.csv") and props["foundedYear"] == 2019
    again = load_sources(store, read_sources([CURATED, GOOD], schema=schema, curated=CURATED), schema, tmp_path).load
    assert (again.totals().created, again.totals().updated) == (0, 0)
