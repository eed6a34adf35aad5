"""Readers: every format, every encoding, and each kind of bad input named by file, row and field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from jxkg.ingest.read.readers import read_rdf, read_table
from jxkg.ingest.read.table import ReadOptions, Table
from jxkg.ontology.schema import GraphSchema, load_schema

HEADER = "名称,所在地市,成立年份\n"
GOOD_ROWS = "赣州稀金测试院,赣州市,2019年\n南昌航空测试院,南昌市,2020\n"


@pytest.fixture(scope="module")
def schema() -> GraphSchema:
    return load_schema()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def csv_table(tmp_path: Path, data: bytes, name: str = "t.csv", **options: object) -> Table:
    return read_table(write(tmp_path, name, data), "csv", ReadOptions(**options))  # type: ignore[arg-type]


def messages(table: Table) -> list[str]:
    return [str(p) for p in table.problems]


def names(table: Table) -> list[str]:
    return [row.values["名称"] for row in table.rows]


# --- CSV: encodings and delimiters ----------------------------------------------------------------------------------


def test_utf8_csv_gives_rows_numbered_from_the_first_data_row(tmp_path: Path) -> None:
    table = csv_table(tmp_path, (HEADER + GOOD_ROWS).encode("utf-8"))
    assert table.problems == [] and table.notices == []
    assert table.columns == ["名称", "所在地市", "成立年份"]
    assert [(r.file, r.number) for r in table.rows] == [(str(tmp_path / "t.csv"), 1), (str(tmp_path / "t.csv"), 2)]
    assert table.rows[0].values == {"名称": "赣州稀金测试院", "所在地市": "赣州市", "成立年份": "2019年"}


def test_utf8_with_bom_loses_the_bom(tmp_path: Path) -> None:
    table = csv_table(tmp_path, b"\xef\xbb\xbf" + (HEADER + GOOD_ROWS).encode("utf-8"))
    assert table.columns[0] == "名称"
    assert names(table) == ["赣州稀金测试院", "南昌航空测试院"]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_is_detected(tmp_path: Path, encoding: str) -> None:
    table = csv_table(tmp_path, (HEADER + GOOD_ROWS).encode(encoding))
    assert table.problems == []
    assert names(table) == ["赣州稀金测试院", "南昌航空测试院"]


def test_a_declared_encoding_wins(tmp_path: Path) -> None:
    data = "名称\n中国\n".encode("gbk")  # also decodes as Big5, wrongly: declared or detected, not guessed
    assert names(csv_table(tmp_path, data, encoding="gbk")) == ["中国"]
    declared_wrong = csv_table(tmp_path, (HEADER + GOOD_ROWS).encode("utf-8"), encoding="ascii")
    assert "cannot be decoded as ascii" in messages(declared_wrong)[0]


def test_tab_separated_is_detected(tmp_path: Path) -> None:
    table = csv_table(tmp_path, (HEADER + GOOD_ROWS).replace(",", "\t").encode("utf-8"))
    assert table.columns == ["名称", "所在地市", "成立年份"]
    assert names(table) == ["赣州稀金测试院", "南昌航空测试院"]


def test_comma_wins_when_a_cell_holds_a_tab(tmp_path: Path) -> None:
    table = csv_table(tmp_path, "名称,备注\n甲,a\tb\n乙,c\n".encode())
    assert table.rows[0].values == {"名称": "甲", "备注": "a\tb"}


def test_a_declared_delimiter_is_used(tmp_path: Path) -> None:
    table = csv_table(tmp_path, (HEADER + GOOD_ROWS).replace(",", ";").encode(), delimiter=";")
    assert table.problems == [] and len(table.rows) == 2


def test_quoted_cells_may_span_lines(tmp_path: Path) -> None:
    table = csv_table(tmp_path, '名称,备注\n甲,"两\n行"\n乙,x\n'.encode())
    assert [(r.number, r.values["备注"]) for r in table.rows] == [(1, "两\n行"), (2, "x")]


# --- CSV: bad input -------------------------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    for data in (b"", b"\xef\xbb\xbf\n \n"):
        table = csv_table(tmp_path, data)
        assert messages(table) == [f"{tmp_path / 't.csv'}: empty file: no header and no rows"]
        assert table.rows == []


def test_header_only_is_a_notice_not_a_problem(tmp_path: Path) -> None:
    table = csv_table(tmp_path, HEADER.encode())
    assert table.problems == [] and table.rows == []
    assert [str(n) for n in table.notices] == [f"{tmp_path / 't.csv'}: header only: no data rows, nothing to load"]


@pytest.mark.parametrize("mark", [";", "|"])
def test_wrong_delimiter(tmp_path: Path, mark: str) -> None:
    table = csv_table(tmp_path, (HEADER + GOOD_ROWS).replace(",", mark).encode())
    assert table.rows == []
    (message,) = messages(table)
    assert message.startswith(f"{tmp_path / 't.csv'}, field '名称{mark}所在地市{mark}成立年份': wrong delimiter")
    assert f"declare `delimiter: '{mark}'`" in message


def test_ragged_rows_are_rejected_by_number_and_the_rest_load(tmp_path: Path) -> None:
    data = HEADER + "甲,赣州市,2019,多余\n乙,南昌市,2020\n丙,赣州市\n"
    table = csv_table(tmp_path, data.encode())
    assert names(table) == ["乙"]
    file = tmp_path / "t.csv"
    assert messages(table) == [
        f"{file}, row 1: ragged row: 4 cells, the header has 3; the row was rejected (value '多余')",
        f"{file}, row 3, field '成立年份': ragged row: 2 cells, the header has 3 (no cell from this column on); "
        "the row was rejected",
    ]


def test_all_rows_ragged_suggests_a_wrong_delimiter(tmp_path: Path) -> None:
    table = csv_table(tmp_path, "名称,年份\n甲,1,x\n乙,2,y\n".encode())
    assert table.rows == []
    assert "wrong delimiter? every row has a different number of cells" in messages(table)[-1]


def test_mixed_encodings_reject_the_foreign_rows_only(tmp_path: Path) -> None:
    data = (
        HEADER.encode() + "甲,赣州市,2019\n".encode() + "乙,南昌市,2020\n".encode("gbk") + "丙,九江市,2021\n".encode()
    )
    table = csv_table(tmp_path, data)
    assert names(table) == ["甲", "丙"]
    (message,) = messages(table)
    assert message.startswith(f"{tmp_path / 't.csv'}, row 2, field '名称': row is not UTF-8 while the rest")
    assert "look like GBK/GB18030" in message and "mixes encodings" in message


def test_a_utf8_row_in_a_gbk_file_is_rejected_too(tmp_path: Path) -> None:
    gbk = [f"{n},赣州市,2019\n".encode("gbk") for n in ("甲", "乙", "丁")]
    data = HEADER.encode("gbk") + gbk[0] + gbk[1] + "丙,九江市,2021\n".encode() + gbk[2]
    table = csv_table(tmp_path, data)
    assert names(table) == ["甲", "乙", "丁"]
    assert messages(table)[0].startswith(f"{tmp_path / 't.csv'}, row 3, field '名称': row is not GBK/GB18030")


def test_an_undecodable_header_rejects_the_file(tmp_path: Path) -> None:
    data = HEADER.encode("gbk") + "甲,赣州市,2019\n".encode() * 3
    table = csv_table(tmp_path, data)
    assert table.rows == []
    assert "the header is not UTF-8" in messages(table)[0]


def test_a_one_megabyte_cell_rejects_its_row(tmp_path: Path) -> None:
    big = "稀" * (1024 * 1024 // 3 + 1)
    table = csv_table(tmp_path, f"{HEADER}甲,{big},2019\n乙,南昌市,2020\n".encode())
    assert names(table) == ["乙"]
    (message,) = messages(table)
    assert message.startswith(f"{tmp_path / 't.csv'}, row 1, field '所在地市': cell is 1,048,578 bytes, over the limit")
    assert "of 65,536 (max_cell_bytes in the mapping)" in message


def test_the_cell_limit_is_configurable(tmp_path: Path) -> None:
    table = csv_table(tmp_path, "名称,备注\n甲,一二三\n乙,一二\n".encode(), max_cell_bytes=8)
    assert names(table) == ["乙"]  # 一二三 is 9 bytes in UTF-8
    assert "row 1, field '备注': cell is 9 bytes, over the limit of 8" in messages(table)[0]


# --- XLSX -----------------------------------------------------------------------------------------------------------


def make_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "说明"
    first.append(["这一页不是数据"])
    sheet = book.create_sheet("机构")
    sheet.append(["名称", "成立日期", "人数", "代码"])
    sheet.append(["甲研究院", dt.datetime(2019, 10, 15), 120, 360700])
    sheet.append([None, None, None, None])
    sheet.append(["乙研究院", "2020年1月2日", None, None])
    sheet.append(["丙研究院", None, 3, None, "多余"])
    book.save(path)
    return path


def test_xlsx_named_sheet(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "t.xlsx")
    table = read_table(path, "xlsx", ReadOptions(sheet="机构"))
    assert table.columns == ["名称", "成立日期", "人数", "代码"]
    assert [(r.number, r.values) for r in table.rows] == [
        (1, {"名称": "甲研究院", "成立日期": dt.datetime(2019, 10, 15), "人数": 120, "代码": 360700}),
        (3, {"名称": "乙研究院", "成立日期": "2020年1月2日"}),
    ]
    assert messages(table) == [
        f"{path}, row 4: ragged row: 5 cells, the header has 4; the row was rejected (value '多余')"
    ]


def test_xlsx_first_sheet_and_missing_sheet(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "t.xlsx")
    first = read_table(path, "xlsx")
    assert first.columns == ["这一页不是数据"] and first.rows == []
    assert [str(n) for n in first.notices] == [f"{path}: header only: no data rows, nothing to load"]
    missing = read_table(path, "xlsx", ReadOptions(sheet="企业"))
    assert messages(missing) == [f"{path}: no sheet named '企业'; the workbook has 说明, 机构"]


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "t.xlsx", b"not a zip"), "xlsx")
    assert "cannot be read as an XLSX workbook" in messages(table)[0]


# --- JSON and JSON Lines --------------------------------------------------------------------------------------------


def test_json_array_of_objects(tmp_path: Path) -> None:
    data = [{"名称": "甲", "人数": 3, "别名": ["甲院", "甲所"]}, {"名称": "乙", "备注": None}, "不是对象"]
    path = write(tmp_path, "t.json", json.dumps(data, ensure_ascii=False).encode())
    table = read_table(path, "json")
    assert table.columns == ["名称", "人数", "别名", "备注"]
    assert [r.values for r in table.rows] == [{"名称": "甲", "人数": 3, "别名": ["甲院", "甲所"]}, {"名称": "乙"}]
    assert messages(table) == [f"{path}, row 3: record is not a JSON object; it was rejected (value '不是对象')"]


def test_json_object_holding_the_array(tmp_path: Path) -> None:
    path = write(tmp_path, "t.json", json.dumps({"total": 1, "data": [{"名称": "甲"}]}).encode())
    assert [r.values for r in read_table(path, "json").rows] == [{"名称": "甲"}]
    two = write(tmp_path, "two.json", json.dumps({"a": [{"名称": "甲"}], "b": []}).encode())
    assert "holds several arrays (a, b): name the records with `records:`" in messages(read_table(two, "json"))[0]
    assert [r.values for r in read_table(two, "json", ReadOptions(records="a")).rows] == [{"名称": "甲"}]


def test_json_in_gbk_and_bad_json(tmp_path: Path) -> None:
    gbk = write(tmp_path, "gbk.json", '[{"名称": "甲"}]'.encode("gbk"))
    assert [r.values for r in read_table(gbk, "json").rows] == [{"名称": "甲"}]
    bad = write(tmp_path, "bad.json", b'[{"a": 1},\n {"a": }]')
    assert messages(read_table(bad, "json")) == [f"{bad}: not valid JSON: Expecting value at line 2, column 8"]
    empty = write(tmp_path, "empty.json", b"[]")
    assert [str(n) for n in read_table(empty, "json").notices] == [
        f"{empty}: no records (an empty array): nothing to load"
    ]


def test_jsonl_rejects_only_the_bad_lines(tmp_path: Path) -> None:
    lines = [b'{"name": "a"}', b"", b'{"name": ', b"[1, 2]", '{"name": "乙"}'.encode("gbk"), '{"name": "丙"}'.encode()]
    path = write(tmp_path, "t.jsonl", b"\n".join(lines) + b"\n")
    table = read_table(path, "jsonl")
    assert [(r.number, r.values["name"]) for r in table.rows] == [(1, "a"), (6, "丙")]
    assert [(p.row, p.message.split(":")[0]) for p in table.problems] == [
        (3, "not valid JSON"),
        (4, "record is not a JSON object; it was rejected"),
        (5, "row is not UTF-8 while the rest of the file is (its bytes look like GBK/GB18030)"),
    ]


# --- RDF ------------------------------------------------------------------------------------------------------------

TURTLE = """
@prefix jx: <https://w3id.org/jxkg/ontology#> .
@prefix jxd: <https://w3id.org/jxkg/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

jxd:university:赣南测试大学 a jx:University, jx:Organization ;
    jx:nameZh "赣南测试大学"@zh ;
    jx:aliases "测大", "赣南测大" ;
    jx:foundedYear 1958 ;
    jx:contentHash "abc" ;
    rdfs:label "not in the ontology" ;
    jx:locatedIn jxd:360700 .

jxd:relationship:x a rdf:Statement ;
    rdf:subject jxd:university:赣南测试大学 ; rdf:predicate jx:locatedIn ; rdf:object jxd:360700 ;
    jx:provenanceKind "curated" ; jx:note "by general knowledge" .

<http://example.org/other> a jx:University ; jx:nameZh "外部大学" .
jxd:spaceship:x a jx:Spaceship .
jxd:untyped jx:nameZh "无类型" .
"""


def test_turtle_maps_by_type_and_predicate_names(tmp_path: Path, schema: GraphSchema) -> None:
    path = write(tmp_path, "t.ttl", TURTLE.encode())
    result = read_rdf(path, schema)
    (node,) = result.nodes
    assert (node.class_name, node.id) == ("University", "university:赣南测试大学")
    assert node.properties == {"nameZh": "赣南测试大学", "aliases": ["测大", "赣南测大"], "foundedYear": 1958}
    (edge,) = result.edges
    assert (edge.rel_type, edge.start, edge.end) == ("LOCATED_IN", "university:赣南测试大学", "360700")
    assert edge.properties == {"provenanceKind": "curated", "note": "by general knowledge"}
    said = "\n".join(str(p) for p in result.problems)
    assert f"{path}, field 'http://www.w3.org/2000/01/rdf-schema#label': predicate is not a property" in said
    assert "http://example.org/other') " not in said and "subject is not an entity IRI" in said
    assert "unknown class 'Spaceship'" in said
    assert "has ontology properties but no rdf:type" in said


def test_json_ld(tmp_path: Path, schema: GraphSchema) -> None:
    document = {
        "@context": {"jx": "https://w3id.org/jxkg/ontology#", "jxd": "https://w3id.org/jxkg/id/"},
        "@graph": [
            {
                "@id": "jxd:industry-chain:测试链",
                "@type": "jx:IndustryChain",
                "jx:nameZh": {"@value": "测试链", "@language": "zh"},
                "jx:level": "provincial",
            },
            {
                "@id": "jxd:science-city:测试城",
                "@type": "jx:ScienceCity",
                "jx:supportsChain": {"@id": "jxd:industry-chain:测试链"},
            },
        ],
    }
    path = write(tmp_path, "t.jsonld", json.dumps(document, ensure_ascii=False).encode())
    result = read_rdf(path, schema)
    assert result.problems == []
    assert {(n.class_name, n.id) for n in result.nodes} == {
        ("IndustryChain", "industry-chain:测试链"),
        ("ScienceCity", "science-city:测试城"),
    }
    assert [(e.rel_type, e.start, e.end) for e in result.edges] == [
        ("SUPPORTS_CHAIN", "science-city:测试城", "industry-chain:测试链")
    ]


def test_bad_rdf(tmp_path: Path, schema: GraphSchema) -> None:
    bad = write(tmp_path, "bad.ttl", b"@prefix jx: <x> .\njx:a jx:b")
    assert "cannot be read as turtle" in str(read_rdf(bad, schema).problems[0])
    empty = write(tmp_path, "empty.ttl", b"")
    assert [str(p) for p in read_rdf(empty, schema).problems] == [f"{empty}: empty file: no triples"]
    wrong_value = write(tmp_path, "v.ttl", TURTLE.replace("jx:foundedYear 1958", 'jx:foundedYear "old"').encode())
    problems = [str(p) for p in read_rdf(wrong_value, schema).problems]
    assert any("field 'foundedYear'" in p and "expected a year" in p for p in problems)
