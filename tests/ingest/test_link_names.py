"""Link ends by name (the name resolver behind the exact alias table) and the likely-duplicates audit,
on both engines: variants link, the ambiguous and the unknown are quarantined naming the candidates,
the reports list what was linked by name; a planted near-duplicate pair is found, distinct entities
are not."""

from __future__ import annotations

import json
from pathlib import Path

from jxkg.export.duplicates import likely_duplicates
from jxkg.ingest.pipeline import load_sources
from jxkg.ingest.read.sources import read_sources
from jxkg.ingest.records import NodeRecord
from jxkg.ingest.write.writer import GraphWriter
from jxkg.ontology.schema import load_schema
from jxkg.queries.resolve import RunNames
from jxkg.store import GraphStore

MAPPING = """\
class: ResearchConditionPlatform
properties:
  名称: nameZh
relationships:
  依托单位: {type: HOSTED_BY, target: Organization}
"""
ENTERPRISES = """\
class: Enterprise
properties:
  企业名称: nameZh
"""
# 依托单位 as stewards write them: exact, traditional, 国家 left out, an abbreviation with a word
# missing, a name of this same run in traditional characters, one two universities fit, one no one has
ROWS = [
    ("链接平台甲", "南昌大学"),
    ("链接平台乙", "南昌大學"),
    ("链接平台丙", "科改领导小组办公室"),
    ("链接平台丁", "中科院赣江研究院"),
    ("链接平台戊", "江西測試科技有限公司"),
    ("链接平台己", "华东大学"),
    ("链接平台庚", "火星大学"),
]
LINKED = {
    "链接平台甲": "university:南昌大学",
    "链接平台乙": "university:南昌大学",
    "链接平台丙": "government-body:国家科改领导小组办公室",
    "链接平台丁": "research-institute:中国科学院赣江创新研究院",
    "链接平台戊": "enterprise:江西测试科技有限公司",
}


def write_sources(folder: Path) -> list[Path]:
    folder.mkdir()
    (folder / "平台.csv").write_text("名称,依托单位\n" + "".join(f"{a},{b}\n" for a, b in ROWS), encoding="utf-8")
    (folder / "平台.mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (folder / "企业.csv").write_text("企业名称\n江西测试科技有限公司\n", encoding="utf-8")
    (folder / "企业.mapping.yaml").write_text(ENTERPRISES, encoding="utf-8")
    return [folder / "企业.csv", folder / "平台.csv"]


def hosts(store: GraphStore) -> dict[str, str]:
    rows = store.read(
        "MATCH (p:ResearchConditionPlatform)-[:HOSTED_BY]->(h) WHERE p.nameZh STARTS WITH '链接平台' "
        "RETURN p.nameZh AS name, h.id AS host"
    )
    return {row["name"]: row["host"] for row in rows}


def test_link_ends_by_name_link_the_confident_and_quarantine_the_rest_with_candidates(
    curated_copy: GraphStore, tmp_path: Path
) -> None:
    schema = load_schema()
    result = read_sources(write_sources(tmp_path / "in"), schema=schema, names=RunNames(curated_copy, schema))
    linked = {(link.row, link.text): link for link in result.linked_by_name}
    assert set(linked) == {
        (2, "南昌大學"),
        (3, "科改领导小组办公室"),
        (4, "中科院赣江研究院"),
        (5, "江西測試科技有限公司"),
    }
    assert linked[(2, "南昌大學")].matched == "normalised" and linked[(2, "南昌大學")].matched_form == "南昌大学"
    assert linked[(3, "科改领导小组办公室")].matched_form == "国家科改领导小组办公室"
    assert linked[(5, "江西測試科技有限公司")].target == "enterprise:江西测试科技有限公司"  # this run's own

    problems = {p.row: p for p in result.problems}
    assert set(problems) == {6, 7}
    assert problems[6].field == "依托单位" and problems[6].value == "华东大学"
    assert "university:华东交通大学" in problems[6].message and "university:东华理工大学" in problems[6].message
    assert problems[6].message_zh is not None and "华东交通大学" in problems[6].message_zh
    assert "no Organization is known by this name" in problems[7].message

    outcome = load_sources(curated_copy, result, schema, tmp_path / "data")
    assert hosts(curated_copy) == LINKED  # the exact one as before, the variants to the entity they name
    quarantine = [json.loads(line) for line in outcome.quarantine_file.read_text(encoding="utf-8").splitlines()]
    assert {(q["row"], q["field"]) for q in quarantine} == {(6, "依托单位"), (7, "依托单位")}
    assert any("university:华东交通大学" in q["message"] and "华东交通大学" in q["messageZh"] for q in quarantine)
    report = json.loads(outcome.report_files[0].read_text(encoding="utf-8"))
    assert {(k["row"], k["target"], k["matched"]) for k in report["linkedByName"]} >= {
        (2, "university:南昌大学", "normalised")
    }
    assert "linked by name:" in outcome.report_files[1].read_text(encoding="utf-8")


def test_without_a_resolver_link_ends_resolve_exactly_as_before(tmp_path: Path) -> None:
    result = read_sources(write_sources(tmp_path / "in"), schema=load_schema())
    assert result.linked_by_name == []
    assert {p.row for p in result.problems} == {2, 3, 4, 5, 6, 7}  # only the exact name links


def test_the_duplicates_audit_finds_a_planted_pair_and_not_distinct_entities(curated_copy: GraphStore) -> None:
    schema = load_schema()
    planted = NodeRecord("ScienceCity", "science-city:贛州稀金科創城", {"nameZh": "贛州稀金科創城"}, "planted.csv", 1)
    distinct = NodeRecord("University", "university:南昌大学第二", {"nameZh": "南昌大学第二附属"}, "planted.csv", 2)
    GraphWriter(curated_copy, schema).write([planted, distinct], [])
    report = likely_duplicates(curated_copy, schema)
    pairs = {(p.class_name, p.first.id, p.second.id): p for p in report.pairs}
    key = ("ScienceCity", "science-city:贛州稀金科創城", "science-city:赣州稀金科创城")  # by id
    assert key in pairs, report.pairs
    assert pairs[key].second.matched == "normalised" and pairs[key].second.matched_form == "赣州稀金科创城"
    assert pairs[key].first.matched == "normalised" and pairs[key].first.matched_form == "贛州稀金科創城"
    assert set(pairs) == {key}, report.pairs  # 南昌大学 and its 附属 are two; so are 院士数 and 院所数
    assert report.examined == report.entities and not report.truncated

    cut = likely_duplicates(curated_copy, schema, max_entities=10)
    assert cut.truncated and cut.examined == 10
