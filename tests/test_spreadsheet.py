"""The one rule of spreadsheets for people, CSV and XLSX (jxkg/spreadsheet.py) and the flat text of nested values
(jxkg/queries/tabular.py): what every CSV the product writes is made of."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from jxkg.queries.tabular import flat_text, rows_to_csv, rows_to_xlsx
from jxkg.spreadsheet import BOM, MAX_CELL_CHARS, csv_text, neutralised, write_csv, xlsx_bytes

# a number held as text is text: `-5` gets the quote as `-x` does (docs/api.md, "Spreadsheet answers")
FORMULAS = ['=HYPERLINK("http://x")', "+1", "-x", "@SUM(1)", "\tx", "\rx", "=1+2;=3", "-5", "+86 791 8888"]


def _read(text: str) -> list[list[str]]:
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text.removeprefix(BOM))))


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_formula_like_text_gets_a_leading_quote(cell: str) -> None:
    assert neutralised(cell) == "'" + cell
    (header, row) = _read(csv_text(["name"], [[cell]]))
    assert header == ["name"] and row == ["'" + cell]


@pytest.mark.parametrize("cell", ["赣州市", "a=b", " =1", "'=1", "", "2019", "1-2", "x\t"])
def test_other_text_and_plain_numbers_stay_as_they_are(cell: str) -> None:
    assert neutralised(cell) == cell


@pytest.mark.parametrize("number", [-5, -2.5, 0, 10**12])
def test_a_number_stays_a_number(number: float) -> None:
    assert neutralised(number) == number
    (_, row) = _read(csv_text(["n"], [[number]]))
    assert row == [str(number)]


def test_the_header_is_made_safe_too_and_a_delimiter_in_a_cell_cannot_open_a_cell(tmp_path: Path) -> None:
    target = tmp_path / "a.csv"
    write_csv(target, ["=h", "ok"], [["x,=1+2", "-y"]], delimiter=",")
    data = target.read_bytes()
    assert data.startswith(BOM.encode("utf-8")) and not data.startswith(BOM.encode("utf-8") * 2)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["'=h", "ok"], ["x,=1+2", "'-y"]]


SUPPORTERS = [
    {
        "id": "org-1",
        "nameZh": '=HYPERLINK("http://x")',
        "class": "ResearchInstitute",
        "provenance": "documented",
        "chainPath": ["稀土", "稀金"],
        "places": [{"place": "赣州市", "placeId": "360700", "certainty": None}],
        "locationDoubtful": False,
        "quote": "",
    },
    {"id": "org-2", "nameZh": "赣江创新研究院", "class": "ResearchInstitute", "provenance": "curated"},
]


def test_nested_values_are_readable_text_not_json() -> None:
    text = flat_text(SUPPORTERS)
    first, second = text.split("; ")
    assert first == (
        '=HYPERLINK("http://x") (id: org-1, chainPath: [稀土, 稀金], class: ResearchInstitute, '
        "locationDoubtful: false, places: [赣州市 (placeId: 360700)], provenance: documented)"
    )
    assert second == "赣江创新研究院 (id: org-2, class: ResearchInstitute, provenance: curated)"
    assert flat_text(["a", None, "b"]) == "a; b" and flat_text({"type": "X", "count": 3}) == "(count: 3, type: X)"


def test_a_row_with_nested_values_as_csv() -> None:
    rows = [{"city": "-赣州", "supporterCount": -2, "supporters": SUPPORTERS, "none": None}]
    (header, row) = _read(rows_to_csv(["city", "supporterCount", "supporters", "none"], rows))
    assert header == ["city", "supporterCount", "supporters", "none"]
    assert row[0] == "'-赣州" and row[1] == "-2" and row[3] == ""
    assert row[2].startswith("'=HYPERLINK(") and "赣江创新研究院" in row[2]
    assert not any(_is_json(cell) for cell in row) and '"id"' not in row[2]


def _is_json(cell: str) -> bool:
    """Whether a cell holds a JSON list or map (what a cell held before flat_text)."""
    try:
        return isinstance(json.loads(cell), list | dict)
    except json.JSONDecodeError:
        return False


def _workbook(data: bytes) -> Any:
    import openpyxl

    assert data.startswith(b"PK\x03\x04")  # a zip: an Office Open XML workbook
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_formula_like_text_is_a_quote_prefixed_text_cell_in_a_workbook(cell: str) -> None:
    book = _workbook(xlsx_bytes(["name"], [[cell]]))
    (written,) = book["rows"]["A2":"A2"][0]
    # Excel's own leading quote: the text verbatim, a text cell, never a formula (XML reads a carriage
    # return as a line feed: the one change a workbook makes to a text)
    assert written.value == cell.replace("\r", "\n") and written.data_type == "s" and written.quotePrefix


def test_a_workbook_keeps_numbers_dates_and_chinese_and_says_what_it_holds() -> None:
    when = dt.date(2021, 10, 12)
    data = xlsx_bytes(
        ["=h", "赣州市", "n"],
        [["赣州稀金科创城", "#N/A", -5], [when, True, 2.5]],
        title="a/b:c",
        about=[("truncated", True, "whether it was cut")],
    )
    book = _workbook(data)
    assert book.sheetnames == ["a_b_c", "about"]
    sheet = book["a_b_c"]
    header, first, second = (list(row) for row in sheet.iter_rows())
    assert [c.value for c in header] == ["=h", "赣州市", "n"] and header[0].quotePrefix and header[0].font.b
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in first] == ["赣州稀金科创城", "#N/A", -5]
    assert [c.data_type for c in first] == ["s", "s", "n"] and not first[0].quotePrefix  # `#N/A` text, no error
    assert second[0].is_date and second[0].value.date() == when
    assert second[1].data_type == "b" and second[1].value is True and second[2].value == 2.5
    assert [[c.value for c in row] for row in book["about"].iter_rows()] == [["truncated", True, "whether it was cut"]]


def test_a_text_a_cell_cannot_hold_is_escaped_or_cut_and_the_workbook_says_so() -> None:
    long = "稀" * (MAX_CELL_CHARS + 10)
    book = _workbook(xlsx_bytes(["a", "b"], [["x\x01y", long]]))
    (_, row) = book["rows"].iter_rows(values_only=True)
    assert row[0] == "x\\x01y"
    assert len(row[1]) == MAX_CELL_CHARS and row[1].startswith("稀" * 100) and f"{MAX_CELL_CHARS + 10:,}" in row[1]
    about = {line[0]: line[1] for line in book["about"].iter_rows(values_only=True)}
    assert about == {"cellsCut": 1}


def test_a_csv_writes_dates_as_iso_text_and_booleans_as_words() -> None:
    (_, row) = _read(csv_text(["d", "b"], [[dt.date(2021, 1, 2), False]]))
    assert row == ["2021-01-02", "false"]


def test_an_answer_as_a_workbook_has_the_csv_s_cells_and_its_about_sheet() -> None:
    rows = [{"city": "-赣州", "supporterCount": -2, "supporters": SUPPORTERS, "none": None}]
    data = rows_to_xlsx(
        ["city", "supporterCount", "supporters", "none"],
        rows,
        name="q",
        parameters={"n": 1},
        truncated=True,
        row_limit=1,
    )
    book = _workbook(data)
    header, row = book["q"].iter_rows()
    assert [c.value for c in header] == ["city", "supporterCount", "supporters", "none"]
    assert row[0].value == "-赣州" and row[0].quotePrefix and row[1].value == -2 and row[3].value is None
    (_, csv_row) = _read(rows_to_csv(["city", "supporterCount", "supporters", "none"], rows))
    assert row[2].value == csv_row[2].removeprefix("'") and row[2].quotePrefix  # the same readable text
    about = {line[0]: line[1] for line in book["about"].iter_rows(values_only=True)}
    assert about == {"name": "q", "parameters": "(n: 1)", "rows": 1, "truncated": True, "rowLimit": 1}
