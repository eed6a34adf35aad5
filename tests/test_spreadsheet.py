"""The one rule of CSV for people (jxkg/spreadsheet.py) and the flat text of nested values
(jxkg/queries/tabular.py): what every CSV the product writes is made of."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from jxkg.queries.tabular import flat_text, rows_to_csv
from jxkg.spreadsheet import BOM, csv_text, neutralised, write_csv

# a number held as text is text: `-5` gets the quote as `-x` does (docs/api.md, "CSV answers")
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
