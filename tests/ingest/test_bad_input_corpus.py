"""The bad-input corpus: each kind of bad input gets its own clear message naming file, row and field,
and every good row still loads. The files are written here, byte for byte, by the test itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jxkg.ingest.pipeline import load_sources
from jxkg.ingest.read.sources import read_sources
from jxkg.ontology.schema import load_schema
from jxkg.shapes.codes import credit_code_check_character
from jxkg.store import GraphStore

CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"
HEADER = "企业名称,统一社会信用代码,成立年份,所在地市\n"
MAPPING = """\
sources:
  - files: "企业*"
    class: Enterprise
    id: {column: 统一社会信用代码, name: 企业名称}
    properties: {企业名称: nameZh, 统一社会信用代码: creditCode, 成立年份: foundedYear}
    relationships: {所在地市: {type: LOCATED_IN, target: PrefectureCity}}
    constants: {provenanceKind: synthetic}
  - files: "平台*"
    class: ResearchConditionPlatform
    properties: {名称: nameZh, 数量: count, 阶段: stage}
    relationships: {所在地: {type: LOCATED_IN, target: Place, by: id}}
    constants: {provenanceKind: synthetic}
"""
INJECTION = '"}) DETACH DELETE n //'


def code(serial: str) -> str:
    first17 = f"91360700MA{serial:0>7}"[:17]
    return first17 + credit_code_check_character(first17)


def wrong_check(serial: str) -> str:
    good = code(serial)
    return good[:17] + ("1" if good[17] != "1" else "2")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


def write_corpus(folder: Path) -> Path:
    """The corpus, written into `folder` (made here); tests/shapes/test_native.py validates it too."""
    folder.mkdir()
    (folder / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    rows = [
        f"好企业甲,{code('1')},2015,赣州市",  # 1 good
        f"好企业乙,{code('2')},2016年,南昌市",  # 2 good
        ",,2017,赣州市",  # 3 missing key
        f"冲突企业,{code('1')},2018,赣州市",  # 4 duplicate key, other values
        "坏代码企业,91360700MA1234567I,2019,赣州市",  # 5 invalid credit code
        f"校验位企业,{wrong_check('6')},2019,赣州市",  # 6 wrong check digit: a Warning, loads
        f"火星企业,{code('7')},2019,火星市",  # 7 unknown region: the link is rejected, the node loads
        f"早年企业,{code('8')},早年,赣州市",  # 8 wrong datatype
        f"未来企业,{code('9')},3021,赣州市",  # 9 year 3021
        f'"{INJECTION.replace(chr(34), chr(34) * 2)}",{code("10")},2020,赣州市',  # 10 stored literally
        f"参差企业,{code('11')},2020,赣州市,多余",  # 11 ragged row
        f"巨大企业,{code('12')},2020,{'赣' * 1_000_000}",  # 12 a 1 MB cell
        f"控制\x00企业,{code('13')},2020,赣州市",  # 13 a NUL byte in a cell
    ]
    (folder / "企业.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    (folder / "企业_gbk.csv").write_bytes((HEADER + f"国标企业,{code('20')},2015,赣州市\n").encode("gbk"))
    (folder / "企业_bom.csv").write_text(HEADER + f"标记企业,{code('21')},2015,赣州市\n", encoding="utf-8-sig")
    (folder / "企业_空.csv").write_bytes(b"")
    (folder / "企业_表头.csv").write_text(HEADER, encoding="utf-8")
    (folder / "企业_分号.csv").write_text(HEADER.replace(",", ";") + "分号企业;x;2015;赣州市\n", encoding="utf-8")
    mixed = (HEADER + f"混合好企业,{code('22')},2015,赣州市\n").encode("utf-8")
    mixed += f"混合坏企业,{code('23')},2015,赣州市\n".encode("gbk")
    (folder / "企业_混合.csv").write_bytes(mixed)
    (folder / "企业_多列.csv").write_text(
        "企业名称,统一社会信用代码,成立年份,所在地市,颜色\n" + f"多列企业,{code('24')},2015,赣州市,红\n",
        encoding="utf-8",
    )
    (folder / "平台.csv").write_text(
        "名称,数量,阶段,所在地\n"
        "好平台,3,built,360700\n"  # 1 good
        "负数平台,-5,built,360700\n"  # 2 negative count
        "梦想平台,1,dreaming,360700\n"  # 3 value outside the closed list
        "悬空平台,1,built,369999\n"  # 4 a link to no entity
        f"错类平台,1,built,{code('1')}\n",  # 5 a link to an entity of the wrong class
        encoding="utf-8",
    )
    (folder / "控制.ttl").write_text(  # a control character in an RDF literal: the writer's backstop
        "@prefix jx: <https://w3id.org/jxkg/ontology#> .\n"
        f'<https://w3id.org/jxkg/id/{code("30")}> a jx:Enterprise ; jx:id "{code("30")}" ;\n'
        f'    jx:nameZh "响铃\\u0007企业"@zh ; jx:creditCode "{code("30")}" ; jx:provenanceKind "synthetic" .\n'
        f'<https://w3id.org/jxkg/id/{code("31")}> a jx:Enterprise ; jx:id "{code("31")}" ;\n'
        f'    jx:nameZh "图谱企业"@zh ; jx:creditCode "{code("31")}" ; jx:provenanceKind "synthetic" .\n',
        encoding="utf-8",
    )
    (folder / "坏.ttl").write_text(
        "@prefix jx: <https://w3id.org/jxkg/ontology#> .\nthis is not turtle", encoding="utf-8"
    )
    return folder


def test_each_kind_of_bad_input_is_named_and_the_good_rows_load(corpus: Path, store: GraphStore) -> None:
    schema = load_schema()
    result = read_sources([CURATED, corpus], schema=schema, curated=CURATED)
    outcome = load_sources(store, result, schema, corpus.parent / "out")
    said = [str(p) for p in outcome.load.problems] + [
        f"{f.file}, row {f.row}, field {f.field!r}: {f.message_en}" for f in outcome.gate.quarantined
    ]
    warned = [f"{f.file}, row {f.row}, field {f.field!r}: {f.message_en}" for f in outcome.gate.notes]

    def told(fragments: tuple[str, ...], where: list[str] = said) -> bool:
        return any(all(fragment in line for fragment in fragments) for line in where)

    csv, pf = str(corpus / "企业.csv"), str(corpus / "平台.csv")
    expected = {
        "missing key": (csv, "row 3", "missing"),
        "duplicate key with other values": (csv, "row 4", "duplicate id with conflicting values"),
        "invalid credit code": (csv, "row 5", "'creditCode'", "malformed unified social credit code"),
        "unknown region": (csv, "row 7", "火星市"),
        "wrong datatype": (csv, "row 8", "'成立年份'"),
        "year 3021": (csv, "row 9", "'foundedYear'", "1900 and 2100"),
        "ragged row": (csv, "row 11", "ragged row"),
        "1 MB cell": (csv, "row 12", "'所在地市'", "over the limit"),
        "empty file": (str(corpus / "企业_空.csv"), "empty file"),
        "wrong delimiter": (str(corpus / "企业_分号.csv"), "wrong delimiter"),
        "mixed encodings": (str(corpus / "企业_混合.csv"), "row 2", "mixes encodings"),
        "unknown column": (str(corpus / "企业_多列.csv"), "颜色"),
        "negative count": (pf, "row 2", "'count'", "cannot be negative"),
        "value outside the closed list": (pf, "row 3", "'阶段'", "expected one of"),
        "dangling link": (pf, "row 4", "'end'", "no entity has this id"),
        "link to the wrong class": (pf, "row 5", "must link to a node of class Place"),
        "unreadable RDF": (str(corpus / "坏.ttl"), "cannot be read as turtle"),
        "control character in a cell": (csv, "row 13", "'企业名称'", "control character U+0000"),
        "control character in an RDF literal": (str(corpus / "控制.ttl"), "'nameZh'", "control character U+0007"),
    }
    missing = [kind for kind, fragments in expected.items() if not told(fragments)]
    assert missing == [], "\n".join([f"not reported: {missing}", *said])
    assert told((csv, "row 6", "check character"), warned), "a wrong check digit is a Warning"
    notices = [str(n) for n in result.notices]
    assert any("企业_表头.csv" in n and "header only" in n for n in notices)

    loaded = {
        r["name"]
        for r in store.read("MATCH (e:Enterprise) WHERE e.provenanceKind = 'synthetic' RETURN e.nameZh AS name")
    }
    good = {
        "好企业甲",
        "好企业乙",
        "校验位企业",
        "火星企业",
        INJECTION,
        "国标企业",
        "标记企业",
        "混合好企业",
        "多列企业",
        "图谱企业",
    }
    assert loaded == good
    platforms = {r["name"] for r in store.read("MATCH (p:ResearchConditionPlatform) RETURN p.nameZh AS name")}
    assert {"好平台", "悬空平台", "错类平台"} <= platforms and not platforms & {"负数平台", "梦想平台"}
    assert store.read("MATCH (:Entity {nameZh: '火星企业'})-[r:LOCATED_IN]->() RETURN count(r) AS n")[0]["n"] == 0
    assert outcome.quarantine_file is not None and outcome.quarantine_file.stat().st_size > 0
    # one record shape, whoever found the problem: the reader (kind input) or the SHACL gate
    lines = [json.loads(line) for line in outcome.quarantine_file.read_text(encoding="utf-8").splitlines()]
    assert {e["kind"] for e in lines} >= {"input", "node"}
    assert len({tuple(e) for e in lines}) == 1, {tuple(e) for e in lines}
    assert all(e["message"] and e["messageZh"] and e["rule"] and e["severity"] == "Violation" for e in lines)
    assert all((e["id"] is None) == (e["kind"] == "input") == (e["type"] is None) for e in lines)
    assert {e["type"] for e in lines if e["kind"] == "node"} <= {t.name for t in schema.node_types}
    assert len(expected) + 3 >= 20  # with GBK, BOM and header-only: the twenty kinds
