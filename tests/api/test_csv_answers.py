"""Every CSV and XLSX answer of the API is safe to open in a spreadsheet (docs/api.md, "Spreadsheet
answers"): the byte order mark (CSV), formula-like text neutralised, numbers as numbers, nested values
as readable text, a cut answer said to be cut; the graph and the JSON answer keep the text verbatim.
On both engines."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from jxkg.graph_api.app import create_app
from jxkg.spreadsheet import BOM, XLSX_MEDIA_TYPE
from jxkg.store import GraphStore
from tests.conftest import settings_for
from tests.test_spreadsheet import _is_json

FORMULAS = ['=HYPERLINK("http://x")', "+1", "-x", "@SUM(1)", "\tx"]
CSV_ACCEPT = {"Accept": "text/csv"}
HEADLINE_RUN = "/api/v1/queries/science-city-chain-support/run"


@pytest.fixture
def formula_graph(store: GraphStore) -> GraphStore:
    """Science cities named like formulas, one focusing on a chain a formula-named institute supports."""
    store.write(
        "UNWIND range(0, size($names) - 1) AS i "
        "CREATE (:Entity:Place:InnovationZone:ScienceCity {id: 'sc-' + toString(i), nameZh: $names[i], count: -5})",
        {"names": FORMULAS},
    )
    store.write(
        "MATCH (city:ScienceCity {id: 'sc-0'}) "
        "CREATE (city)-[:FOCUSES_ON {provenanceKind: 'curated'}]->"
        "(chain:Entity:IndustryChain {id: 'ch', nameZh: '@链'}), "
        "(:Entity:Organization:ResearchInstitute {id: 'org', nameZh: $name})"
        "-[:SUPPORTS_CHAIN {provenanceKind: 'curated'}]->(chain)",
        {"name": FORMULAS[0]},
    )
    return store


@pytest.fixture
def client(formula_graph: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(formula_graph, JXKG_API_KEYS="", JXKG_RATE_LIMIT=0))) as test_client:
        yield test_client


def _rows(response: object) -> list[dict[str, str]]:
    content: bytes = response.content  # type: ignore[attr-defined]
    assert content.startswith(BOM.encode("utf-8")), content[:20]
    assert response.headers["content-type"] == "text/csv; charset=utf-8"  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_named_question_as_csv_neutralises_formulas(client: TestClient, formula_graph: GraphStore) -> None:
    response = client.post(HEADLINE_RUN, json={"params": {}}, headers=CSV_ACCEPT)
    assert response.status_code == 200, response.text
    rows = _rows(response)
    assert sorted(r["scienceCity"] for r in rows) == sorted("'" + name for name in FORMULAS)
    (chain_row,) = [r for r in rows if r["chainId"] == "ch"]
    assert chain_row["chain"] == "'@链" and chain_row["supporterCount"] == "1"
    supporters = chain_row["supporters"]
    assert supporters.startswith('\'=HYPERLINK("http://x") (id: org, chainPath: [@链], class: ResearchInstitute')
    assert not _is_json(supporters)
    # the JSON answer and the graph keep the text as it was written
    body = client.post(HEADLINE_RUN, json={"params": {}}).json()
    assert sorted(r["scienceCity"] for r in body["rows"]) == sorted(FORMULAS)
    held = formula_graph.read("MATCH (c:ScienceCity) RETURN c.nameZh AS name")
    assert sorted(r["name"] for r in held) == sorted(FORMULAS)


def test_cypher_as_csv_neutralises_text_and_keeps_numbers(client: TestClient) -> None:
    query = "MATCH (c:ScienceCity) RETURN c.nameZh AS name, c.count AS count, -2.5 AS half, '-5' AS text ORDER BY c.id"
    response = client.post("/api/v1/cypher", json={"query": query}, headers=CSV_ACCEPT)
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="cypher.csv"'
    rows = _rows(response)
    assert [r["name"] for r in rows] == ["'" + name for name in FORMULAS]
    assert {(r["count"], r["half"], r["text"]) for r in rows} == {("-5", "-2.5", "'-5")}  # numbers bare, text quoted
    assert [r["name"] for r in client.post("/api/v1/cypher", json={"query": query}).json()["rows"]] == FORMULAS


XLSX_ACCEPT = {"Accept": XLSX_MEDIA_TYPE}


def _sheet(response: Any, name: str) -> tuple[list[Any], list[list[Any]], dict[str, Any]]:
    """The answer's workbook: its header cells, its rows of cells, and its `about` sheet as a dict."""
    assert response.headers["content-type"] == XLSX_MEDIA_TYPE
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [name, "about"]
    header, *rows = (list(row) for row in book[name].iter_rows())
    about = {line[0]: line[1] for line in book["about"].iter_rows(values_only=True)}
    return header, rows, about


def test_a_named_question_as_xlsx_marks_formulas_as_text_and_keeps_the_graph_verbatim(
    client: TestClient, formula_graph: GraphStore
) -> None:
    response = client.post(HEADLINE_RUN, json={"params": {}}, headers=XLSX_ACCEPT)
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="science-city-chain-support.xlsx"'
    header, rows, about = _sheet(response, "science-city-chain-support")
    names = [c.value for c in header]
    assert names[:4] == ["scienceCityId", "scienceCity", "chainId", "chain"]
    city, count, supporters = names.index("scienceCity"), names.index("supporterCount"), names.index("supporters")
    # each formula-like text a text cell with Excel's quote prefix, its text as the graph holds it
    assert sorted(r[city].value for r in rows) == sorted(FORMULAS)
    assert all(r[city].data_type == "s" and r[city].quotePrefix for r in rows)
    (chain_row,) = [r for r in rows if r[names.index("chainId")].value == "ch"]
    assert chain_row[count].value == 1 and chain_row[count].data_type == "n"
    text = chain_row[supporters].value
    assert text.startswith('=HYPERLINK("http://x") (id: org, chainPath: [@链], class: ResearchInstitute')
    assert chain_row[supporters].quotePrefix and not _is_json(text)
    assert about["name"] == "science-city-chain-support" and about["truncated"] is False
    assert about["rows"] == len(rows)
    held = formula_graph.read("MATCH (c:ScienceCity) RETURN c.nameZh AS name")
    assert sorted(r["name"] for r in held) == sorted(FORMULAS)


def test_cypher_as_xlsx_keeps_numbers_and_says_when_the_limit_cut_it(client: TestClient) -> None:
    query = "MATCH (c:ScienceCity) RETURN c.nameZh AS name, c.count AS count, -2.5 AS half, '-5' AS text ORDER BY c.id"
    response = client.post("/api/v1/cypher", json={"query": query, "limit": 2}, headers=XLSX_ACCEPT)
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="cypher.xlsx"'
    assert response.headers["x-truncated"] == "row limit 2"
    header, rows, about = _sheet(response, "cypher")
    assert [c.value for c in header] == ["name", "count", "half", "text"]
    assert [[c.value for c in r] for r in rows] == [[FORMULAS[0], -5, -2.5, "-5"], [FORMULAS[1], -5, -2.5, "-5"]]
    assert [c.data_type for c in rows[0]] == ["s", "n", "n", "s"] and rows[0][3].quotePrefix  # text `-5` stays text
    assert about["truncated"] is True and about["rowLimit"] == 2 and about["rows"] == 2


def test_json_wins_when_the_client_takes_it_too(client: TestClient) -> None:
    accept = {"Accept": f"application/json, {XLSX_MEDIA_TYPE}"}
    response = client.post(HEADLINE_RUN, json={"params": {}}, headers=accept)
    assert response.headers["content-type"] == "application/json" and response.json()["rows"]
