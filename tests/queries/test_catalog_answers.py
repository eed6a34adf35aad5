"""Answers the source documents imply, written by hand from data/sources and data/curated (not captured
from the output), checked on both engines. Each expectation quotes the sentence it rests on.

plan   = data/sources/000_d24e6e608ec2dcda.txt (江西省“十四五”科技创新规划, 2021)
review = data/sources/003_0734145f5672b58a.txt (建设创新江西 打造中部地区重要区域科技创新中心, 2022)
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from jxkg.errors import ParameterError
from jxkg.queries import load_catalog, run_named
from jxkg.store import GraphStore

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "data" / "sources"
CURATED = REPO / "data" / "curated"
PLAN = "000_d24e6e608ec2dcda.txt"
REVIEW = "003_0734145f5672b58a.txt"
CATALOG = load_catalog()

BUILT = {
    "南昌航空科创城",
    "中国（南昌）中医药科创城",
    "南昌VR科创城",
    "赣州稀金科创城",
    "鹰潭智慧科创城",
    "上饶大数据科创城",
}
PLANNED = {"吉安光电科创城", "九江—抚州数字经济科创城", "景德镇—萍乡陶瓷新材料科创城", "新余—宜春锂电新能源科创城"}


def run(store: GraphStore, name: str, **params: Any) -> list[dict[str, Any]]:
    return run_named(store, CATALOG.get(name), params).rows


def document_text(source: str) -> str:
    """The text of the document a `source` (file#section) names."""
    return (SOURCES / source.split("#", 1)[0]).read_text(encoding="utf-8")


def by(rows: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    return {row[key]: row for row in rows}


def curated_csv(kind: str, name: str) -> list[dict[str, str]]:
    """The rows of data/curated/<kind>/<name>.csv (kind: nodes or edges), read as written, not through ingest."""
    with (CURATED / kind / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def curated_classes() -> dict[str, str]:
    """Every curated node id with its class: the name of the nodes/ file it is in."""
    return {
        row["id"]: path.stem
        for path in sorted((CURATED / "nodes").glob("*.csv"))
        for row in curated_csv("nodes", path.stem)
    }


def curated_edges() -> list[dict[str, str]]:
    """Every curated relationship, as written in edges/, with its type (the file's name) under `type`."""
    return [
        {**row, "type": path.stem}
        for path in sorted((CURATED / "edges").glob("*.csv"))
        for row in curated_csv("edges", path.stem)
    ]


# --- science cities and chains -----------------------------------------------------------------


def test_the_headline_lists_all_ten_science_cities(curated_store: GraphStore) -> None:
    rows = run(curated_store, "science-city-chain-support")
    # plan 第二章第二节: 「统筹南昌航空、中国（南昌）中医药、南昌VR、赣州稀金、鹰潭智慧、上饶大数据六大科创城建设」
    # and 「重点建设吉安光电、九江—抚州数字经济、景德镇—萍乡陶瓷新材料、新余—宜春锂电新能源四大科创城」
    assert {r["scienceCity"] for r in rows} == BUILT | PLANNED
    # every science city appears even where the graph knows no supporter yet: a list, maybe empty
    assert all(isinstance(r["supporters"], list) for r in rows)
    for row in rows:
        ids = [s["id"] for s in row["supporters"]]
        assert ids == sorted(ids), "supporters are listed by id"
    # 新余—宜春锂电新能源: the chain read from the name (锂电新能源), and the 新能源 chain of 多链
    # (plan 第一章第三节: 「多链：部署航空、先进制造与装备、新材料、新能源、…等多条产业创新链」)
    chains = {r["chain"] for r in rows if r["scienceCity"] == "新余—宜春锂电新能源科创城"}
    assert chains == {"锂电新能源", "新能源"}


def test_the_tcm_science_city_is_supported_by_the_tcm_institute(curated_store: GraphStore) -> None:
    rows = run(curated_store, "science-city-chain-support", scienceCity="中国（南昌）中医药科创城")
    assert [(r["scienceCityId"], r["chain"]) for r in rows] == [("science-city:中国（南昌）中医药科创城", "中医药")]
    supporters = by(rows[0]["supporters"], "nameZh")
    # review 聚焦创新资源集聚: 「中国科学院赣江创新研究院、中国中医科学院中医药健康产业研究所等落地赣州」 …
    # 「为江西稀土、中医药等产业高质量发展提供了有力科技支撑」
    institute = supporters["中国中医科学院中医药健康产业研究所"]
    provenance = institute["provenance"]
    assert institute["link"] == "SUPPORTS_CHAIN" and provenance["kind"] == "documented"
    assert provenance["quote"] == "为江西稀土、中医药等产业高质量发展提供了有力科技支撑"
    assert provenance["source"] == f"{REVIEW}#聚焦创新资源集聚"
    assert provenance["quote"] in document_text(provenance["source"])
    # the row cites the review by its node, and the passage of the section that holds the quote
    assert provenance["document"]["id"].startswith("source-document:建设创新江西")
    assert provenance["section"] == "聚焦创新资源集聚"
    assert provenance["passageId"].startswith(f"passage:{REVIEW}#聚焦创新资源集聚")
    assert "赣州市" in institute["locatedIn"] and institute["located"] == "own"
    assert institute["class"] == "ResearchInstitute"
    # review: 「以及国家中药先进制造与现代中药产业创新中心等一批国家级重大创新平台相继落地」
    assert supporters["国家中药先进制造与现代中药产业创新中心"]["class"] == "InnovationCenter"
    # review: 「加紧谋划食品、种业、中医药、氢能与碳中和、航空等领域省级实验室」
    lab = supporters["中医药领域省级实验室"]
    assert lab["link"] == "FOCUSES_ON" and lab["class"] == "ProvincialLaboratory"


def test_the_tcm_chain_is_served_in_nanchang(curated_store: GraphStore) -> None:
    [row] = run(curated_store, "chain-science-cities", chain="中医药")
    # plan 第二章第二节: 「统筹南昌航空、中国（南昌）中医药、…六大科创城建设」 — the city read from the name
    assert [(s["nameZh"], s["stage"], s["cities"]) for s in row["scienceCities"]] == [
        ("中国（南昌）中医药科创城", "built", ["南昌市"])
    ]
    assert row["cities"] == ["南昌市"]
    # review: 「中国中医科学院中医药健康产业研究所等落地赣州」 — a supporter of the chain sits in 赣州
    assert "赣州市" in row["supporterCities"]


def test_science_cities_by_stage(curated_store: GraphStore) -> None:
    # review 聚焦创新高地建设:
    #   「…南昌航空、中国（南昌）中医药、南昌VR、赣州稀金、上饶大数据、鹰潭智慧六大科创城，已成为…“主战场”，
    #   着力新建吉安光电、九江-抚州数字经济、景德镇-萍乡陶瓷新材料、新余-宜春锂电新能源四大科创城」
    assert {r["scienceCity"] for r in run(curated_store, "science-cities-by-stage", stage="built")} == BUILT
    planned = run(curated_store, "science-cities-by-stage", stage="planned")
    assert {r["scienceCity"] for r in planned} == PLANNED
    # the two-city science cities lie in both cities their names give
    assert by(planned, "scienceCity")["景德镇—萍乡陶瓷新材料科创城"]["cities"] == ["景德镇市", "萍乡市"]
    assert by(planned, "scienceCity")["九江—抚州数字经济科创城"]["cities"] == ["九江市", "抚州市"]


def test_chains_without_a_national_platform(curated_store: GraphStore) -> None:
    chains = {r["chain"] for r in run(curated_store, "chains-without-national-platform")}
    # review: 「创新药物与高效节能降耗制药设备、创新天然药物与中药注射剂、核资源与环境、食品科学与技术、…等
    #   国家重点实验室，以及国家中药先进制造与现代中药产业创新中心等一批国家级重大创新平台相继落地」:
    #   中医药, 中药, 生物医药 and 绿色食品 (食品) have a national platform
    assert not chains & {"中医药", "中药", "生物医药", "绿色食品"}
    # the science cities' chains the documents give no national platform for, e.g. 稀金 (plan: 「赣州稀金」) and
    # 航空, whose only platform is a planned provincial laboratory (review: 「加紧谋划…航空等领域省级实验室」)
    with_cities = by(run(curated_store, "chains-without-national-platform", scienceCityChainsOnly=True), "chain")
    assert {"稀金", "航空"} <= set(with_cities)
    assert "中医药" not in with_cities
    assert with_cities["稀金"]["scienceCities"] == ["赣州稀金科创城"]


# --- platforms, labs, cooperation --------------------------------------------------------------


def test_national_platforms(curated_store: GraphStore) -> None:
    rows = by(run(curated_store, "platforms-by-level-and-city", level="national"), "platform")
    # review: 「创新药物与高效节能降耗制药设备、创新天然药物与中药注射剂、核资源与环境、食品科学与技术、
    #   轨道交通基础设施性能监测与保障等国家重点实验室，
    #   以及国家中药先进制造与现代中药产业创新中心等一批国家级重大创新平台相继落地」
    expected = {
        "创新药物与高效节能降耗制药设备国家重点实验室",
        "创新天然药物与中药注射剂国家重点实验室",
        "核资源与环境国家重点实验室",
        "食品科学与技术国家重点实验室",
        "轨道交通基础设施性能监测与保障国家重点实验室",
        "国家中药先进制造与现代中药产业创新中心",
    }
    assert expected <= set(rows)
    assert rows["国家中药先进制造与现代中药产业创新中心"]["levelFrom"] == "stated"
    assert rows["核资源与环境国家重点实验室"]["levelFrom"] == "implied by class"


def test_joint_labs_by_country(curated_store: GraphStore) -> None:
    rows = by(run(curated_store, "international-joint-labs-by-country"), "country")
    # plan 第十一章第一节: 「推动中菲政府间竹技术联合实验室、中菲水稻技术联合实验室、
    #   中俄质谱科学与仪器俄罗斯研发中心建设」
    assert set(rows) == {"菲律宾", "俄罗斯"}
    assert [lab["nameZh"] for lab in rows["菲律宾"]["labs"]] == ["中菲政府间竹技术联合实验室", "中菲水稻技术联合实验室"]
    russia = rows["俄罗斯"]["labs"][0]
    assert russia["nameZh"] == "中俄质谱科学与仪器俄罗斯研发中心"
    assert russia["links"] == ["JOINTLY_BUILT_WITH", "LOCATED_IN"]  # built with Russia, and "俄罗斯研发中心": in Russia
    # plan: 「扎实开展与俄罗斯、乌克兰、菲律宾、加纳等“一带一路”国家政府间合作」
    assert rows["菲律宾"]["regions"] == ["一带一路国家"]
    assert [(c["partyId"], c["stage"]) for c in rows["菲律宾"]["cooperation"]] == [("360000", "planned")]


def test_partner_countries(curated_store: GraphStore) -> None:
    rows = run(curated_store, "cooperation-partners", party="江西省", partnerClass="Country")
    # plan 第十一章第一节:
    #   「积极开展与美国、英国、法国、德国、加拿大、以色列、日本、澳大利亚等发达国家科技合作交流，
    #   重点在生物医疗与公共卫生、…、航空、先进装备制造、新一代信息技术等领域」
    #   and 「扎实开展与俄罗斯、乌克兰、菲律宾、加纳等“一带一路”国家政府间合作」
    developed = {"美国", "英国", "法国", "德国", "加拿大", "以色列", "日本", "澳大利亚"}
    belt_and_road = {"俄罗斯", "乌克兰", "菲律宾", "加纳"}
    assert {r["partner"] for r in rows} == developed | belt_and_road
    aviation = run(curated_store, "cooperation-partners", party="360000", field="航空")
    assert {r["partner"] for r in aviation} == developed
    # the symmetric link is found from the other end too
    [usa] = run(curated_store, "cooperation-partners", party="美国")
    assert (usa["partner"], usa["stage"]) == ("江西省", "planned")


def test_the_consortia_are_counted_but_not_named(curated_store: GraphStore) -> None:
    [row] = run(curated_store, "consortium-members", chain="江西14个重点产业链")
    # review: 「围绕江西14个重点产业链布局的24个联合体已全部完成组建，联合体内汇聚成员单位642个」 — no member is named
    assert row["statedCount"] == 24 and row["chains"] == ["江西14个重点产业链"]
    assert isinstance(row["members"], list) and row["memberCount"] == len(row["members"])


def test_hosts_of_the_national_key_labs_are_general_knowledge(curated_store: GraphStore) -> None:
    rows = run(curated_store, "platform-hosts", relation="HOSTED_BY")
    # the review names the five labs but not their hosts: every host link is curated, with a note
    assert len(rows) == 5
    assert all(
        r["provenance"]["kind"] == "curated"
        and r["provenance"]["source"] == "general knowledge"
        and r["provenance"]["note"]
        and r["provenance"]["document"] is None  # general knowledge is no document of the graph
        for r in rows
    )
    curated = {(r["startId"], r["type"]) for r in run(curated_store, "curated-facts", kind="relationship")}
    assert {(r["entityId"], "HOSTED_BY") for r in rows} <= curated


# --- regions, designations, indicators, targets ------------------------------------------------


def test_designations_of_cities_and_counties(curated_store: GraphStore) -> None:
    approved = run(curated_store, "region-designations", designation="国家创新型城市", stage="approved")
    # review 聚焦创新高地建设: 「南昌、景德镇、萍乡、新余获批成为国家创新型城市」
    assert [r["region"] for r in approved] == ["南昌市", "景德镇市", "萍乡市", "新余市"]
    assert all(r["provenance"]["quote"] == "南昌、景德镇、萍乡、新余获批成为国家创新型城市" for r in approved)
    candidates = run(curated_store, "region-designations", designation="国家创新型城市", stage="candidate")
    # plan 第十四章第二节: 「支持新余、九江、赣州、抚州等地积极创建国家创新型城市」
    assert {r["region"] for r in candidates} == {"新余市", "九江市", "赣州市", "抚州市"}
    # plan 第一章第一节: 「井冈山市入选首批国家创新型县（市）建设试点，南昌市青山湖区、
    #   抚州市临川区等19个县区成为省级创新型县（市、区）」
    [pilot] = run(curated_store, "region-designations", stage="pilot")
    assert (pilot["region"], pilot["designation"], pilot["city"]) == ("井冈山市", "国家创新型县（市）", "吉安市")
    fuzhou = run(curated_store, "region-designations", region="抚州市")
    assert {(r["region"], r["designation"], r["stage"]) for r in fuzhou} == {
        ("抚州市", "国家创新型城市", "candidate"),
        ("临川区", "省级创新型县（市、区）", "approved"),
    }


def test_the_two_claims_about_xinyu(curated_store: GraphStore) -> None:
    rows = run(
        curated_store,
        "relationship-provenance",
        startEntity="新余市",
        relationshipType="DESIGNATED_AS",
        endEntity="国家创新型城市",
    )
    # the plan (2021) supports 新余 in applying; the review (2022) lists it as approved: both claims kept
    assert {(r["stage"], r["provenance"]["source"]) for r in rows} == {
        ("candidate", f"{PLAN}#第十四章 第二节"),
        ("approved", f"{REVIEW}#聚焦创新高地建设"),
    }
    for row in rows:
        assert row["provenance"]["kind"] == "documented"
        assert row["provenance"]["quote"] in document_text(row["provenance"]["source"])


def test_rd_intensity_over_the_years(curated_store: GraphStore) -> None:
    [row] = run(curated_store, "region-indicator-series", region="江西省", indicator="研发经费投入强度")
    series = [(p["year"], p["value"]) for p in row["series"]]
    # plan 第一章第一节: 「2020年全社会研发经费支出占地区生产总值之比为1.68%，比2015年提高0.64个百分点」
    #   (2015: 1.04, derived)
    # review 总述: 「研发投入强度从1.28%到1.7%」 (2017 → 2021)
    assert series == [(2015, 1.04), (2017, 1.28), (2020, 1.68), (2021, 1.7)]
    assert [p["provenance"]["kind"] for p in row["series"]] == ["curated", "documented", "documented", "documented"]
    assert (row["firstYear"], row["latestYear"], row["change"]) == (2015, 2021, 0.66)


def test_distance_to_the_2025_targets(curated_store: GraphStore) -> None:
    rows = by(run(curated_store, "target-progress"), "indicator")
    # plan 第十章第一节: 「到2025年，…全省技术合同登记数量4000项以上，成交总金额300亿元以上」; review:
    #   「技术合同成交额从96.19亿元增长到414亿元」
    contracts = rows["技术合同成交额"]
    assert (contracts["comparator"], contracts["target"], contracts["latestYear"], contracts["latestValue"]) == (
        ">=",
        300,
        2021,
        414,
    )
    assert (contracts["met"], contracts["gap"], contracts["status"]) == (True, -114, "met")
    # plan: 「到2025年，力争高新技术企业总数突破10000家」; review: 「高新技术企业从2138家增长到6669家」
    high_tech = rows["高新技术企业数"]
    assert (high_tech["comparator"], high_tech["met"], high_tech["gap"]) == (">", False, 3331)
    # plan: 「到2025年，科技型中小企业总数达到12000家」; review: 「科技型中小企业从464家增长到9415家」
    assert (rows["科技型中小企业数"]["gap"], rows["科技型中小企业数"]["status"]) == (2585, "not met")
    # plan: 「综合科技创新水平达到全国中上游水平」 — a level in words: no numeric gap, no verdict
    rank = rows["综合科技创新水平全国位次"]
    assert (rank["comparator"], rank["gap"], rank["met"]) == ("qualitative", None, None)
    # plan: 「高新技术产业增加值占规模以上工业增加值比重进一步提升」 — to rise: no gap,
    #   but the rise since 2020 (38.2 → 40.2)
    share = rows["高新技术产业增加值占规模以上工业增加值比重"]
    assert (share["comparator"], share["gap"], share["changeSinceBaseline"]) == ("increase", None, 2.0)
    # no observation of 技术合同登记数量 in either document
    assert rows["技术合同登记数量"]["status"] == "no observation"
    # README: 24 targets for 2025 (+ the 13th-FYP patent target for 2020)
    assert len(rows) == 24
    assert all(r["deadlineYear"] == 2025 for r in rows.values())


# --- programmes, paths, provenance --------------------------------------------------------------


def test_the_1345_layout(curated_store: GraphStore) -> None:
    [layout] = run(curated_store, "programme-hierarchy", programme="科技创新1345战略布局")
    # plan 第一章第四节: 「加快科技创新“1345”战略布局，即构建一个“一核十城多链”的创新区域体系，
    #   实施创新能力建设三大工程、
    # 科技赋能四大计划、创新保障水平提升五大行动」
    assert set(layout["parts"]) == {
        "一核十城多链创新区域体系",
        "创新能力建设三大工程",
        "科技赋能四大计划",
        "创新保障水平提升五大行动",
    }
    [platforms] = run(curated_store, "programme-hierarchy", programme="科技创新平台建设")
    assert platforms["partOf"] == ["创新能力建设三大工程", "科技创新1345战略布局"]  # nearest first


def test_ganzhou_reaches_the_tcm_chain_through_the_institute(curated_store: GraphStore) -> None:
    rows = run(curated_store, "connection-paths", fromEntity="赣州市", toEntity="中医药", maxHops=2)
    # review: 「中国中医科学院中医药健康产业研究所等落地赣州」 + 「为江西稀土、
    #   中医药等产业高质量发展提供了有力科技支撑」
    assert rows == [
        {
            "hops": 2,
            "nodeIds": ["360700", "research-institute:中国中医科学院中医药健康产业研究所", "industry-chain:中医药"],
            "nodeNames": ["赣州市", "中国中医科学院中医药健康产业研究所", "中医药"],
            "nodeClasses": ["PrefectureCity", "ResearchInstitute", "IndustryChain"],
            "relationshipTypes": ["LOCATED_IN", "SUPPORTS_CHAIN"],
            "forward": [False, True],
            "pathsFound": 1,
        }
    ]
    assert run(curated_store, "connection-paths", fromEntity="赣州市", toEntity="中医药", maxHops=1) == []


def test_a_cut_list_of_connection_paths_says_how_many_there_are(curated_store: GraphStore) -> None:
    every = run(curated_store, "connection-paths", fromEntity="360700", toEntity="360100", maxHops=3, limit=100)
    assert len(every) >= 2 and all(row["pathsFound"] == len(every) for row in every)
    cut = run(curated_store, "connection-paths", fromEntity="360700", toEntity="360100", maxHops=3, limit=1)
    assert len(cut) == 1 and cut[0]["pathsFound"] == len(every) and cut[0]["nodeIds"] == every[0]["nodeIds"]


def test_the_passage_that_names_the_ganzhou_science_city(curated_store: GraphStore) -> None:
    rows = run(curated_store, "passages-mentioning", entity="赣州稀金科创城", fullText=True)
    assert [r["passageId"] for r in rows] == [f"passage:{PLAN}#第二章第二节"]
    [row] = rows
    assert row["document"] == "江西省“十四五”科技创新规划" and row["chapter"] == "第二章 第二节"
    text = document_text(row["fileName"])
    # plan 第二章第二节: 「统筹南昌航空、中国（南昌）中医药、南昌VR、赣州稀金、鹰潭智慧、上饶大数据六大科创城建设」
    mention = row["provenance"]["quote"]
    assert mention in text and "赣州稀金" in mention
    assert row["provenance"]["passageId"] == row["passageId"]  # the mention's quote is in that very passage
    assert row["text"] in text and row["passageLength"] == len(row["text"])


@pytest.mark.parametrize(
    "entity",
    [
        "中国（南昌）中医药科创城",
        "research-institute:中国中医科学院中医药健康产业研究所",
        "360000",
        "industry-chain:中医药",
        "新余市",
        "international-joint-laboratory:中俄质谱科学与仪器俄罗斯研发中心",
    ],
)
def test_the_quotes_of_the_provenance_questions_are_verbatim(curated_store: GraphStore, entity: str) -> None:
    [profile] = run(curated_store, "entity-profile", entity=entity)
    links = profile["outgoing"] + profile["incoming"]
    documented = [link for link in links if link["provenance"]["kind"] == "documented"]
    assert documented, f"{entity} has documented links"
    for link in documented:
        quote = link["provenance"]["quote"]
        assert quote, link
        assert quote in document_text(link["provenance"]["source"]), link
        # the same relationship through the provenance question: the same quote
        start, end = (
            (profile["id"], link["otherId"]) if link in profile["outgoing"] else (link["otherId"], profile["id"])
        )
        claims = run(
            curated_store, "relationship-provenance", startEntity=start, relationshipType=link["type"], endEntity=end
        )
        assert quote in {claim["provenance"]["quote"] for claim in claims}
        for claim in claims:
            if claim["provenance"]["kind"] == "documented":
                assert claim["provenance"]["quote"] in document_text(claim["provenance"]["source"])
    properties = {p["key"]: p["value"] for p in profile["properties"]}
    assert not {"contentHash", "nameBigrams", "quoteBigrams", "ingestRun", "ingestedAt"} & set(properties)
    if properties.get("provenanceKind") == "documented":
        assert properties["quote"] in document_text(properties["source"])


# --- the headline walks the chain taxonomy (issue 13) ------------------------------------------


def _supporters(rows: list[dict[str, Any]], city: str) -> list[dict[str, Any]]:
    return [s for row in rows if row["scienceCity"] == city for s in row["supporters"]]


def test_the_rare_metals_city_is_served_through_rare_earths(curated_store: GraphStore) -> None:
    rows = run(curated_store, "science-city-chain-support", scienceCity="赣州稀金科创城")
    (institute,) = [s for s in _supporters(rows, "赣州稀金科创城") if s["nameZh"] == "中国科学院赣江创新研究院"]
    # review: 「为江西稀土、中医药等产业高质量发展提供了有力科技支撑」; 稀金 = 稀土和稀有金属 (curated BROADER)
    assert institute["supportsChain"] == "稀土"
    assert institute["chainPath"] == ["稀土", "稀金"]
    assert [link["kind"] for link in institute["chainPathProvenance"]] == ["curated"]
    # review: 「中国科学院赣江创新研究院、中国中医科学院中医药健康产业研究所等落地赣州」
    assert institute["locatedIn"] == ["赣州市"] and institute["located"] == "own"


def test_the_tcm_city_is_served_through_chinese_materia_medica(curated_store: GraphStore) -> None:
    supporters = _supporters(
        run(curated_store, "science-city-chain-support", scienceCity="中国（南昌）中医药科创城"),
        "中国（南昌）中医药科创城",
    )
    paths = {(s["nameZh"], tuple(s["chainPath"])) for s in supporters}
    # review: 「创新药物与高效节能降耗制药设备、创新天然药物与中药注射剂、…等国家重点实验室」
    # supports 中药, and 中药 → 中医药
    assert ("创新天然药物与中药注射剂国家重点实验室", ("中药", "中医药")) in paths
    # the national TCM innovation centre, directly and through 中药
    assert ("国家中药先进制造与现代中药产业创新中心", ("中医药",)) in paths
    assert ("国家中药先进制造与现代中药产业创新中心", ("中药", "中医药")) in paths
    lab = next(s for s in supporters if s["nameZh"] == "创新天然药物与中药注射剂国家重点实验室")
    # no place in the texts: where its host 江西青峰药业 is (curated), derived by rule and marked so
    assert lab["located"] == "inferred from host"
    [place] = lab["places"]
    assert (place["place"], place["placeId"], place["provenance"]["kind"], place["certainty"]) == (
        "赣州市",
        "360700",
        "inferred",
        None,
    )


def test_a_doubtful_location_is_flagged_in_the_answer(curated_store: GraphStore) -> None:
    supporters = _supporters(
        run(curated_store, "science-city-chain-support", scienceCity="中国（南昌）中医药科创城"),
        "中国（南昌）中医药科创城",
    )
    institute = next(s for s in supporters if s["nameZh"] == "中国中医科学院中医药健康产业研究所")
    assert institute["locationDoubtful"] is True
    certainty = {p["place"]: p["certainty"] for p in institute["places"]}
    # the review's literal 「…等落地赣州」 against the institute's known seat in 赣江新区
    assert certainty == {"赣州市": "doubtful", "赣江新区": "probable"}


def test_every_science_city_appears_with_its_chains_after_the_walk(curated_store: GraphStore) -> None:
    rows = run(curated_store, "science-city-chain-support")
    assert {r["scienceCity"] for r in rows} == BUILT | PLANNED
    for row in rows:
        for supporter in row["supporters"]:
            assert supporter["chainPath"][-1] == row["chain"], "every walk ends at the science city's chain"
            assert len(supporter["chainPathProvenance"]) == len(supporter["chainPath"]) - 1


# --- more questions, by hand from the documents --------------------------------------------------


def test_the_labs_of_the_green_food_chain(curated_store: GraphStore) -> None:
    (row,) = run(curated_store, "labs-by-chain", chain="绿色食品")
    labs = {lab["nameZh"]: lab for lab in row["labs"]}
    # review: 「创新药物与高效节能降耗制药设备、创新天然药物与中药注射剂、核资源与环境、食品科学与技术、
    # 轨道交通基础设施性能监测与保障等国家重点实验室」, the food lab serving 绿色食品
    assert labs["食品科学与技术国家重点实验室"]["class"] == "NationalKeyLaboratory"
    assert labs["食品科学与技术国家重点实验室"]["provenance"]["kind"] == "documented"
    # review: 「加紧谋划食品、种业、中医药、氢能与碳中和、航空等领域省级实验室」
    assert "食品领域省级实验室" in labs
    assert row["laboratoryCount"] == len(row["labs"]) == 2


def test_the_nanchang_high_tech_zone_is_part_of_the_poyang_lake_zone(curated_store: GraphStore) -> None:
    (zone,) = run(curated_store, "innovation-zones", zoneClass="HighTechZone")
    # plan: 「南昌高新技术产业开发区等七个国家高新技术产业开发区获批建设鄱阳湖国家自主创新示范区」
    assert zone["zone"] == "南昌高新技术产业开发区"
    assert zone["level"] == "national"
    assert zone["partOf"] == ["鄱阳湖国家自主创新示范区"]
    assert zone["locatedIn"] == ["南昌市"]


def test_the_ten_typical_cases_and_the_two_named(curated_store: GraphStore) -> None:
    rows = {r["achievement"]: r for r in run(curated_store, "achievements", year=2022)}
    # review: 「今年新推选产生的含锂废渣清洁高效回收利用、挂式稀土永磁磁浮轨道交通运输系统开发与应用
    # 等十大科技成果转化典型案例」
    cases = rows["十大科技成果转化典型案例"]
    assert cases["count"] == 10
    assert sorted(cases["cases"]) == sorted(["含锂废渣清洁高效回收利用", "挂式稀土永磁磁浮轨道交通运输系统开发与应用"])
    assert rows["含锂废渣清洁高效回收利用"]["partOf"] == ["十大科技成果转化典型案例"]
    assert cases["provenance"]["quote"] in document_text(cases["provenance"]["source"])


def test_a_talent_programme_the_plan_names_has_no_talents_in_the_graph(curated_store: GraphStore) -> None:
    (row,) = run(curated_store, "talent-programmes", programme="双千计划")
    # plan 第五章 第一节: 「深入实施院士后备人选支持计划、省“双千计划”、省主要学科学术和技术带头人培养计划」
    assert row["programme"] == "双千计划"
    assert f"{PLAN}#第五章 第一节" in row["mentionedIn"]
    assert (row["talentCount"], row["talents"]) == (0, [])  # the texts name no person


def test_the_aviation_science_city_has_no_lab_placed_in_nanchang(curated_store: GraphStore) -> None:
    (row,) = run(curated_store, "science-cities-without-local-lab", scienceCity="南昌航空科创城")
    # the planned 航空领域省级实验室 (review: 「加紧谋划…航空等领域省级实验室」) has no place in the texts
    assert row["chain"] == "航空" and row["cities"] == ["南昌市"]
    assert [lab["nameZh"] for lab in row["labsElsewhere"]] == ["航空领域省级实验室"]
    assert row["labsElsewhere"][0]["cities"] == []


def test_the_tcm_chain_is_supported_from_every_side(curated_store: GraphStore) -> None:
    rows = {r["chain"]: r for r in run(curated_store, "chain-support-overview", minimumSupport=1)}
    # 中医药: the TCM 科创城 (plan 第二章 第二节), the innovation centre and the planned provincial lab
    # (review 聚焦创新资源集聚), the TCM institute (review), the 中医药 programme focus
    tcm = rows["中医药"]
    assert tcm["scienceCities"] == 1
    assert tcm["nationalPlatforms"] >= 1 and tcm["laboratories"] >= 1 and tcm["organisations"] >= 1
    assert tcm["supporters"] >= 4


# --- cooperation by kind, enterprises in zones, city profiles, indicators, degree, document support ----


def test_jiangxi_cooperation_by_kind_of_partner(curated_store: GraphStore) -> None:
    rows = run(curated_store, "cooperation-by-kind", party="360000")
    groups = {(r["partnerClass"], r["stage"]): r for r in rows}
    assert set(groups) == {
        ("Country", "planned"),
        ("CooperationRegion", "planned"),
        ("CooperationRegion", "ongoing"),
        ("Province", "ongoing"),
        ("PartnerInstitution", "ongoing"),
    }
    # plan 第十一章 第一节: 「积极开展与美国、英国、法国、德国、加拿大、以色列、日本、澳大利亚等发达国家科技合作交流，
    #   重点在生物医疗与公共卫生、现代创新药物与生物医用材料、资源高效开发与综合利用、锂电及电动汽车、新材料、航空、
    #   先进装备制造、新一代信息技术等领域，开展国际科技合作研究」
    #   and 「扎实开展与俄罗斯、乌克兰、菲律宾、加纳等“一带一路”国家政府间合作」: 12 countries, by id (country:<name>)
    countries = groups[("Country", "planned")]
    assert countries["partnerCount"] == 12
    assert countries["partners"] == sorted(
        ["美国", "英国", "法国", "德国", "加拿大", "以色列", "日本", "澳大利亚", "俄罗斯", "乌克兰", "菲律宾", "加纳"]
    )
    # the fields are named for the developed countries only; the 一带一路 four add none
    assert countries["fields"] == sorted(
        [
            "生物医疗与公共卫生",
            "现代创新药物与生物医用材料",
            "资源高效开发与综合利用",
            "锂电及电动汽车",
            "新材料",
            "航空",
            "先进装备制造",
            "新一代信息技术",
        ]
    )
    # plan 第十一章 第一节: 「大力加强与“一带一路”国家科技合作交流」,
    #   「组织参加东盟、欧亚地区国家、南亚国家、非洲国家、阿拉伯国家国际科技交流合作」;
    # plan 第十一章 第二节: 「加强与粤港澳大湾区、泛珠三角、长江经济带、长三角科技创新资源对接」
    planned_regions = groups[("CooperationRegion", "planned")]
    assert planned_regions["partnerCount"] == 10
    assert planned_regions["partners"] == sorted(
        [
            "一带一路国家",
            "东盟",
            "欧亚地区国家",
            "南亚国家",
            "非洲国家",
            "阿拉伯国家",
            "粤港澳大湾区",
            "泛珠三角",
            "长江经济带",
            "长三角",
        ]
    )
    assert planned_regions["fields"] == []
    # review 聚焦扩大开放合作: 「积极融入粤港澳大湾区、京津冀协同发展、长三角一体化、中部地区崛起等国家重大区域战略」
    #   (中部地区 is modelled as PART_OF, not as cooperation): ordered by id, cooperation-region:京津冀 < 粤… < 长…
    ongoing_regions = groups[("CooperationRegion", "ongoing")]
    assert (ongoing_regions["partnerCount"], ongoing_regions["partners"]) == (3, ["京津冀", "粤港澳大湾区", "长三角"])
    # plan 第十一章 第二节: 「进一步深化赣京、赣粤、赣湘、赣浙、赣鄂、赣皖等区域科技合作」 (six provinces, read from the
    # abbreviations) and review: 「组织省内单位与澳门名校名企开展技术对接」 (澳门): by GB/T 2260 code
    provinces = groups[("Province", "ongoing")]
    assert provinces["partners"] == ["北京市", "浙江省", "安徽省", "湖北省", "湖南省", "广东省", "澳门特别行政区"]
    assert provinces["partnerCount"] == 7
    # plan 第十一章 第三节: 「重点强化与中国科学院、中国工程院等大院大所科技合作」
    academies = groups[("PartnerInstitution", "ongoing")]
    assert (academies["partnerCount"], academies["partners"]) == (2, ["中国工程院", "中国科学院"])
    # the party by its Chinese name: the same answer
    assert run(curated_store, "cooperation-by-kind", party="江西省") == rows


def test_cooperation_by_kind_counts_both_ends(curated_store: GraphStore) -> None:
    groups = {(r["partnerClass"], r["stage"]): r for r in run(curated_store, "cooperation-by-kind")}
    # review 聚焦扩大开放合作: 「与澳门科技行政管理部门签署科技合作协议」 — the Jiangxi signatory
    # (江西省科学技术厅) is a curated reading; both ends are partners, by id (government-body:江… < government-body:澳…)
    signed = groups[("GovernmentBody", "agreement signed")]
    assert (signed["partnerCount"], signed["partners"], signed["fields"]) == (
        2,
        ["江西省科学技术厅", "澳门科技行政管理部门"],
        [],
    )
    # plan 第二章 第一节: 「加快赣江两岸科创大走廊北拓南延，打通G60科创走廊与广深港澳科创走廊链接通道」 — no stage
    corridors = groups[("InnovationCorridor", None)]
    assert (corridors["partnerCount"], corridors["partners"]) == (
        3,
        ["G60科创走廊", "广深港澳科创走廊", "赣江两岸科创大走廊"],
    )
    # symmetric: 江西省 is the partner of the countries and regions it plans to work with (and carries their fields) …
    jiangxi = groups[("Province", "planned")]
    assert (jiangxi["partnerCount"], jiangxi["partners"]) == (1, ["江西省"])
    assert "航空" in jiangxi["fields"]
    # … and of the six provinces and 澳门 it cooperates with, which are partners of 江西省 in turn
    assert groups[("Province", "ongoing")]["partners"] == [
        "北京市",
        "浙江省",
        "安徽省",
        "江西省",
        "湖北省",
        "湖南省",
        "广东省",
        "澳门特别行政区",
    ]
    # plan 第十一章 第二节: 「将赣州打造成为江西对接粤港澳大湾区桥头堡」
    assert groups[("PrefectureCity", "planned")]["partners"] == ["赣州市"]


def test_no_enterprise_in_an_innovation_zone(curated_store: GraphStore) -> None:
    # The documents name no enterprise: the two in nodes/Enterprise.csv are the curated hosts of two enterprise state
    # key labs, placed in 赣州市 and 南昌市 (edges/LOCATED_IN.csv), which are part of no innovation zone; and there is
    # no Recognition in the curated data at all. So every zone is listed once, with no enterprise.
    enterprises = {row["id"] for row in curated_csv("nodes", "Enterprise")}
    assert {(e["start"], e["end"]) for e in curated_csv("edges", "LOCATED_IN") if e["start"] in enterprises} == {
        ("enterprise:江西青峰药业有限公司", "360700"),
        ("enterprise:江西济民可信集团有限公司", "360100"),
    }
    assert not (CURATED / "nodes" / "Recognition.csv").exists()
    [zone] = run(curated_store, "enterprises-by-status-in-zone", zone="南昌高新技术产业开发区")
    assert zone == {
        "zoneId": "high-tech-zone:南昌高新技术产业开发区",
        "zone": "南昌高新技术产业开发区",
        "zoneClass": "HighTechZone",
        "status": None,
        "enterpriseCount": 0,
        "enterprises": [],
    }
    assert run(curated_store, "enterprises-by-status-in-zone", zone="high-tech-zone:南昌高新技术产业开发区") == [zone]
    # every innovation zone of the curated data (the nodes/ files of the InnovationZone classes), once, empty
    zone_classes = [
        "AgriculturalHighTechZone",
        "AgriculturalSciencePark",
        "CooperationDemonstrationZone",
        "HighTechZone",
        "IndependentInnovationDemonstrationZone",
        "InnovationCorridor",
        "ScienceCity",
        "ScienceIsland",
    ]
    zones = {row["id"]: name for name in zone_classes for row in curated_csv("nodes", name)}
    rows = run(curated_store, "enterprises-by-status-in-zone")
    assert [r["zoneId"] for r in rows] == sorted(zones)
    assert {r["zoneId"]: r["zoneClass"] for r in rows} == zones
    assert all((r["status"], r["enterpriseCount"], r["enterprises"]) == (None, 0, []) for r in rows)
    # asked for a status or a year, a zone with no such enterprise does not appear
    assert run(curated_store, "enterprises-by-status-in-zone", status="HighTechEnterprise") == []
    assert run(curated_store, "enterprises-by-status-in-zone", zone="南昌高新技术产业开发区", year=2021) == []
    # the parameters are checked against the header
    with pytest.raises(ParameterError) as wrong_status:
        run(curated_store, "enterprises-by-status-in-zone", status="高新技术企业")
    assert wrong_status.value.parameter == "status"
    with pytest.raises(ParameterError) as early_year:
        run(curated_store, "enterprises-by-status-in-zone", year=1900)
    assert early_year.value.parameter == "year"


def test_the_innovation_profile_of_ganzhou(curated_store: GraphStore) -> None:
    [row] = run(curated_store, "city-innovation-profile", city="360700")
    assert (row["cityId"], row["city"]) == ("360700", "赣州市")
    # plan 第二章 第二节: 「统筹南昌航空、中国（南昌）中医药、南昌VR、赣州稀金、鹰潭智慧、上饶大数据六大科创城建设」
    #   — built; its city and chain read from the name
    assert row["scienceCities"] == [
        {"id": "science-city:赣州稀金科创城", "nameZh": "赣州稀金科创城", "stage": "built", "chains": ["稀金"]}
    ]
    assert row["otherZones"] == []  # no other innovation zone is placed in 赣州 (edges/LOCATED_IN.csv)
    # by id:
    # - 江西青峰药业 (curated: the host of the lab below, in 赣州) and the lab, placed where its host is (by rule)
    # - plan 第四章 第三节: 「依托南昌、赣江新区、赣州、上饶、吉安等地的技术创新优势，打造若干区域技术协同创新集聚区」
    # - review 聚焦创新资源集聚: 「中国科学院赣江创新研究院、中国中医科学院中医药健康产业研究所等落地赣州」
    assert row["platformsAndOrganisations"] == [
        {"id": "enterprise:江西青峰药业有限公司", "nameZh": "江西青峰药业有限公司", "class": "Enterprise"},
        {
            "id": "national-key-laboratory:创新天然药物与中药注射剂国家重点实验室",
            "nameZh": "创新天然药物与中药注射剂国家重点实验室",
            "class": "NationalKeyLaboratory",
        },
        {
            "id": "new-type-rd-institution:技术协同创新研究院",
            "nameZh": "技术协同创新研究院",
            "class": "NewTypeRDInstitution",
        },
        {
            "id": "research-institute:中国中医科学院中医药健康产业研究所",
            "nameZh": "中国中医科学院中医药健康产业研究所",
            "class": "ResearchInstitute",
        },
        {
            "id": "research-institute:中国科学院赣江创新研究院",
            "nameZh": "中国科学院赣江创新研究院",
            "class": "ResearchInstitute",
        },
    ]
    # plan 第十四章 第二节: 「支持新余、九江、赣州、抚州等地积极创建国家创新型城市」 and
    #   「加快推进信丰等赣南原中央苏区县创新资源集聚，争创若干个国家级创新型县（市）」 (信丰县 is part of 赣州市);
    #   by designation id: programme:国家创新型县（市） < programme:国家创新型城市
    section = f"{PLAN}#第十四章 第二节"
    assert [(d["designation"], d["holder"], d["stage"], d["provenance"]["source"]) for d in row["designations"]] == [
        ("国家创新型县（市）", "信丰县", "candidate", section),
        ("国家创新型城市", "赣州市", "candidate", section),
    ]


def test_the_innovation_profile_of_nanchang(curated_store: GraphStore) -> None:
    [row] = run(curated_store, "city-innovation-profile", city="南昌市")
    assert row["cityId"] == "360100"
    # plan 第二章 第二节: 「统筹南昌航空、中国（南昌）中医药、南昌VR、…六大科创城建设」 — by id
    assert [(s["nameZh"], s["stage"], s["chains"]) for s in row["scienceCities"]] == [
        ("中国（南昌）中医药科创城", "built", ["中医药"]),
        ("南昌VR科创城", "built", ["虚拟现实"]),
        ("南昌航空科创城", "built", ["航空"]),
    ]
    # plan 第一章 第一节: 南昌高新技术产业开发区; plan 第二章 第一节: 中国（南昌）科学岛 (read from the name) — by id,
    # high-tech-zone:… < science-island:…
    assert row["otherZones"] == ["南昌高新技术产业开发区", "中国（南昌）科学岛"]
    actors = {a["nameZh"]: a["class"] for a in row["platformsAndOrganisations"]}
    # the four labs hosted by 南昌 universities and 济民可信 (curated hosts), the hosts themselves; the institute of TCM
    # health industry through 赣江新区 (curated: its seat; 赣江新区 lies in 南昌); 技术协同创新研究院
    # (plan 第四章 第三节: 「依托南昌、赣江新区、…」)
    assert actors == {
        "江西济民可信集团有限公司": "Enterprise",
        "创新药物与高效节能降耗制药设备国家重点实验室": "NationalKeyLaboratory",
        "核资源与环境国家重点实验室": "NationalKeyLaboratory",
        "轨道交通基础设施性能监测与保障国家重点实验室": "NationalKeyLaboratory",
        "食品科学与技术国家重点实验室": "NationalKeyLaboratory",
        "技术协同创新研究院": "NewTypeRDInstitution",
        "中国中医科学院中医药健康产业研究所": "ResearchInstitute",
        "东华理工大学": "University",
        "华东交通大学": "University",
        "南昌大学": "University",
    }
    ids = [a["id"] for a in row["platformsAndOrganisations"]]
    assert ids == sorted(ids)
    # review 聚焦创新高地建设: 「南昌、景德镇、萍乡、新余获批成为国家创新型城市」; plan 第一章 第一节:
    #   「南昌市青山湖区、抚州市临川区等19个县区成为省级创新型县（市、区）」
    assert [(d["designation"], d["holder"], d["stage"]) for d in row["designations"]] == [
        ("国家创新型城市", "南昌市", "approved"),
        ("省级创新型县（市、区）", "青山湖区", "approved"),
    ]


def test_the_invention_patent_indicator_has_two_targets(curated_store: GraphStore) -> None:
    [row] = run(curated_store, "indicators-overview", indicator="万人发明专利拥有量")
    assert (row["indicatorId"], row["unit"]) == ("indicator:万人发明专利拥有量", "件")
    # plan 第一章 第一节: 「万人发明专利拥有量达3.68件，超额完成2件的目标任务」 — the 13th-FYP target (2020) and the
    # 2020 value; plan 第一章 第四节: 「知识产权成果的创造运用保护持续强化，发明专利量质齐升」 — to rise by 2025,
    # from 3.68
    cited = [target.pop("provenance") for target in row["targets"]]
    assert [c["quote"] for c in cited] == [
        "万人发明专利拥有量达3.68件，超额完成2件的目标任务",
        "知识产权成果的创造运用保护持续强化，发明专利量质齐升",
    ]
    assert row["targets"] == [
        {
            "id": "target:万人发明专利拥有量:2020",
            "deadlineYear": 2020,
            "deadlineYearBasis": "assigned",  # the 13th-FYP target: “十三五”期间
            "comparator": ">=",
            "value": 2,
            "unit": "件",
            "baselineYear": None,
            "baselineValue": None,
        },
        {
            "id": "target:万人发明专利拥有量:2025",
            "deadlineYear": 2025,
            "deadlineYearBasis": "stated",  # 第一章 第四节 发展目标: 「到2025年，…」
            "comparator": "increase",
            "value": None,
            "unit": "件",
            "baselineYear": 2020,
            "baselineValue": 3.68,
        },
    ]
    assert (row["observations"], row["years"], row["regions"]) == (1, [2020], ["江西省"])


def test_indicators_with_targets_and_observations(curated_store: GraphStore) -> None:
    [contracts] = run(curated_store, "indicators-overview", indicator="indicator:技术合同成交额")
    # plan 第十章 第一节: 「到2025年，…全省技术合同登记数量4000项以上，成交总金额300亿元以上。」 (baseline: plan
    # 第一章 第一节 「技术合同成交额233.4亿元」, 2020); review 总述: 「技术合同成交额从96.19亿元增长到414亿元」
    # (2017 → 2021)
    assert [
        (t["deadlineYear"], t["comparator"], t["value"], t["baselineYear"], t["baselineValue"])
        for t in contracts["targets"]
    ] == [(2025, ">=", 300, 2020, 233.4)]
    assert (contracts["unit"], contracts["observations"], contracts["years"]) == ("亿元", 3, [2017, 2020, 2021])
    assert contracts["regions"] == ["江西省"]
    # the same sentence sets 技术合同登记数量 ≥ 4000项, which neither document observes
    [registered] = run(curated_store, "indicators-overview", indicator="技术合同登记数量")
    assert [(t["comparator"], t["value"]) for t in registered["targets"]] == [(">=", 4000)]
    assert (registered["observations"], registered["years"], registered["regions"]) == (0, [], [])
    # review: 「2021年，农高区实现产值147.57亿元」 — about the 农高区, not a city
    [output] = run(curated_store, "indicators-overview", indicator="农高区产值")
    assert (output["targets"], output["years"], output["regions"]) == ([], [2021], ["井冈山国家农业高新技术产业示范区"])
    # with targets only: the indicators that edges/TARGETS.csv points at (README: 24 targets for 2025 + the 13th-FYP
    # patent target, on 24 indicators — 万人发明专利拥有量 has two)
    names = {row["id"]: row["nameZh"] for row in curated_csv("nodes", "Indicator")}
    targeted = {names[edge["end"]] for edge in curated_csv("edges", "TARGETS")}
    assert len(targeted) == 24
    with_targets = run(curated_store, "indicators-overview", withTargetsOnly=True)
    assert {r["indicator"] for r in with_targets} == targeted
    assert "研发经费投入强度" not in targeted  # observed four times, but no target is set for it
    assert len(run(curated_store, "indicators-overview")) == len(names)


ORGANISATION_CLASSES = {  # the concrete subclasses of Organization (docs/ontology.md, class tree)
    "Enterprise",
    "GovernmentBody",
    "HighEndRDInstitution",
    "NewTypeRDInstitution",
    "PartnerInstitution",
    "ResearchInstitute",
    "University",
}
PROVENANCE_LINKS = {"MENTIONED_IN", "DERIVED_FROM"}


def test_the_best_connected_organisations(curated_store: GraphStore) -> None:
    rows = run(curated_store, "best-connected-organisations", limit=3)
    # edges/LOCATED_IN.csv: 技术协同创新研究院 → 南昌, 赣江新区, 赣州, 上饶, 吉安 (plan 第四章 第三节:
    #   「依托南昌、赣江新区、赣州、上饶、吉安等地的技术创新优势，打造若干区域技术协同创新集聚区」)
    # the TCM institute: JOINTLY_BUILT_WITH 中国中医科学院, LOCATED_IN 赣州 (doubtful) and 赣江新区 (probable),
    #   SUPPORTS_CHAIN 中医药 (review 聚焦创新资源集聚)
    # the CAS Ganjiang institute: JOINTLY_BUILT_WITH 中国科学院, LOCATED_IN 赣州, SUPPORTS_CHAIN 稀土
    # the first two named in one passage each, the CAS institute in three (edges/MENTIONED_IN.csv)
    assert rows == [
        {
            "organisationId": "new-type-rd-institution:技术协同创新研究院",
            "organisation": "技术协同创新研究院",
            "class": "NewTypeRDInstitution",
            "degree": 5,
            "byType": [{"type": "LOCATED_IN", "count": 5}],
            "mentions": 1,
        },
        {
            "organisationId": "research-institute:中国中医科学院中医药健康产业研究所",
            "organisation": "中国中医科学院中医药健康产业研究所",
            "class": "ResearchInstitute",
            "degree": 4,
            "byType": [
                {"type": "JOINTLY_BUILT_WITH", "count": 1},
                {"type": "LOCATED_IN", "count": 2},
                {"type": "SUPPORTS_CHAIN", "count": 1},
            ],
            "mentions": 1,
        },
        {
            "organisationId": "research-institute:中国科学院赣江创新研究院",
            "organisation": "中国科学院赣江创新研究院",
            "class": "ResearchInstitute",
            "degree": 3,
            "byType": [
                {"type": "JOINTLY_BUILT_WITH", "count": 1},
                {"type": "LOCATED_IN", "count": 1},
                {"type": "SUPPORTS_CHAIN", "count": 1},
            ],
            "mentions": 3,  # plan 第一章 第一节 and 第二节 (as 中科院赣江创新研究院), and the review
        },
    ]


def test_the_degree_of_every_organisation_is_counted_from_the_csv_files(curated_store: GraphStore) -> None:
    classes = curated_classes()
    edges = curated_edges()
    # the only facts derived at load (host-location) run from a platform to a place: none touches an organisation
    assert all(classes[e["start"]] not in ORGANISATION_CLASSES for e in edges if e["type"] == "HOSTED_BY")
    organisations = sorted(node for node, cls in classes.items() if cls in ORGANISATION_CLASSES)
    by_type: dict[str, Counter[str]] = {node: Counter() for node in organisations}
    mentions: Counter[str] = Counter()
    for edge in edges:
        for end in {edge["start"], edge["end"]} & set(organisations):
            if edge["type"] not in PROVENANCE_LINKS:
                by_type[end][edge["type"]] += 1
        if edge["type"] == "MENTIONED_IN" and edge["start"] in by_type and edge["end"].startswith("passage:"):
            mentions[edge["start"]] += 1
    ranked = sorted(organisations, key=lambda node: (-sum(by_type[node].values()), node))
    rows = run(curated_store, "best-connected-organisations", limit=1000)
    assert [(r["organisationId"], r["degree"]) for r in rows] == [(n, sum(by_type[n].values())) for n in ranked]
    for row in rows:
        node = row["organisationId"]
        assert row["class"] == classes[node]
        assert row["byType"] == [{"type": t, "count": n} for t, n in sorted(by_type[node].items())]
        assert row["mentions"] == mentions[node]


def test_the_best_connected_with_platforms(curated_store: GraphStore) -> None:
    rows = run(curated_store, "best-connected-organisations", includePlatforms=True, limit=6)
    # three national key labs have degree 3: HOSTED_BY their (curated) host, LOCATED_IN where the host is (derived at
    # load, edges/HOSTED_BY.csv + LOCATED_IN.csv) and SUPPORTS_CHAIN (review: 「创新药物与高效节能降耗制药设备、
    # 创新天然药物与中药注射剂、核资源与环境、食品科学与技术、…等国家重点实验室」 … 「中医药等产业」): tied with the CAS
    # institute, after the two organisations above, ties by id
    assert [(r["organisation"], r["degree"]) for r in rows] == [
        ("技术协同创新研究院", 5),
        ("中国中医科学院中医药健康产业研究所", 4),
        ("创新天然药物与中药注射剂国家重点实验室", 3),
        ("创新药物与高效节能降耗制药设备国家重点实验室", 3),
        ("食品科学与技术国家重点实验室", 3),
        ("中国科学院赣江创新研究院", 3),
    ]
    lab = rows[2]
    assert lab["class"] == "NationalKeyLaboratory"
    assert [(t["type"], t["count"]) for t in lab["byType"]] == [
        ("HOSTED_BY", 1),
        ("LOCATED_IN", 1),
        ("SUPPORTS_CHAIN", 1),
    ]
    with pytest.raises(ParameterError) as too_many:
        run(curated_store, "best-connected-organisations", limit=0)
    assert too_many.value.parameter == "limit"


def test_the_cas_ganjiang_institute_is_mentioned_in_both_documents(curated_store: GraphStore) -> None:
    # plan 第一章 第一节: 「中科院赣江创新研究院等重大创新平台的落户，填补了全省无中科院直属研究机构的历史空白」;
    # plan 第一章 第二节: 「中科院赣江创新研究院等国字号重大创新平台发展壮大进一步夯实了科技创新基础」;
    # review 聚焦创新资源集聚: 「中国科学院赣江创新研究院、中国中医科学院中医药健康产业研究所等落地赣州」
    rows = by(run(curated_store, "best-connected-organisations", limit=1000), "organisation")
    assert rows["中国科学院赣江创新研究院"]["mentions"] == 3


def test_what_each_source_document_supports(curated_store: GraphStore) -> None:
    rows = by(run(curated_store, "source-document-support"), "fileName")
    assert set(rows) == {PLAN, REVIEW}
    plan, review = rows[PLAN], rows[REVIEW]
    # the plan's 通知: 「江西省人民政府关于印发江西省“十四五”科技创新规划的通知」, 「赣府发〔2021〕22号」,
    #   「2021年10月15日」; the review carries no number and no date (data/sources/README.md: "undated", "none")
    assert (plan["title"], plan["docNumber"], plan["issuedOn"]) == (
        "江西省“十四五”科技创新规划",
        "赣府发〔2021〕22号",
        "2021-10-15",
    )
    assert (review["title"], review["docNumber"], review["issuedOn"]) == (
        "建设创新江西 打造中部地区重要区域科技创新中心",
        None,
        None,
    )
    # README: 92 passages, one per section plus 21 paragraph-level ones: 70 of the plan, 22 of the review
    assert (plan["passages"], review["passages"]) == (70, 22)
    plan_nodes = {(n["class"], n["provenanceKind"]): n["count"] for n in plan["nodes"]}
    review_nodes = {(n["class"], n["provenanceKind"]): n["count"] for n in review["nodes"]}
    # plan 第二章 第二节: the ten science cities; 第十一章 第一节: twelve countries; README: 24 targets for 2025 + the
    # 13th-FYP patent target, all from the plan; the two derived 2015 values (R&D intensity 1.04 %, rank 22) are curated
    assert plan_nodes[("ScienceCity", "documented")] == 10
    assert plan_nodes[("Country", "documented")] == 12
    assert plan_nodes[("Target", "documented")] == 25
    assert plan_nodes[("Observation", "curated")] == 2
    assert ("Target", "documented") not in review_nodes
    # review 聚焦创新资源集聚: the five national key labs; 「启动建设复合半导体江西省实验室，
    #   加紧谋划食品、种业、中医药、氢能与碳中和、航空等领域省级实验室」: six provincial labs
    assert review_nodes[("NationalKeyLaboratory", "documented")] == 5
    assert review_nodes[("ProvincialLaboratory", "documented")] == 6
    assert ("NationalKeyLaboratory", "documented") not in plan_nodes
    # the follow-ups run from review paragraphs to plan passages, and are quoted from the review
    assert {r["type"] for r in review["relationships"]} >= {"FOLLOWS_UP"}
    assert "FOLLOWS_UP" not in {r["type"] for r in plan["relationships"]}
    assert run(curated_store, "source-document-support", document=REVIEW) == [rows[REVIEW]]


def test_the_support_counts_follow_the_csv_files(curated_store: GraphStore) -> None:
    classes = curated_classes()
    nodes = [
        (path.stem, row)
        for path in sorted((CURATED / "nodes").glob("*.csv"))
        for row in curated_csv("nodes", path.stem)
    ]
    edges = curated_edges()
    documents = curated_csv("nodes", "SourceDocument")
    rows = by(run(curated_store, "source-document-support"), "documentId")
    assert set(rows) == {d["id"] for d in documents}
    for document in documents:
        prefix = document["fileName"] + "#"
        row = rows[document["id"]]
        passages = {e["start"] for e in edges if e["type"] == "DERIVED_FROM" and e["end"] == document["id"]}
        assert row["passages"] == len(passages)
        assert all(classes[p] == "Passage" for p in passages)
        node_counts = Counter((cls, n["provenanceKind"]) for cls, n in nodes if n["source"].startswith(prefix))
        # the relationships derived at load carry `source` = "rule host-location": no document's
        edge_counts = Counter((e["type"], e["provenanceKind"]) for e in edges if e["source"].startswith(prefix))
        assert row["nodes"] == [
            {"class": c, "provenanceKind": p, "count": n} for (c, p), n in sorted(node_counts.items())
        ]
        assert row["relationships"] == [
            {"type": t, "provenanceKind": p, "count": n} for (t, p), n in sorted(edge_counts.items())
        ]
        assert (row["nodeCount"], row["relationshipCount"]) == (node_counts.total(), edge_counts.total())


def test_the_profile_says_a_links_role_and_its_certainty(curated_store: GraphStore) -> None:
    """Issue 25, item 7: the review places the TCM institute in 赣州
    (「…中国中医科学院中医药健康产业研究所等落地赣州」), general knowledge in 赣江新区: the first reading is
    doubtful, the second probable; the plan calls 南昌 the province's 「头雁」."""
    [institute] = run(curated_store, "entity-profile", entity="research-institute:中国中医科学院中医药健康产业研究所")
    located = {link["otherId"]: link["certainty"] for link in institute["outgoing"] if link["type"] == "LOCATED_IN"}
    assert located == {"360700": "doubtful", "new-area:赣江新区": "probable"}
    [nanchang] = run(curated_store, "entity-profile", entity="360100")
    roles = {link["otherId"]: link["role"] for link in nanchang["outgoing"] if link["type"] == "PLAYS_ROLE_FOR"}
    assert roles["360000"] == "lead goose"
    assert all(link["role"] is None for link in nanchang["outgoing"] if link["type"] != "PLAYS_ROLE_FOR")
