"""The query page at /queries in headless Chromium: the headline question first, its answer the
same rows the API gives, the table beside the subgraph, CSV and XLSX; the analyst's Cypher editor."""

from __future__ import annotations

import io
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import READER_KEY, Server, Watch, goto, open_page

HEADLINE = "science-city-chain-support"


def cell_text(value: Any) -> str | None:
    """What the table shows for a scalar cell (None for lists and maps, compared by count)."""
    if value is None:
        return "—"
    if isinstance(value, (list, dict)):
        return None
    return str(value)


def test_the_headline_question_shows_the_rows_the_api_returns(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/queries?lang=en")
    first = page.locator("#question-list button").first
    expect(first).to_have_attribute("data-name", HEADLINE)
    expect(page.locator("#question-title")).to_have_text(first.inner_text())
    expect(page.locator("#param-scienceCity")).to_have_value("")  # default null: every science city
    page.locator("#run-button").click()
    expect(page.locator("#answer-meta")).to_contain_text("rows in")

    answer = server.api("POST", f"/queries/{HEADLINE}/run", json={"params": {}}).json()
    columns, rows = answer["columns"], answer["rows"]
    assert rows
    question = server.api("GET", f"/queries/{HEADLINE}").json()
    assert page.locator("table.rows thead th").all_inner_texts() == [c["label"]["en"] for c in question["columns"]]
    assert [th.get_attribute("data-column") for th in page.locator("table.rows thead th").all()] == columns
    body_rows = page.locator("table.rows tbody tr")
    expect(body_rows).to_have_count(len(rows))
    for index, row in enumerate(rows):
        shown = body_rows.nth(index)
        for column in columns:
            cell = shown.locator(f'td[data-column="{column}"]')
            expected = cell_text(row[column])
            if expected is not None:
                assert cell.inner_text().strip() == expected, (index, column)
            elif isinstance(row[column], list) and row[column]:
                assert cell.locator(":scope > ul > li").count() == len(row[column]), (index, column)
    expect(page.locator("#open-explorer")).to_be_visible()


def test_the_headline_graph_draws_every_science_city_its_chains_and_the_walk(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    """Issue 30, item 2: the picture shows the answer, not 500 supporters: every science city, each
    chain and the narrower chains counted for it, linked as the graph links them."""
    page, _ = page_and_watch
    goto(page, f"{server.base}/queries?q={HEADLINE}&lang=zh")
    page.locator("#run-button").click()
    expect(page.locator("#open-explorer")).to_be_visible()
    answer = server.api("POST", f"/queries/{HEADLINE}/run", json={"params": {}, "graph": True}).json()
    wanted = {row["scienceCityId"] for row in answer["rows"]}
    wanted |= {row["chainId"] for row in answer["rows"] if row["chainId"]}
    wanted |= {chain for row in answer["rows"] for chain in row["narrowerChainIds"]}
    assert len({row["scienceCityId"] for row in answer["rows"]}) == 10
    drawn = page.evaluate("document.getElementById('answer-graph')._cyreg.cy.nodes().map((n) => n.id())")
    assert wanted <= set(drawn)
    assert sorted(drawn) == sorted(node["id"] for node in answer["graph"]["nodes"])
    broader = page.evaluate(
        "document.getElementById('answer-graph')._cyreg.cy.edges('[type = \"BROADER\"]').map((e) => e.id())"
    )
    assert broader and sorted(broader) == sorted(e["id"] for e in answer["graph"]["edges"] if e["type"] == "BROADER")


def test_the_question_reads_in_the_pages_language_and_switches_without_a_reload(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    """Issue 25, items 2 and 3: the headline's description, its parameters' help and its table's column
    headers in Chinese in zh mode and in English in en mode, the language button switching them in
    place (the column's own name stays as the header's tooltip)."""
    page, _ = page_and_watch
    question = server.api("GET", f"/queries/{HEADLINE}").json()
    assert question["columns"][0]["label"] == {"zh": "科创城编号", "en": "science city id"}
    goto(page, f"{server.base}/queries?q={HEADLINE}&lang=zh")
    page.locator("#run-button").click()
    headers = page.locator("table.rows thead th")
    expect(headers).to_have_count(len(question["columns"]))
    description = page.locator("#question-description")
    hint = page.locator(".param:has(#param-scienceCity) .hint")

    def shows(lang: str) -> None:
        text = "descriptionZh" if lang == "zh" else "description"
        expect(description).to_have_text(question[text].replace("`", ""))  # the quoted names as code
        expect(hint).to_have_text(question["parameters"][0][text])
        expect(headers).to_have_text([c["label"][lang] for c in question["columns"]])

    shows("zh")
    expect(description).to_contain_text("本产品的核心问题。对每个科创城")
    expect(headers.nth(9)).to_have_text("支撑主体")
    assert headers.first.get_attribute("title") == "scienceCityId"
    assert description.locator("code").first.inner_text() == "narrowerChainIds"
    page.evaluate("() => { window.stillThisPage = true; }")  # gone if the switch reloaded the page
    page.locator("#lang-button").click()
    shows("en")
    expect(description).to_contain_text("The product's headline question.")
    expect(headers.nth(9)).to_have_text("supporters")
    page.locator("#lang-button").click()
    shows("zh")
    assert page.evaluate("() => window.stillThisPage") is True


def test_open_in_the_explorer_carries_the_question_not_its_ids(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    """Issue 30, item 2: the link names the question and its parameters; the explorer runs it and
    draws the same graph (its science cities among it)."""
    page, _ = page_and_watch
    goto(page, f"{server.base}/queries?q={HEADLINE}&lang=zh")
    page.locator("#param-scienceCity").fill("赣州稀金科创城")
    page.locator("#run-button").click()
    link = page.locator("#open-explorer")
    expect(link).to_be_visible()
    href = link.get_attribute("href") or ""
    query = parse_qs(urlsplit(href).query)
    assert query["q"] == [HEADLINE] and "n" not in query
    assert json.loads(query["p.scienceCity"][0]) == "science-city:赣州稀金科创城"  # resolved, as it ran
    link.click()
    page.wait_for_url("**/?*")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    answer = server.api(
        "POST", f"/queries/{HEADLINE}/run", json={"params": {"scienceCity": "赣州稀金科创城"}, "graph": True}
    ).json()
    drawn = page.evaluate("document.getElementById('graph')._cyreg.cy.nodes().map((n) => n.id())")
    assert sorted(drawn) == sorted(node["id"] for node in answer["graph"]["nodes"])
    assert "science-city:赣州稀金科创城" in drawn


def test_one_science_city_by_parameter_kept_in_the_url(server: Server, page_and_watch: tuple[Page, Watch]) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/queries?lang=zh")
    page.locator("#param-scienceCity").fill("赣州稀金科创城")
    page.locator("#run-button").click()
    expect(page.locator("table.rows tbody tr")).to_have_count(
        len(
            server.api("POST", f"/queries/{HEADLINE}/run", json={"params": {"scienceCity": "赣州稀金科创城"}}).json()[
                "rows"
            ]
        )
    )
    expect(page.locator('table.rows td[data-column="scienceCity"]').first).to_have_text("赣州稀金科创城")
    assert "p.scienceCity=" in page.url and f"q={HEADLINE}" in page.url
    again = page.context.new_page()
    goto(again, page.url)
    expect(again.locator("#param-scienceCity")).to_have_value("赣州稀金科创城")
    again.close()


def test_an_entity_parameter_suggests_entities_of_its_class(server: Server, page_and_watch: tuple[Page, Watch]) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/queries?lang=zh")
    field = page.locator("#param-scienceCity")
    field.press_sequentially("赣州稀", delay=30)
    options = page.locator(".param .suggestions li[role=option]")
    expect(options.first).to_contain_text("赣州稀金科创城")
    expect(options).to_have_count(1)  # the class filter: only science cities (the chain 稀金 is not one)
    options.first.click()
    expect(field).to_have_value("赣州稀金科创城")
    page.locator("#run-button").click()
    expect(page.locator('table.rows td[data-column="scienceCity"]').first).to_have_text("赣州稀金科创城")


def test_a_near_miss_name_runs_and_the_page_says_what_it_read(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/queries?lang=zh")
    page.locator("#param-scienceCity").fill("赣州稀金")
    page.locator("#run-button").click()
    expect(page.locator("#answer-meta")).to_contain_text("“赣州稀金”按“赣州稀金科创城”查询")
    expect(page.locator('table.rows td[data-column="scienceCity"]').first).to_have_text("赣州稀金科创城")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_name_that_names_nothing_is_an_error_not_zero_rows(
    server: Server, page_and_watch: tuple[Page, Watch], lang: str
) -> None:
    page, watch = page_and_watch
    watch.allow(r"status of 422")  # the refusal this test provokes
    goto(page, f"{server.base}/queries?lang={lang}&q=platforms-by-level-and-city")
    expect(page.locator("#param-city")).to_be_visible()
    page.locator("#param-city").fill("火星市")
    page.locator("#run-button").click()
    status = page.locator("#status")
    expect(status).to_have_attribute("data-kind", "error")
    expect(status).to_contain_text("火星市")
    expect(status).to_contain_text("参数 city" if lang == "zh" else "Parameter city")
    expect(page.locator("#answer-meta")).not_to_contain_text("行" if lang == "zh" else "rows")


def test_a_missing_parameter_is_said_in_the_pages_language_with_its_help(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    """The API's refusal in Chinese (detailZh) in zh mode, quoting the parameter's Chinese help; the
    English one after the switch."""
    page, watch = page_and_watch
    watch.allow(r"status of 422")  # the refusal this test provokes
    goto(page, f"{server.base}/queries?lang=zh&q=connection-paths")
    page.locator("#param-toEntity").fill("中医药")
    page.locator("#run-button").click()
    status = page.locator("#status")
    expect(status).to_have_attribute("data-kind", "error")
    expect(status).to_contain_text("需要参数 fromEntity（文本）：第一个实体，按 id 或中文名")
    page.locator("#lang-button").click()
    expect(status).to_contain_text("needs the parameter 'fromEntity' (string): the first entity, by id or Chinese name")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_value_that_is_not_its_type_is_shown_and_refused_not_dropped(
    server: Server, page_and_watch: tuple[Page, Watch], lang: str
) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/queries?lang={lang}&q=platforms-by-level-and-city&p.limit=%22abc%22")
    field = page.locator("#param-limit")
    expect(field).to_have_value("abc")  # shown as given, not blanked into the default
    expect(field).to_have_attribute("aria-invalid", "true")
    page.locator("#run-button").click()
    status = page.locator("#status")
    expect(status).to_have_attribute("data-kind", "error")
    expect(status).to_contain_text("abc")
    expect(status).to_contain_text("参数 limit" if lang == "zh" else "Parameter limit")
    expect(page.locator("#answer-meta")).to_have_text("")  # nothing ran
    field.fill("5")
    page.locator("#run-button").click()
    expect(page.locator("#answer-meta")).to_contain_text("行" if lang == "zh" else "rows")
    expect(field).not_to_have_attribute("aria-invalid", "true")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unknown_question_in_the_url_is_said_with_the_nearest(
    server: Server, page_and_watch: tuple[Page, Watch], lang: str
) -> None:
    page, watch = page_and_watch
    watch.allow(r"status of 404")  # the lookup of the nearest names
    goto(page, f"{server.base}/queries?lang={lang}&q=science-city-chain-suport")
    status = page.locator("#status")
    expect(status).to_have_attribute("data-kind", "error")
    expect(status).to_contain_text("science-city-chain-suport")
    expect(status).to_contain_text("science-city-chain-support")  # the nearest, by name
    expect(status).to_contain_text("没有名为" if lang == "zh" else "There is no question named")


def test_the_rows_download_as_csv(server: Server, page_and_watch: tuple[Page, Watch]) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/queries?lang=en")
    expect(page.locator("#question-title")).not_to_be_empty()
    with page.expect_download() as download:
        page.locator("#csv-button").click()
    data = download.value.path().read_bytes()
    assert download.value.suggested_filename == f"{HEADLINE}.csv"
    # the server's CSV byte for byte (the page builds none of its own): the byte order mark Excel needs,
    # the supporters as readable text, formula-like text neutralised (tests/api/test_csv_answers.py)
    assert data.startswith("\ufeffscienceCityId,scienceCity,chainId,chain".encode())
    assert data == server.api("POST", f"/queries/{HEADLINE}/run", json={"params": {}}, accept="text/csv").content
    assert b'[{"' not in data


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_rows_download_as_xlsx(server: Server, page_and_watch: tuple[Page, Watch], lang: str) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/queries?lang={lang}")
    expect(page.locator("#question-title")).not_to_be_empty()
    button = page.locator("#xlsx-button")
    expect(button).to_have_text("下载 XLSX" if lang == "zh" else "Download XLSX")
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == f"{HEADLINE}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))  # the file has no extension
    # the server's workbook (the page builds none of its own): the rows the JSON answer has, as cells
    answer = server.api("POST", f"/queries/{HEADLINE}/run", json={"params": {}}).json()
    header, *rows = book[HEADLINE].iter_rows(values_only=True)
    assert list(header) == answer["columns"]
    count = answer["columns"].index("supporterCount")
    assert [row[:2] for row in rows] == [(r["scienceCityId"], r["scienceCity"]) for r in answer["rows"]]
    assert [row[count] for row in rows] == [r["supporterCount"] for r in answer["rows"]]  # numbers, not text
    about = {line[0]: line[1] for line in book["about"].iter_rows(values_only=True)}
    assert about["truncated"] is False and about["rows"] == len(answer["rows"])


def test_an_analyst_writes_cypher_with_completion(server: Server, page_and_watch: tuple[Page, Watch]) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/queries?lang=en&tab=cypher")
    editor = page.locator("#cypher-editor .cm-content")
    expect(editor).to_be_visible()
    expect(page.locator("#cypher-editor .cm-line").first).to_contain_text("MATCH")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("MATCH (c:Science")
    page.keyboard.press("Control+Space")
    option = page.locator(".cm-tooltip-autocomplete li").filter(has_text="ScienceCity").first
    expect(option).to_be_visible()
    option.click()
    page.keyboard.type(") RETURN c.id AS id, c.nameZh AS name ORDER BY id")
    page.locator("#cypher-run").click()
    expected = server.api(
        "POST", "/cypher", json={"query": "MATCH (c:ScienceCity) RETURN c.id AS id, c.nameZh AS name ORDER BY id"}
    ).json()["rows"]
    expect(page.locator("table.rows tbody tr")).to_have_count(len(expected))
    assert page.locator('table.rows td[data-column="name"]').all_inner_texts() == [r["name"] for r in expected]


def test_a_reader_gets_no_cypher_editor(server: Server, browser: Browser, request: pytest.FixtureRequest) -> None:
    page, _ = open_page(browser, request, key=READER_KEY)
    goto(page, f"{server.base}/queries?lang=en&tab=cypher")
    expect(page.locator("#cypher-locked")).to_be_visible()
    expect(page.locator("#cypher-editor .cm-content")).to_have_count(0)
    expect(page.locator("#role")).to_contain_text("reader")


@pytest.mark.parametrize(
    ("lang", "title", "kind"), [("zh", "江西省“十四五”科技创新规划", "文件记载"), ("en", "Jiangxi 14th", "documented")]
)
def test_a_rows_provenance_shows_its_kind_and_document_by_title(
    server: Server, page_and_watch: tuple[Page, Watch], lang: str, title: str, kind: str
) -> None:
    """Issue 29, item 4: a fact's provenance in a row is the structure edges carry; the table shows
    the kind and the document by title, number and section, never the hashed file name, and keeps
    the passage it cites."""
    page, _ = page_and_watch
    params = {"designation": "国家创新型城市", "stage": "candidate"}
    answer = server.api("POST", "/queries/region-designations/run", json={"params": params}).json()
    cited = [row["provenance"] for row in answer["rows"] if row["provenance"]["document"]]
    assert cited, "the plan names candidates"
    goto(page, f"{server.base}/queries?q=region-designations&lang={lang}")
    page.locator("#param-designation").fill(params["designation"])
    page.locator("#param-stage").select_option(params["stage"])
    page.locator("#run-button").click()
    cells = page.locator('table.rows td[data-column="provenance"] .cell-provenance')
    expect(cells).to_have_count(len(answer["rows"]))
    first = cells.first
    expect(first.locator(".kind")).to_have_text(kind)
    expect(first.locator("cite")).to_contain_text(title)
    expect(first).to_contain_text(cited[0]["section"])
    assert ".txt" not in first.inner_text()
    assert first.get_attribute("data-passage") == cited[0]["passageId"]
    assert cited[0]["quote"] in (first.get_attribute("title") or "")


@pytest.mark.parametrize(("lang", "built"), [("zh", "已建成"), ("en", "built")])
def test_a_closed_value_reads_in_the_pages_language_and_keeps_the_stored_one(
    server: Server, page_and_watch: tuple[Page, Watch], lang: str, built: str
) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/queries?q=science-cities-by-stage&lang={lang}")
    page.locator("#run-button").click()
    answer = server.api("POST", "/queries/science-cities-by-stage/run", json={"params": {}}).json()
    stages = [row["stage"] for row in answer["rows"]]
    assert "built" in stages
    shown = page.locator('table.rows td[data-column="stage"]')
    expect(shown).to_have_count(len(stages))
    index = stages.index("built")
    expect(shown.nth(index)).to_have_text(built)
    expect(shown.nth(index).locator("span")).to_have_attribute("title", "built")  # the graph's value, as stored
    # the other language's text on a switch, without a reload
    page.locator("#lang-button").click()
    expect(shown.nth(index)).to_have_text("built" if lang == "zh" else "已建成")
