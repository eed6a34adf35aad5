"""The CLI's default table is readable in a 100-column terminal for every catalog question: flat
answers as a table, answers holding lists (the headline's supporters) as records, one item a line."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from rich.cells import cell_len
from rich.console import Console

from jxkg.cli.output import OutputFormat, render
from jxkg.queries import load_catalog, run_named
from jxkg.store.falkordb_engine import FalkorDBStore
from tests.conftest import CuratedGraphs

WIDTH = 100


@pytest.fixture(scope="module")
def curated(curated_graphs: CuratedGraphs) -> Iterator[FalkorDBStore]:
    with curated_graphs.falkordb() as store:
        yield store


def _printed(rows: list[dict[str, object]], columns: list[str]) -> list[str]:
    out = io.StringIO()
    render(rows, OutputFormat.TABLE, Console(file=out, width=WIDTH, soft_wrap=True), columns=columns)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("name", load_catalog().names())
def test_every_question_prints_within_100_columns(curated: FalkorDBStore, name: str) -> None:
    query = load_catalog().get(name)
    answer = run_named(curated, query, query.example)
    lines = _printed(answer.rows, answer.columns)
    assert lines, name
    too_wide = [line for line in lines if cell_len(line) > WIDTH]
    assert too_wide == [], too_wide[:2]
    # no value squeezed into a sliver of a column: a column's name is never cut
    text = "\n".join(lines)
    assert all(column in text for column in answer.columns), name


def test_the_headline_lists_each_supporter_whole_on_a_line(curated: FalkorDBStore) -> None:
    query = load_catalog().get("science-city-chain-support")
    answer = run_named(curated, query, {"scienceCity": "赣州稀金科创城"})
    lines = _printed(answer.rows, answer.columns)
    supporters = [s for row in answer.rows for s in row["supporters"]]
    assert supporters
    for supporter in supporters:
        item = [line for line in lines if line.lstrip().startswith(f"· {supporter['nameZh']}")]
        assert item, supporter["nameZh"]  # its name whole, at the start of its own line
    assert any(line.startswith("supporters (") for line in lines)
    assert not any('{"' in line for line in lines)  # no JSON


def test_a_flat_answer_that_fits_is_a_table_and_brackets_are_data() -> None:
    rows: list[dict[str, object]] = [
        {"id": "360700", "name": "赣州市", "note": "[curated]"},
        {"id": "360100", "name": "南昌市"},
    ]
    lines = _printed(rows, ["id", "name", "note"])
    header = next(line for line in lines if "id" in line and "name" in line)
    assert "note" in header  # the columns side by side
    assert any("360700" in line and "赣州市" in line and "[curated]" in line for line in lines)  # not markup
    wide = [{"id": str(i), "text": "很长的一段文字" * 30} for i in range(2)]
    assert any(line.startswith("text ") for line in _printed(wide, ["id", "text"]))  # too wide: records
