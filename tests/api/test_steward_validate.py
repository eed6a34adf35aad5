"""`POST /api/v1/validate` and the limits of an upload, through the app on a real FalkorDB graph: the
report grouped by rule, every bad input with its status and message, and the graph unchanged after each."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jxkg.steward import report as upload_report
from jxkg.steward import uploads
from jxkg.store.falkordb_engine import FalkorDBStore
from tests.api.steward_support import (
    HEADER,
    MAPPING,
    MIXED_ROWS,
    counts,
    csv_bytes,
    fingerprint,
    many_rows,
    steward_client,
    upload,
    xlsx_bytes,
)
from tests.conftest import CuratedGraphs

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)


@pytest.fixture(scope="module")
def curated(curated_graphs: CuratedGraphs) -> Iterator[FalkorDBStore]:
    with curated_graphs.falkordb() as store:
        yield store


@pytest.fixture
def client(curated: FalkorDBStore, tmp_path: Path) -> Iterator[TestClient]:
    with steward_client(curated, tmp_path / "data") as client:
        yield client


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


# --- the report ------------------------------------------------------------------------------------
def test_the_report_groups_findings_by_rule_with_counts(client: TestClient, curated: FalkorDBStore) -> None:
    before = fingerprint(curated)
    response = upload(client, "/api/v1/validate", "平台名录.csv", csv_bytes(MIXED_ROWS))
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["file"] == "平台名录.csv"
    assert report["kind"] == "csv"
    assert report["rowsRead"] == 5
    assert report["conforms"] is False
    assert report["rejectedRows"] == 3
    rules = {group["rule"]: group for group in report["rules"]}
    assert rules["input"]["count"] == 2 and rules["input"]["severity"] == "Violation"
    (year,) = [g for name, g in rules.items() if name.startswith("foundedYear-plausible")]
    assert year["count"] == len(year["findings"]) == 1
    finding = year["findings"][0]
    assert finding == {
        "file": "平台名录.csv",
        "row": 2,
        "kind": "node",
        "id": "research-condition-platform:测试平台乙",
        "type": "ResearchConditionPlatform",
        "field": "foundedYear",
        "value": "1850",
        "severity": "Violation",
        "messageZh": finding["messageZh"],
        "messageEn": finding["messageEn"],
    }
    assert "1900" in finding["messageZh"] and "1900" in finding["messageEn"]
    inputs = {f["row"]: f for f in rules["input"]["findings"]}
    assert inputs[3]["field"] == "所在地市" and inputs[3]["value"] == "火星市"
    assert all(f["id"] is None and f["type"] is None for f in inputs.values())
    assert inputs[4]["field"] == "成立年份" and inputs[4]["value"] == "二〇一九"
    assert report["counts"]["Violation"] == sum(g["count"] for g in report["rules"] if g["severity"] == "Violation")
    assert report["records"] == {"entities": 4, "relationships": 3}  # row 4 made nothing; row 3 no link
    assert report["passed"] == {"entities": 3, "relationships": 2}
    assert fingerprint(curated) == before
    assert not list((Path(client.app.state.settings.data_dir) / "uploads").iterdir())  # nothing kept  # type: ignore[attr-defined]


def _workbook(rows: list[tuple[str, ...]]) -> bytes:
    return xlsx_bytes(rows)


GOOD = [r for r in MIXED_ROWS if r[0] in {"1", "5"}]
TTL = """@prefix jx: <https://w3id.org/jxkg/ontology#> .
@prefix jxd: <https://w3id.org/jxkg/id/> .
jxd:research-condition-platform:RDF测试平台 a jx:ResearchConditionPlatform ;
    jx:nameZh "RDF测试平台" ; jx:foundedYear 2018 .
"""
JSONLD = """{"@context": {"jx": "https://w3id.org/jxkg/ontology#"},
 "@id": "https://w3id.org/jxkg/id/research-condition-platform:JSONLD测试平台",
 "@type": "jx:ResearchConditionPlatform", "jx:nameZh": "JSONLD测试平台"}"""
RECORDS = [{"名称": n, "成立年份": int(y), "所在地市": c} for _, n, y, c in GOOD]


@pytest.mark.parametrize(
    ("name", "data", "mapping", "kind", "entities"),
    [
        ("平台.csv", csv_bytes(GOOD), MAPPING, "csv", 2),
        ("平台.xlsx", xlsx_bytes(GOOD), MAPPING, "xlsx", 2),
        ("平台.json", __import__("json").dumps(RECORDS, ensure_ascii=False).encode(), MAPPING, "json", 2),
        (
            "平台.jsonl",
            "\n".join(__import__("json").dumps(r, ensure_ascii=False) for r in RECORDS).encode(),
            MAPPING,
            "jsonl",
            2,
        ),
        ("平台.ttl", TTL.encode(), None, "turtle", 1),
        ("平台.jsonld", JSONLD.encode(), None, "json-ld", 1),
    ],
    ids=["csv", "xlsx", "json", "jsonl", "turtle", "json-ld"],
)
def test_every_accepted_format_validates(
    client: TestClient, name: str, data: bytes, mapping: str | None, kind: str, entities: int
) -> None:
    response = upload(client, "/api/v1/validate", name, data, mapping=mapping)
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["kind"], report["records"]["entities"]) == (kind, entities)
    assert report["conforms"] is True, report["rules"]


def test_the_kind_comes_from_the_content_not_the_name(client: TestClient) -> None:
    response = upload(client, "/api/v1/validate", "平台.csv", xlsx_bytes(GOOD))  # a workbook named .csv
    assert response.status_code == 200, response.text
    assert response.json()["kind"] == "xlsx"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_gbk_and_bom_csv_read_correctly(client: TestClient, encoding: str) -> None:
    response = upload(client, "/api/v1/validate", "平台.csv", csv_bytes(GOOD, encoding=encoding))
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["conforms"] is True, report["rules"]
    assert report["records"] == {"entities": 2, "relationships": 2}  # names and cities decoded, so resolved


def test_a_file_name_is_never_a_path(client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stored: list[uploads.StoredUpload] = []
    real = upload_report.store_upload

    def spy(*args: Any, **kwargs: Any) -> uploads.StoredUpload:
        stored.append(real(*args, **kwargs))
        return stored[-1]

    monkeypatch.setattr(upload_report, "store_upload", spy)
    response = upload(client, "/api/v1/validate", "../../etc/passwd.csv", csv_bytes(MIXED_ROWS))
    assert response.status_code == 200, response.text
    assert response.json()["file"] == "passwd.csv"
    assert {f["file"] for g in response.json()["rules"] for f in g["findings"]} == {"passwd.csv"}
    (kept,) = stored
    data_dir = tmp_path / "data"
    assert kept.path.name == "upload.csv"
    assert kept.path.parent.parent == data_dir / "uploads"
    assert not kept.folder.exists()  # deleted once validated
    assert not (tmp_path / "etc").exists() and not (data_dir / "etc").exists()


# --- bad input: status, message, graph unchanged ----------------------------------------------------
def _zip_bomb() -> bytes:
    """A real workbook plus a member of 30 MB of zeros: 30 KB on the wire."""
    buffer = io.BytesIO(xlsx_bytes(GOOD))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(30_000_000))
    return buffer.getvalue()


def _damaged_workbook() -> bytes:
    """A zip that says it is a workbook, whose workbook is not XML."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not xml at all <<<")
    return buffer.getvalue()


BAD_INPUTS: list[tuple[str, str, bytes, str | None, dict[str, Any], int, list[str]]] = [
    # id, file name, content, mapping, settings, status, what the detail says
    (
        "too-big",
        "平台.csv",
        csv_bytes(many_rows(200)),
        MAPPING,
        {"JXKG_MAX_UPLOAD_BYTES": 2000},
        413,
        ["平台.csv", "2,000 bytes", "JXKG_MAX_UPLOAD_BYTES"],
    ),
    (
        "too-big-body",
        "平台.csv",
        csv_bytes(many_rows(200)),
        MAPPING,
        {"JXKG_MAX_UPLOAD_BYTES": 2000, "JXKG_MAX_REQUEST_BYTES": 1000},
        413,
        ["2,000 bytes", "JXKG_MAX_UPLOAD_BYTES"],
    ),
    (
        "too-many-rows",
        "平台.csv",
        csv_bytes(many_rows(6)),
        MAPPING,
        {"JXKG_MAX_UPLOAD_ROWS": 5},
        413,
        ["平台.csv", "more than 5 rows", "row 6", "JXKG_MAX_UPLOAD_ROWS"],
    ),
    (
        "zip-bomb",
        "平台.xlsx",
        _zip_bomb(),
        MAPPING,
        {"JXKG_MAX_UNZIPPED_BYTES": 10_000_000},
        413,
        ["平台.xlsx", "10,000,000", "JXKG_MAX_UNZIPPED_BYTES", "not opened"],
    ),
    ("png-as-csv", "平台.csv", PNG, MAPPING, {}, 422, ["平台.csv", "PNG image"]),
    ("zip-not-xlsx", "平台.xlsx", b"PK\x05\x06" + bytes(18), MAPPING, {}, 422, ["平台.xlsx", "zip"]),
    ("empty", "平台.csv", b"", MAPPING, {}, 422, ["平台.csv", "empty file"]),
    ("blank", "平台.csv", b"\xef\xbb\xbf\n  \n", MAPPING, {}, 422, ["平台.csv", "empty file"]),
    (
        "headerless",
        "平台.csv",
        csv_bytes(MIXED_ROWS[1:], header=MIXED_ROWS[0]),
        MAPPING,
        {},
        422,
        ["平台.csv", "no header row", "名称"],
    ),
    (
        "headerless-xlsx",
        "平台.xlsx",
        xlsx_bytes(MIXED_ROWS[1:], header=MIXED_ROWS[0]),
        MAPPING,
        {},
        422,
        ["平台.xlsx", "no header row"],
    ),
    ("no-mapping", "平台.csv", csv_bytes(GOOD), None, {}, 422, ["平台.csv", "needs a mapping"]),
    (
        "bad-mapping",
        "平台.csv",
        csv_bytes(GOOD),
        "class: Spaceship\n",
        {},
        422,
        ["平台.mapping.yaml", "Spaceship"],
    ),
    ("damaged-xlsx", "平台.xlsx", _damaged_workbook(), MAPPING, {}, 422, ["平台.xlsx", "XLSX"]),
    (
        "remote-json-ld-context",
        "平台.jsonld",
        b'{"@context": "http://169.254.169.254/context.jsonld", "@id": "https://w3id.org/jxkg/id/x"}',
        None,
        {},
        422,
        ["平台.jsonld", "@context", "169.254.169.254"],
    ),
    (
        "bad-turtle",
        "平台.ttl",
        b"@prefix jx: <https://w3id.org/jxkg/ontology#> .\njx:a jx:b",
        None,
        {},
        422,
        ["平台.ttl"],
    ),
]


@pytest.mark.parametrize("endpoint", ["/api/v1/validate", "/api/v1/ingest"])
@pytest.mark.parametrize(
    ("name", "data", "mapping", "settings", "status", "says"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_each_bad_input_gets_its_status_and_message_and_changes_nothing(
    curated: FalkorDBStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    endpoint: str,
    name: str,
    data: bytes,
    mapping: str | None,
    settings: dict[str, Any],
    status: int,
    says: list[str],
) -> None:
    if "JXKG_MAX_UNZIPPED_BYTES" in settings:  # the bomb must never be opened

        def never(*args: Any, **kwargs: Any) -> None:
            raise AssertionError("openpyxl opened the zip bomb")

        monkeypatch.setattr("openpyxl.load_workbook", never)
    before, sizes = fingerprint(curated), counts(curated)
    data_dir = tmp_path / "data"
    with steward_client(curated, data_dir, **settings) as client:
        body = _problem(upload(client, endpoint, name, data, mapping=mapping), status)
        for words in says:
            assert words in body["detail"], body
        if status == 413:
            assert body["limit"] == next(v for k, v in settings.items() if k != "JXKG_MAX_REQUEST_BYTES")
            assert body["setting"] in body["detail"]
        assert str(data_dir) not in body["detail"]  # no server path in a message
        assert client.get("/api/v1/ingest").json() == []  # no job was made
    assert counts(curated) == sizes
    assert fingerprint(curated) == before
    assert not any((data_dir / "uploads").iterdir()) if (data_dir / "uploads").exists() else True


def test_a_header_only_file_is_a_notice_not_an_error(client: TestClient) -> None:
    response = upload(client, "/api/v1/validate", "平台.csv", csv_bytes([]))
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["rowsRead"] == 0 and report["conforms"] is True
    assert any("header only" in n["message"] for n in report["notices"])


def test_the_mapping_may_come_as_text(client: TestClient) -> None:
    response = client.post("/api/v1/validate", files={"file": ("平台.csv", csv_bytes(GOOD))}, data={"mapping": MAPPING})
    assert response.status_code == 200, response.text
    assert response.json()["records"]["entities"] == 2


def test_a_folder_mapping_gives_the_entry_for_the_file_name(client: TestClient) -> None:
    folder_mapping = "sources:\n  - files: '其他*.csv'\n    class: Country\n    properties: {名称: nameZh}\n"
    folder_mapping += "  - files: '平台*.csv'\n" + "".join(f"    {line}\n" for line in MAPPING.splitlines())
    response = upload(client, "/api/v1/validate", "平台名录.csv", csv_bytes(GOOD), mapping=folder_mapping)
    assert response.status_code == 200, response.text
    assert response.json()["records"]["entities"] == 2
    assert HEADER[0] == "序号"
