"""Figures told honestly (issue 25, item 7): each value the figure questions show carries its quote
and note and says whether its year was stated by the source or assigned by a curator; a target is
compared with the latest value of any kind the graph holds. Written by hand from data/sources and
data/curated/README.md ("Years of the review"), checked on both engines.
plan   = data/sources/000_d24e6e608ec2dcda.txt (江西省“十四五”科技创新规划, 2021)
review = data/sources/003_0734145f5672b58a.txt (建设创新江西 打造中部地区重要区域科技创新中心, 2022)
"""

from __future__ import annotations

from jxkg.store import GraphStore
from tests.queries.test_catalog_answers import BUILT, PLANNED, by, curated_csv, document_text, run


def test_every_curated_observation_says_how_its_year_is_known() -> None:
    for row in curated_csv("nodes", "Observation"):
        assert row["yearBasis"] in {"stated", "assigned"}, row["id"]
        text = document_text(row["source"])
        # the words the year rests on are the source's, character for character
        assert row["yearQuote"] == "" or row["yearQuote"] in text, row["id"]
        if row["yearBasis"] == "stated":
            assert row["yearQuote"] == f"{row['year']}年", row["id"]


def test_every_curated_target_says_how_its_deadline_year_is_known() -> None:
    for row in curated_csv("nodes", "Target"):
        assert row["yearBasis"] in {"stated", "assigned"}, row["id"]
        assert row["yearQuote"] == "" or row["yearQuote"] in document_text(row["source"]), row["id"]
        if row["yearBasis"] == "stated":
            assert row["yearQuote"] == f"到{row['deadlineYear']}年", row["id"]


def test_a_series_shows_each_value_with_its_quote_note_and_how_its_year_is_known(curated_store: GraphStore) -> None:
    [row] = run(curated_store, "region-indicator-series", region="江西省", indicator="院士人数")
    # plan 第一章第一节: 「全省现有本土院士4人」 — "现有" assigned 2021;
    # review 聚焦创新生态营造: 「截至目前，全省拥有院士6人」 — assigned 2022 (the review was written in 2022)
    first, latest = row["series"]
    assert (first["year"], first["value"], first["yearBasis"], first["yearQuote"]) == (2021, 4, "assigned", "现有")
    assert (latest["year"], latest["value"], latest["yearBasis"], latest["yearQuote"]) == (
        2022,
        6,
        "assigned",
        "截至目前",
    )
    assert first["provenance"]["quote"].startswith("全省现有本土院士4人")
    assert (
        "现有" in first["provenance"]["note"]
        and first["provenance"]["document"]["titleZh"] == "江西省“十四五”科技创新规划"
    )
    assert (row["firstYearBasis"], row["latestYearBasis"]) == ("assigned", "assigned")
    # plan: 「2020年全社会研发经费支出占地区生产总值之比为1.68%，比2015年提高0.64个百分点」 — both years stated
    [intensity] = run(curated_store, "region-indicator-series", region="江西省", indicator="研发经费投入强度")
    bases = {(p["year"], p["yearBasis"], p["yearQuote"]) for p in intensity["series"]}
    assert bases == {
        (2015, "stated", "2015年"),
        (2020, "stated", "2020年"),
        (2017, "assigned", "近五年来"),
        (2021, "assigned", "近五年来"),
    }


def test_the_overview_tells_assigned_years_and_cites_each_target(curated_store: GraphStore) -> None:
    [academicians] = run(curated_store, "indicators-overview", indicator="院士人数")
    assert academicians["years"] == [2021, 2022] and academicians["assignedYears"] == [2021, 2022]
    # review 聚焦创新高地建设: 「2021年，农高区实现产值147.57亿元」 — the year stated
    [output] = run(curated_store, "indicators-overview", indicator="农高区产值")
    assert output["years"] == [2021] and output["assignedYears"] == []
    # plan 第十章第一节: 「…成交总金额300亿元以上。」
    [contracts] = run(curated_store, "indicators-overview", indicator="技术合同成交额")
    [target] = contracts["targets"]
    assert "成交总金额300亿元以上" in target["provenance"]["quote"] and target["provenance"]["kind"] == "documented"


def test_the_science_city_target_counts_the_ten_the_graph_holds(curated_store: GraphStore) -> None:
    rows = by(run(curated_store, "target-progress"), "indicator")
    # plan 第一章第四节: 「推进已建六大科创城发展，扩大范围建设十大科创新城」 — 6 in 2020 (an observation),
    # and the graph holds the ten science cities the documents name, newer than that 2020 figure
    cities = rows["科创城数量"]
    assert len(BUILT | PLANNED) == 10
    assert (cities["comparator"], cities["target"], cities["latestValue"]) == ("=", 10, 10)
    assert (cities["latestFrom"], cities["latestYearBasis"], cities["latestYear"]) == (
        "count:ScienceCity",
        "counted",
        None,
    )
    assert (cities["met"], cities["gap"], cities["status"]) == (True, 0, "met")
    assert cities["latestProvenance"] is None
    assert "十大科创新城" in cities["targetProvenance"]["quote"]
    # 第一章 第四节 发展目标 opens 「到2025年，…」: the deadline is stated
    assert cities["deadlineYearBasis"] == "stated"


def test_a_deadline_a_curator_assumed_is_told_apart(curated_store: GraphStore) -> None:
    rows = by(run(curated_store, "target-progress"), "indicator")
    # plan 第五章 第二节: 「…选派千名企业科技特派员，进入全省百个开发区，为万家企业提供科技服务」 — no time in the
    # sentence: 2025, the plan's end, assumed; 第十一章 第三节: 「力争到“十四五”末，建设150家左右高端研发机构…」
    assert rows["企业科技特派员人数"]["deadlineYearBasis"] == "assigned"
    assert rows["高端研发机构数"]["deadlineYearBasis"] == "assigned"
    assert rows["高新技术企业数"]["deadlineYearBasis"] == "stated"  # 「到2025年，力争高新技术企业总数突破10000家」


def test_a_target_names_the_observation_it_was_compared_with(curated_store: GraphStore) -> None:
    rows = by(run(curated_store, "target-progress"), "indicator")
    # review 总述: 「技术合同成交额从96.19亿元增长到414亿元」 — "now" assigned 2021 (近五年来)
    contracts = rows["技术合同成交额"]
    assert (contracts["latestFrom"], contracts["latestYear"], contracts["latestValue"]) == (
        "observation:技术合同成交额:360000:2021",
        2021,
        414,
    )
    assert contracts["latestYearBasis"] == "assigned"
    assert contracts["latestProvenance"]["quote"] == "技术合同成交额从96.19亿元增长到414亿元"
    assert "now assigned 2021" in contracts["latestProvenance"]["note"]
    # no value of any kind for 技术合同登记数量: nothing to compare, said so
    registered = rows["技术合同登记数量"]
    assert (registered["latestFrom"], registered["latestYearBasis"], registered["status"]) == (
        None,
        None,
        "no observation",
    )
