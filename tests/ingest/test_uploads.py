"""Uploads as files the pipeline reads (no database): labels, kinds from the content, the zip-bomb
check, encodings, the mapping's entry, the quarantine file's rows; and job records whose process died."""

from __future__ import annotations

import csv
import io
import json
import socket
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from jxkg.errors import UploadError, UploadTooLargeError
from jxkg.ingest.findings import Finding
from jxkg.ontology.schema import load_schema
from jxkg.settings import Settings
from jxkg.shapes.results import Severity
from jxkg.steward.job_records import new_job_id
from jxkg.steward.jobs import IngestJobs
from jxkg.steward.rejects import write_rejects
from jxkg.steward.upload_limits import UploadLimits
from jxkg.steward.upload_mapping import REASON_COLUMNS
from jxkg.steward.uploads import read_upload, safe_label, store_upload
from tests.api.steward_support import MAPPING, MIXED_ROWS, csv_bytes, xlsx_bytes

LIMITS = UploadLimits(max_bytes=1_000_000, max_rows=1000, max_unzipped_bytes=5_000_000)


@pytest.mark.parametrize(
    ("claimed", "label"),
    [
        ("../../etc/passwd.csv", "passwd.csv"),
        ("C:\\Users\\张三\\桌面\\平台名录.xlsx", "平台名录.xlsx"),
        ("name\x00with\nnul.csv", "name with nul.csv"),
        ("..", "upload"),
        ("", "upload"),
        (None, "upload"),
        ("/", "upload"),
        ("x" * 300 + ".csv", "x" * 120),
    ],
)
def test_a_label_is_the_last_part_of_the_name_without_control_characters(claimed: str | None, label: str) -> None:
    assert safe_label(claimed) == label


def _store(tmp_path: Path, name: str, data: bytes, mapping: str | None = MAPPING, **limits: int) -> Any:
    folder = tmp_path / "upload"
    folder.mkdir(parents=True, exist_ok=True)
    chosen = UploadLimits(**{**vars(LIMITS), **limits})
    return store_upload(io.BytesIO(data), name, folder, chosen, schema=load_schema(), mapping=mapping)


@pytest.mark.parametrize(
    ("name", "data", "mapping", "kind"),
    [
        ("a.csv", "名称,成立年份\n甲,2019\n".encode(), MAPPING, "csv"),
        ("a.txt", "名称\t成立年份\n甲\t2019\n".encode(), MAPPING, "csv"),
        ("a.csv", xlsx_bytes([("1", "甲", "2019", "赣州市")]), MAPPING, "xlsx"),  # content, not name
        ("a", b'[{"a": 1}]', MAPPING, "json"),
        ("a.json", b'{"@context": {}, "@id": "x"}', None, "json-ld"),
        ("a.json", b'{"a": 1}\n{"a": 2}\n', MAPPING, "jsonl"),
        ("a.txt", b"# a comment\n\n@prefix jx: <https://w3id.org/jxkg/ontology#> .\n", None, "turtle"),
        ("a.ttl", b"PREFIX jx: <https://w3id.org/jxkg/ontology#>\n", None, "turtle"),
    ],
)
def test_the_kind_comes_from_the_content(
    tmp_path: Path, name: str, data: bytes, mapping: str | None, kind: str
) -> None:
    stored = _store(tmp_path, name, data, mapping)
    assert stored.kind == kind
    assert stored.path.name.startswith("upload.") and stored.path.parent == tmp_path / "upload"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"%PDF-1.7\n", "PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old Office file"),
        (b"\x1f\x8b\x08\x00", "gzip archive"),
        ("名称".encode("utf-16"), "UTF-16 text"),
        ("名称,年份".encode("utf-16-le"), "binary"),
    ],
)
def test_other_content_is_refused_whatever_its_name(tmp_path: Path, data: bytes, says: str) -> None:
    with pytest.raises(UploadError, match=says) as refused:
        _store(tmp_path, "平台.csv", data)
    assert refused.value.file == "平台.csv"


def test_the_zip_directory_is_summed_before_the_workbook_is_opened(tmp_path: Path) -> None:
    buffer = io.BytesIO(xlsx_bytes([("1", "甲", "2019", "赣州市")]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", bytes(6_000_000))
    assert len(buffer.getvalue()) < 50_000
    with pytest.raises(UploadTooLargeError, match="JXKG_MAX_UNZIPPED_BYTES") as refused:
        _store(tmp_path, "平台.xlsx", buffer.getvalue())
    assert refused.value.limit == LIMITS.max_unzipped_bytes


def test_the_byte_limit_is_counted_while_copying(tmp_path: Path) -> None:
    with pytest.raises(UploadTooLargeError, match="limit of 100 bytes") as refused:
        _store(tmp_path, "平台.csv", csv_bytes(MIXED_ROWS), max_bytes=100)
    assert refused.value.setting == "JXKG_MAX_UPLOAD_BYTES"
    assert not (tmp_path / "upload" / "upload.csv").exists()


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_a_csv_is_saved_again_as_utf8(tmp_path: Path, encoding: str) -> None:
    stored = _store(tmp_path, "平台.csv", csv_bytes(MIXED_ROWS, encoding=encoding))
    assert stored.path.read_bytes() == csv_bytes(MIXED_ROWS)  # UTF-8, no BOM
    result = read_upload(stored, load_schema(), LIMITS)
    assert {n.properties["nameZh"] for n in result.nodes} >= {"测试平台甲", "测试平台戊"}
    assert {n.source_file for n in result.nodes} == {"平台.csv"}  # the label, not the stored path


def test_a_file_mixing_encodings_is_left_to_the_reader(tmp_path: Path) -> None:
    data = csv_bytes(MIXED_ROWS[:1]) + "2,测试平台乙,2019,南昌市\n".encode("gbk")
    stored = _store(tmp_path, "平台.csv", data)
    assert stored.path.read_bytes() == data
    result = read_upload(stored, load_schema(), LIMITS)
    (problem,) = result.problems
    assert problem.row == 2 and "mixes encodings" in problem.message and problem.file == "平台.csv"


def test_the_readers_get_the_entry_alone_with_the_reason_columns_ignored(tmp_path: Path) -> None:
    folder_mapping = "sources:\n  - files: '平台*.csv'\n" + "".join(f"    {line}\n" for line in MAPPING.splitlines())
    stored = _store(tmp_path, "平台名录.csv", csv_bytes(MIXED_ROWS), mapping=folder_mapping)
    effective = stored.mapping.read_text(encoding="utf-8")
    assert "files" not in effective and all(column in effective for column in REASON_COLUMNS)
    two = folder_mapping + "  - files: '国家*.csv'\n    class: Country\n    properties: {名称: nameZh}\n"
    with pytest.raises(UploadError, match="no entry of the mapping covers"):
        _store(tmp_path / "other", "企业.csv", csv_bytes(MIXED_ROWS), mapping=two)
    # a mapping of one entry is that file's mapping whatever its globs (a renamed or quarantine file)
    assert _store(tmp_path / "one", "平台名录.quarantine.csv", csv_bytes(MIXED_ROWS), mapping=folder_mapping).entry
    with pytest.raises(UploadError, match="format: json"):
        _store(tmp_path / "third", "平台.csv", csv_bytes(MIXED_ROWS), mapping=MAPPING + "format: json\n")


def _finding(row: int | None, rule: str, field: str) -> Finding:
    violation = Severity.VIOLATION
    return Finding("平台.csv", row, "node", "x", "Platform", field, "v", rule, violation, f"{rule} en", f"{rule} 中文")


def test_the_quarantine_keeps_the_rows_as_they_came(tmp_path: Path) -> None:
    # a blank line and a ragged row: the rows keep the numbers the reader gave them
    data = "序号,名称,成立年份,所在地市\n1,甲,2019,赣州市\n\n3,丙,1850\n4,丁,2020,南昌市,多余\n5,戊,2021,吉安市\n"
    stored = _store(tmp_path, "平台.csv", data.encode())
    findings = [_finding(3, "r1", "成立年份"), _finding(3, "r2", "所在地市"), _finding(4, "input", "")]
    findings.append(_finding(None, "input", "颜色"))  # about the whole file: not a row
    written = write_rejects(stored, findings, tmp_path)
    assert written is not None and written.name == "quarantine.csv"
    text = written.read_bytes().decode("utf-8-sig").splitlines()
    assert text == [
        "序号,名称,成立年份,所在地市," + ",".join(REASON_COLUMNS),
        "3,丙,1850,,r1 | r2,成立年份 | 所在地市,r1 中文 | r2 中文,r1 en | r2 en",
        "4,丁,2020,南昌市,多余,input,,input 中文,input en",
    ]


FORMULAS = ('=HYPERLINK("http://x")', "+1", "-x", "@SUM(1)", "\tx")


def test_the_quarantine_csv_neutralises_formulas_and_starts_with_the_bom(tmp_path: Path) -> None:
    rows = [(str(i), name, "-5", "赣州市") for i, name in enumerate(FORMULAS, start=1)]
    stored = _store(tmp_path, "平台.csv", csv_bytes(rows))
    upload = stored.path.read_bytes()
    written = write_rejects(stored, [_finding(i, "r", "名称") for i in range(1, len(rows) + 1)], tmp_path)
    assert written is not None
    data = written.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)
    (header, *back) = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    assert header == ["序号", "名称", "成立年份", "所在地市", *REASON_COLUMNS]
    # every cell of a CSV is text: `-5` is quoted as `-x` is (the trade-off docs/api.md names)
    assert [row[:4] for row in back] == [[str(i), "'" + name, "'-5", "赣州市"] for i, name in enumerate(FORMULAS, 1)]
    assert stored.path.read_bytes() == upload  # what was uploaded stays as it came


def test_the_quarantine_xlsx_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "名称", "成立年份", "所在地市"])
    for i, name in enumerate(FORMULAS, start=1):
        sheet.append([i, name, -5, "赣州市"])
        sheet.cell(row=i + 1, column=2).data_type = "s"  # text in the upload, as a steward typed it with a quote
    source = io.BytesIO()
    book.save(source)
    stored = _store(tmp_path, "平台.xlsx", source.getvalue())
    findings = [replace(_finding(i, "r", "名称"), file="平台.xlsx") for i in range(1, len(FORMULAS) + 1)]
    written = write_rejects(stored, findings, tmp_path)
    assert written is not None
    back = openpyxl.load_workbook(written).active
    cells = list(back.iter_rows(min_row=2, max_col=4))
    assert [(row[1].value, row[1].data_type) for row in cells] == [(name, "s") for name in FORMULAS]
    # and marked with Excel's quote prefix, so that editing the cell in Excel keeps it text
    assert all(row[1].quotePrefix for row in cells) and not any(row[3].quotePrefix for row in cells)
    assert [(row[2].value, row[2].data_type) for row in cells] == [(-5, "n")] * len(FORMULAS)  # a number stays one
    assert all(cell.data_type != "f" for row in back.iter_rows() for cell in row)


def test_a_job_whose_process_died_is_interrupted(tmp_path: Path) -> None:
    settings = Settings(JXKG_DATA_DIR=str(tmp_path))
    jobs_dir = tmp_path / "jobs"
    jobs_dir.mkdir()
    host = socket.gethostname()
    records = {
        "dead": f"{host}:999999999:1",  # no such pid
        "elsewhere": "another-host:1:1",  # not ours to judge
    }
    ids = {}
    for name, process in records.items():
        job_id = new_job_id()
        ids[name] = job_id
        (tmp_path / "uploads" / job_id).mkdir(parents=True)
        record = {
            "id": job_id,
            "state": "running",
            "file": "平台.csv",
            "kind": "csv",
            "startedBy": "s",
            "createdAt": "2026-01-01T00:00:00",
            "progress": {"stage": "writing", "rowsRead": 5},
            "process": process,
        }
        (jobs_dir / f"{job_id}.json").write_text(json.dumps(record), encoding="utf-8")
    jobs = IngestJobs(settings)
    dead = jobs.get(ids["dead"])
    assert dead.state == "interrupted" and "999999999" in (dead.error or "")
    assert not (tmp_path / "uploads" / ids["dead"]).exists()
    assert json.loads((jobs_dir / f"{ids['dead']}.json").read_text())["state"] == "interrupted"
    assert jobs.get(ids["elsewhere"]).state == "running"
    assert {j.id for j in jobs.recent()} == set(ids.values())
    jobs.close()
