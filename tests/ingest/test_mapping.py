"""Mappings: value conversions, validation against the ontology, ids, and entity resolution."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jxkg.errors import MappingError
from jxkg.ingest.read.aliases import AliasTable, name_key
from jxkg.ingest.read.convert import ConversionError, convert, convert_raw, parse_date, parse_number, parse_year
from jxkg.ingest.read.map_rows import map_table, resolve_edges
from jxkg.ingest.read.mapping import load_mapping
from jxkg.ingest.read.table import Row, Table
from jxkg.ingest.records import NodeRecord
from jxkg.ontology.schema import GraphSchema, load_schema

REPO = Path(__file__).resolve().parents[2]
CURATED = REPO / "data" / "curated"
GANJIANG = "research-institute:中国科学院赣江创新研究院"  # data/curated/nodes/ResearchInstitute.csv


@pytest.fixture(scope="module")
def schema() -> GraphSchema:
    return load_schema()


@pytest.fixture(scope="module")
def curated_aliases(schema: GraphSchema) -> AliasTable:
    return AliasTable.from_curated(schema, CURATED)


# --- conversions ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "unit", "whole", "expected"),
    [
        ("１２３，４５６", None, True, 123456),
        ("１２３４５６", None, True, 123456),
        ("3.5万", None, True, 35000),
        ("3.5 万元", "元", True, 35000),
        ("1.2亿元", "元", True, 120000000),
        ("1.2亿元", "亿元", False, 1.2),
        ("3.5万元", "亿元", False, 0.00035),
        ("502.2", "亿元", False, 502.2),
        ("5595家", None, True, 5595),
        ("2.5%", None, False, 2.5),
        ("２.５％", "%", False, 2.5),
        ("2.5%", "fraction", False, 0.025),
        (38.2, None, False, 38.2),
        (120, "万元", False, 120.0),
    ],
)
def test_numbers(raw: object, unit: str | None, whole: bool, expected: float) -> None:
    assert parse_number(raw, unit=unit, whole=whole) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("raw", "unit", "whole", "message"),
    [
        ("约三千", None, False, "expected a number, got '约三千'"),
        ("5家", "元", False, "expected a value in 元, got '5家' (in 家)"),
        ("2.5%", "亿元", False, "expected a value in 亿元, got a percentage '2.5%'"),
        ("3.5", None, True, "expected a whole number, got '3.5'"),
        (True, None, False, "expected a number"),
    ],
)
def test_numbers_that_are_not(raw: object, unit: str | None, whole: bool, message: str) -> None:
    with pytest.raises(ConversionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_number(raw, unit=unit, whole=whole)


@pytest.mark.parametrize(
    "raw", ["2021-10-15", "2021/10/15", "2021.10.15", "2021年10月15日", "２０２１年１０月１５日", dt.date(2021, 10, 15)]
)
def test_dates(raw: object) -> None:
    assert parse_date(raw) == "2021-10-15"


def test_dates_that_are_not() -> None:
    with pytest.raises(ConversionError, match="not a calendar date"):
        parse_date("2021-02-30")
    with pytest.raises(ConversionError, match="expected a date such as 2021-10-15"):
        parse_date("十月")


@pytest.mark.parametrize("raw", ["2021年", "2021", "２０２１年", 2021, 2021.0, dt.datetime(2021, 3, 1), "2021年度"])
def test_years(raw: object) -> None:
    assert parse_year(raw) == 2021


def test_years_booleans_and_allowed_values_through_convert_raw() -> None:
    assert convert_raw("2019年", "integer", property_name="foundedYear") == 2019
    with pytest.raises(ConversionError, match="expected a year"):
        convert_raw("二〇一九", "integer", property_name="foundedYear")
    assert convert_raw("是", "boolean") is True and convert_raw("否", "boolean") is False
    assert convert_raw("ＹＥＳ", "boolean") is True
    with pytest.raises(ConversionError, match="expected 是/否"):
        convert_raw("也许", "boolean")
    assert convert_raw("国家级", "string", values={"国家级": "national"}, allowed=("national",)) == "national"
    with pytest.raises(ConversionError, match="expected one of municipal, national"):
        convert_raw("部级", "string", allowed=("municipal", "national"))
    assert convert_raw("  赣州\u3000稀金  科创城 ", "langString") == "赣州 稀金 科创城"
    assert convert_raw(360700.0, "string") == "360700"


def test_the_curated_conversions_are_unchanged() -> None:
    assert convert("1,234", "integer") == 1234
    with pytest.raises(ConversionError, match="expected a whole number"):
        convert("二〇二一", "integer")


# --- mapping files: validation --------------------------------------------------------------------------------------


def mapping_file(tmp_path: Path, text: str, name: str = "t.mapping.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mapping_error(tmp_path: Path, schema: GraphSchema, text: str) -> str:
    path = mapping_file(tmp_path, text)
    with pytest.raises(MappingError) as caught:
        load_mapping(path, schema)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    return message


def test_an_unknown_property_is_named_with_its_key(tmp_path: Path, schema: GraphSchema) -> None:
    message = mapping_error(tmp_path, schema, "class: Enterprise\nproperties:\n  名称: nameZh\n  研发投入: nameZH\n")
    assert "properties.研发投入.property: unknown property 'nameZH'; did you mean nameZh" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("class: Spaceship\nproperties: {名称: nameZh}\n", "class: unknown class 'Spaceship'"),
        ("class: Laboratory\nproperties: {名称: nameZh}\n", "class: Laboratory is abstract"),
        (
            "class: Enterprise\nproperties: {名称: nameZh, 单位: unit}\n",
            "properties.单位.property: property 'unit' does not",
        ),
        (
            "class: Enterprise\nproperties: {名称: nameZh, 编号: id}\n",
            "properties.编号.property: id is set by the loader",
        ),
        (
            "class: Enterprise\nproperties: {名称: nameZh}\nrelationships: {地: {type: LOCATED, target: Region}}\n",
            "relationships.地.type: unknown relationship 'LOCATED'",
        ),
        (
            "class: Enterprise\nproperties: {名称: nameZh}\nrelationships: {链: {type: MEASURES, target: Indicator}}\n",
            "relationships.链.type: MEASURES starts at Observation, not at Enterprise",
        ),
        (
            "class: Enterprise\nproperties: {名称: nameZh}\n"
            "relationships: {地: {type: LOCATED_IN, target: IndustryChain}}\n",
            "relationships.地.target: LOCATED_IN ends at Place, not at IndustryChain",
        ),
        (
            "class: Enterprise\nproperties: {名称: {property: nameZh, split: '、'}}\n",
            "properties.名称.split: nameZh holds one value",
        ),
        (
            "class: Enterprise\nproperties: {名称: nameZh, 级别: {property: level, values: {国家级: nation}}}\n",
            "properties.级别.values.国家级: 'nation' is not one of municipal, national, provincial",
        ),
        (
            "class: Enterprise\nproperties: {名称: nameZh, 国有: {property: isStateOwned, unit: 元}}\n",
            "properties.国有.unit: a unit applies to numbers; isStateOwned is read as boolean",
        ),
        (
            "class: Enterprise\nproperties: {名称: nameZh}\nconstants: {provenanceKind: guessed}\n",
            "constants.provenanceKind: expected one of curated, documented",
        ),
        ("class: Enterprise\nproperties: {英文: nameEn}\n", "id: no way to form ids"),
    ],
)
def test_ontology_errors_name_the_key(tmp_path: Path, schema: GraphSchema, text: str, expected: str) -> None:
    assert expected in mapping_error(tmp_path, schema, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("class: Enterprise\nproperty: {名称: nameZh}\n", "property: Extra inputs are not permitted"),
        ("properties: {名称: nameZh}\n", "class: Field required"),
        (
            "class: Enterprise\nid: {column: a, template: 'x:{a}'}\nproperties: {名称: nameZh}\n",
            "id: Value error, give either template",
        ),
        ("class: Enterprise\nencoding: gbkk\nproperties: {名称: nameZh}\n", "encoding: Value error, unknown encoding"),
        (
            "class: Enterprise\ndelimiter: ';;'\nproperties: {名称: nameZh}\n",
            "delimiter: Value error, a delimiter is one",
        ),
        (
            "class: Enterprise\nmax_cell_bytes: 0\nproperties: {名称: nameZh}\n",
            "max_cell_bytes: Input should be greater",
        ),
        (
            "sources:\n  - class: Enterprise\n    properties: {名称: {property: nameZh, convert: magic}}\n",
            "sources[0].properties.名称.convert: Input should be",
        ),
        ("class: [Enterprise\n", "not valid YAML"),
        ("- Enterprise\n", "a mapping is a YAML object"),
    ],
)
def test_shape_errors_name_the_key(tmp_path: Path, schema: GraphSchema, text: str, expected: str) -> None:
    assert expected in mapping_error(tmp_path, schema, text)


def test_every_error_is_listed_not_only_the_first(tmp_path: Path, schema: GraphSchema) -> None:
    text = "sources:\n  - class: Enterprise\n    properties: {名称: nameZh, a: foo}\n  - class: Nope\n"
    message = mapping_error(tmp_path, schema, text)
    assert "sources[0].properties.a.property: unknown property 'foo'" in message
    assert "sources[1].class: unknown class 'Nope'" in message


# --- mapping rows ---------------------------------------------------------------------------------------------------


def table(columns: list[str], *rows: dict[str, object]) -> Table:
    return Table("t.csv", columns, [Row("t.csv", n, dict(r)) for n, r in enumerate(rows, start=1)])


def test_ids_by_code_or_name_and_unknown_columns(tmp_path: Path, schema: GraphSchema) -> None:
    path = mapping_file(
        tmp_path,
        "class: Enterprise\nid: {column: 信用代码, name: 企业名称}\n"
        "properties: {企业名称: nameZh, 成立: foundedYear, 国有: isStateOwned}\n"
        "relationships: {地市: {type: LOCATED_IN, target: PrefectureCity}}\n"
        "ignore: [序号]\nconstants: {provenanceKind: reference}\n",
    )
    entry = load_mapping(path, schema).entries[0]
    data = table(
        ["序号", "信用代码", "企业名称", "成立", "国有", "地市", "颜色"],
        {
            "信用代码": "９１３６０７００ＭＡ３５ＡＢＣＤ１Ｘ",
            "企业名称": "甲公司",
            "成立": "2015年",
            "国有": "否",
            "地市": "赣州",
        },
        {"信用代码": "", "企业名称": "乙公司", "成立": 2018, "地市": "南昌市、赣州市"},
        {"企业名称": "丙公司", "成立": "很久以前"},
        {"企业名称": "丁公司", "地市": "火星市"},
    )
    aliases = AliasTable.from_curated(schema, CURATED)
    mapped = map_table(data, entry, schema, aliases)
    assert [(n.id, n.row, n.properties) for n in mapped.nodes] == [
        (
            "91360700MA35ABCD1X",
            1,
            {"provenanceKind": "reference", "nameZh": "甲公司", "foundedYear": 2015, "isStateOwned": False},
        ),
        ("enterprise:乙公司", 2, {"provenanceKind": "reference", "nameZh": "乙公司", "foundedYear": 2018}),
        ("enterprise:丁公司", 4, {"provenanceKind": "reference", "nameZh": "丁公司"}),
    ]
    assert mapped.rejected == 1
    assert [str(p) for p in mapped.problems] == [
        "t.csv, field '颜色': column is not mapped (map it, or list it under ignore:); not loaded",
        "t.csv, row 3, field '成立': expected a year such as 2021 or 2021年, got '很久以前'; the row was rejected "
        "(value '很久以前')",
    ]
    edges, problems, rejected, _ = resolve_edges(mapped.pending, aliases)
    # 赣州 -> 赣州市 -> 360700; row 2 names two cities, but this mapping gives no `split:`
    assert [(e.start, e.end, e.row, e.properties) for e in edges] == [
        ("91360700MA35ABCD1X", "360700", 1, {"provenanceKind": "reference"})
    ]
    assert [str(p) for p in problems] == [
        "t.csv, row 2, field '地市': no PrefectureCity is known by this name (curated data, this ingest, aliases); "
        "the LOCATED_IN was rejected (value '南昌市、赣州市')",
        "t.csv, row 4, field '地市': no PrefectureCity is known by this name (curated data, this ingest, aliases); "
        "the LOCATED_IN was rejected (value '火星市')",
    ]
    assert rejected == {"LOCATED_IN": 2}


def test_template_ids_and_units(tmp_path: Path, schema: GraphSchema) -> None:
    path = mapping_file(
        tmp_path,
        "class: Observation\nid: {template: 'observation:{指标}:{地区}:{year}'}\n"
        "properties: {名称: nameZh, 数值: {property: value, unit: 亿元}, 年: year}\n"
        "relationships:\n  指标: {type: MEASURES, target: Indicator}\n"
        "  地区: {type: ABOUT_REGION, target: Region, by: id}\n",
    )
    entry = load_mapping(path, schema).entries[0]
    data = table(
        ["名称", "指标", "地区", "年", "数值"],
        {
            "名称": "全社会研发经费投入 2021",
            "指标": "全社会研发经费投入",
            "地区": "３６００００",
            "年": "2021年",
            "数值": "502.2亿元",
        },
        {"名称": "缺年份", "指标": "全社会研发经费投入", "地区": "360000", "数值": "1万元"},
    )
    aliases = AliasTable.from_curated(schema, CURATED)
    mapped = map_table(data, entry, schema, aliases)
    (node,) = mapped.nodes
    assert node.id == "observation:全社会研发经费投入:360000:2021"
    assert node.properties == {"nameZh": "全社会研发经费投入 2021", "value": 502.2, "year": 2021}
    assert [str(p) for p in mapped.problems] == [
        "t.csv, row 2, field 'year': missing id: the template needs {year}; rejected"
    ]
    edges, problems, _, _ = resolve_edges(mapped.pending, aliases)
    assert problems == []
    assert {(e.rel_type, e.end) for e in edges} == {
        ("MEASURES", "indicator:全社会研发经费投入"),
        ("ABOUT_REGION", "360000"),
    }


def test_a_split_cell_gives_several_relationships(tmp_path: Path, schema: GraphSchema) -> None:
    path = mapping_file(
        tmp_path,
        "class: ScienceCity\nproperties: {名称: nameZh, 别名: {property: aliases, split: '、'}}\n"
        "relationships: {产业链: {type: SUPPORTS_CHAIN, target: IndustryChain, split: '、'}}\n",
    )
    entry = load_mapping(path, schema).entries[0]
    aliases = AliasTable.from_curated(schema, CURATED)
    mapped = map_table(
        table(["名称", "别名", "产业链"], {"名称": "测试城", "别名": "甲、乙", "产业链": "航空、 装备制造 "}),
        entry,
        schema,
        aliases,
    )
    assert mapped.nodes[0].properties["aliases"] == ["甲", "乙"]
    edges, problems, _, _ = resolve_edges(mapped.pending, aliases)
    assert problems == []
    assert [e.end for e in edges] == ["industry-chain:航空", "industry-chain:先进制造与装备"]  # by its alias 装备制造


# --- entity resolution ----------------------------------------------------------------------------------------------


def test_the_cas_abbreviation_resolves_to_the_curated_institute(curated_aliases: AliasTable) -> None:
    assert curated_aliases.resolve("ResearchInstitute", "中科院赣江创新研究院") == GANJIANG
    assert curated_aliases.resolve("ResearchInstitute", "中国科学院赣江创新研究院") == GANJIANG
    assert curated_aliases.resolve("Organization", " 中科院　赣江创新研究院 ") == GANJIANG  # a superclass, spaces
    assert curated_aliases.resolve("University", "中科院赣江创新研究院") is None  # another class
    assert curated_aliases.canonical_name(GANJIANG) == "中国科学院赣江创新研究院"


def test_the_rules_work_without_an_aliases_column(schema: GraphSchema) -> None:
    nodes = [
        NodeRecord(
            "ResearchInstitute", "research-institute:中国科学院测试研究所", {"nameZh": "中国科学院测试研究所"}, "x"
        ),
        NodeRecord("GovernmentBody", "government-body:江西省测试厅", {"nameZh": "江西省测试厅"}, "x"),
        NodeRecord("ScienceIsland", "science-island:中国（南昌）测试岛", {"nameZh": "中国（南昌）测试岛"}, "x"),
    ]
    table_ = AliasTable.from_records(schema, nodes)
    assert table_.resolve("ResearchInstitute", "中科院测试研究所") == "research-institute:中国科学院测试研究所"
    assert table_.resolve("GovernmentBody", "省测试厅") == "government-body:江西省测试厅"
    assert table_.resolve("ScienceIsland", "中国(南昌)测试岛") == "science-island:中国（南昌）测试岛"
    assert name_key("ＡＢＣ　１２３") == name_key("abc123")


def test_regions_by_name_and_by_short_name(curated_aliases: AliasTable) -> None:
    assert curated_aliases.resolve("PrefectureCity", "赣州市") == "360700"
    assert curated_aliases.resolve("PrefectureCity", "赣州") == "360700"
    assert curated_aliases.resolve("Region", "江西") == "360000"
    assert curated_aliases.resolve("GovernmentBody", "省科技厅") == "government-body:江西省科学技术厅"
    assert curated_aliases.resolve("PrefectureCity", "火星") is None


def test_a_name_of_a_known_entity_takes_its_id_and_canonical_name(tmp_path: Path, schema: GraphSchema) -> None:
    path = mapping_file(tmp_path, "class: ResearchInstitute\nproperties: {名称: nameZh, 成立: foundedYear}\n")
    entry = load_mapping(path, schema).entries[0]
    aliases = AliasTable.from_curated(schema, CURATED)
    data = table(["名称", "成立"], {"名称": "中科院赣江创新研究院", "成立": "2020年"}, {"名称": "新的研究所"})
    mapped = map_table(data, entry, schema, aliases)
    assert [(n.id, n.properties) for n in mapped.nodes] == [
        (GANJIANG, {"nameZh": "中国科学院赣江创新研究院", "aliases": ["中科院赣江创新研究院"], "foundedYear": 2020}),
        ("research-institute:新的研究所", {"nameZh": "新的研究所"}),
    ]
    assert aliases.resolve("ResearchInstitute", "新的研究所") == "research-institute:新的研究所"  # joins the table
    ambiguous = AliasTable.from_records(
        schema,
        [
            NodeRecord("ResearchInstitute", "research-institute:甲", {"nameZh": "甲", "aliases": ["同名"]}, "x"),
            NodeRecord("ResearchInstitute", "research-institute:乙", {"nameZh": "乙", "aliases": ["同名"]}, "x"),
        ],
    )
    mapped = map_table(table(["名称", "成立"], {"名称": "同名"}), entry, schema, ambiguous)
    assert mapped.nodes == [] and mapped.rejected == 1
    assert "the name fits several known entities (research-institute:乙, research-institute:甲)" in str(
        mapped.problems[0]
    )


def test_the_mapping_in_the_docs_is_valid(tmp_path: Path, schema: GraphSchema) -> None:
    text = (REPO / "docs" / "ingest.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    entry = load_mapping(mapping_file(tmp_path, example), schema).entries[0]
    assert entry.mapping.class_name == "Enterprise" and entry.constants == {"provenanceKind": "reference"}
