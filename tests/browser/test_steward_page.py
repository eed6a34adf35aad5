"""The data stewards' page at /steward in headless Chromium: upload a CSV with bad rows, read its
violations grouped by rule, load it and watch the job finish, download the rejected rows with their
reasons, see the run in the history and what it changed."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.api.steward_support import BAD_ROWS, MAPPING, MIXED_ROWS, csv_bytes, platform_id
from tests.browser.conftest import ARTIFACTS, STEWARD_KEY, Server, goto, open_page
from tests.conftest import CuratedGraphs, served_api


@pytest.fixture
def steward_page(browser: Browser, request: pytest.FixtureRequest) -> Page:
    page, _ = open_page(browser, request, key=STEWARD_KEY)
    return page


@pytest.fixture
def upload_files(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "平台清单.csv"
    data.write_bytes(csv_bytes(MIXED_ROWS))
    mapping = tmp_path / "平台清单.mapping.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return data, mapping


def test_upload_validate_load_and_send_back_the_rejected_rows(
    server: Server, steward_page: Page, upload_files: tuple[Path, Path]
) -> None:
    page = steward_page
    data, mapping = upload_files
    expected = server.api(
        "POST",
        "/validate",
        key=STEWARD_KEY,
        files={"file": (data.name, data.read_bytes()), "mapping": (mapping.name, mapping.read_bytes())},
    ).json()
    assert expected["rejectedRows"] == len(BAD_ROWS)

    goto(page, f"{server.base}/steward?lang=en")
    page.locator("#upload-file").set_input_files(str(data))
    page.locator("#upload-mapping").set_input_files(str(mapping))
    page.locator("#validate-button").click()
    expect(page.locator("#report-verdict")).to_have_text(f"{len(BAD_ROWS)} rows would be rejected (quarantined).")
    groups = page.locator("#report-rules details.rule")
    expect(groups).to_have_count(len(expected["rules"]))
    for index, group in enumerate(expected["rules"]):
        shown = groups.nth(index)
        expect(shown).to_have_attribute("data-rule", group["rule"])
        noun = "finding" if group["count"] == 1 else "findings"
        expect(shown.locator("summary")).to_contain_text(f"{group['count']} {noun}")
        rows = shown.locator("tbody tr")
        expect(rows).to_have_count(min(group["count"], 20))
        first = group["findings"][0]
        expect(rows.first.locator('td[data-column="message"]')).to_have_text(first["messageEn"])
        expect(rows.first.locator('td[data-column="row"]')).to_have_text(str(first["row"]))

    page.locator("#ingest-button").click()
    expect(page.locator("#job")).to_have_attribute("data-state", "succeeded", timeout=60_000)
    expect(page.locator("#job-counts")).to_contain_text("created")
    job_id = page.locator("#job-title").inner_text().split(" · ")[1]
    job = server.api("GET", f"/ingest/{job_id}", key=STEWARD_KEY).json()
    assert job["state"] == "succeeded" and job["rejectedRows"] == len(BAD_ROWS)
    # rows and records: the same numbers under the same labels in the report, the job and the history
    expect(page.locator("#count-terms")).to_have_text(  # the two words, defined once on the page
        "A row is a data row of the file; a record is an entity or relationship made from rows."
    )
    rows = f"Rows: {len(MIXED_ROWS)} read, {len(BAD_ROWS)} rejected"
    records = job["counts"]
    assert expected["recordsRejected"] == records["rejected"]
    run_row = page.locator(f'#runs-table tr[data-run="{job["runId"]}"]')
    for place in (page.locator("#report-summary"), page.locator("#job-counts"), run_row):
        expect(place.locator('.count-rows, td[data-column="rows"]')).to_have_text(rows)
        shown = place.locator('.count-records, td[data-column="counts"]')
        expect(shown).to_contain_text("Records:")
        expect(shown).to_contain_text(f"{records['rejected']} rejected")
    made = expected["records"]["entities"] + expected["records"]["relationships"]
    passed = expected["passed"]["entities"] + expected["passed"]["relationships"]
    unmade = records["rejected"] - (made - passed)  # rows the reading refused: no record was made of them
    expect(page.locator("#report-summary .count-records")).to_contain_text(f"({unmade} of them never made")
    done = (
        f"Records: {records['created']} created, {records['updated']} updated, "
        f"{records['unchanged']} unchanged, {records['rejected']} rejected"
    )
    expect(page.locator("#job-counts .count-records")).to_have_text(done)
    expect(run_row.locator('td[data-column="counts"]')).to_have_text(done)
    expect(page.locator("#job-bar")).to_have_attribute("value", str(job["progress"]["rowsToWrite"] or 1))

    with page.expect_download() as download:
        page.locator("#quarantine-button").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert download.value.path().read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the Chinese
    rejected = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert rejected[0][:4] == ["序号", "名称", "成立年份", "所在地市"]  # the columns as uploaded, reasons after
    assert len(rejected) - 1 >= len(BAD_ROWS)
    assert {row[0] for row in rejected[1:]} == {str(n) for n in BAD_ROWS}

    # the history lists the run, counts first, its files folded away by name; its changes link into the explorer
    run = page.locator("#runs-table tbody tr").first
    expect(run.locator("td").first).to_have_attribute("data-column", "counts")
    files = run.locator("details.run-files")
    expect(files.locator("summary")).to_have_text("1 file")
    expect(files.locator("li")).to_be_hidden()
    files.locator("summary").click()
    expect(files.locator("li")).to_have_text(data.name)
    expect(page.locator("#runs-table")).not_to_contain_text("/")  # no server path, for any run
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "steward-counts.png"), full_page=True)  # for a person to look at
    run.locator("button").click()
    created = page.locator(f'#run-detail a[data-id="{platform_id("测试平台甲")}"]')
    expect(created).to_be_visible()
    created.click()
    expect(page).to_have_url(re.compile(r"/\?.*sel=research-condition-platform"))  # the explorer, on it
    expect(page.locator("#details-body .entity-name")).to_have_text("测试平台甲")


def test_a_key_that_is_not_a_stewards_sees_no_upload(
    server: Server, browser: Browser, request: pytest.FixtureRequest
) -> None:
    page, _ = open_page(browser, request)  # the analyst's key
    goto(page, f"{server.base}/steward?lang=en")
    expect(page.locator("#steward-only")).to_be_visible()
    expect(page.locator("#validate-button")).to_be_disabled()


@pytest.fixture(scope="module")
def keyless_server(curated_graphs: CuratedGraphs, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The demo's way: no key configured, on loopback, every caller a steward."""
    with (
        curated_graphs.falkordb() as store,
        served_api(store, tmp_path_factory.mktemp("keyless"), JXKG_RATE_LIMIT="0") as base,
    ):
        yield Server(base)


def test_the_key_box_says_a_keyless_server_needs_no_key_and_closes(
    keyless_server: Server, browser: Browser, request: pytest.FixtureRequest
) -> None:
    page, _ = open_page(browser, request, key=None)
    goto(page, f"{keyless_server.base}/steward?lang=zh")
    button, dialog = page.locator("#key-button"), page.locator("#key-dialog")
    expect(button).to_have_text("无需密钥")
    button.click()
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("不需要 API 密钥")
    expect(dialog).not_to_contain_text("需要 API 密钥。")  # the keyed server's words are gone
    expect(page.locator("#key-input")).to_be_hidden()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "steward-keyless-dialog.png"))
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    button.click()
    page.locator("#key-cancel").click()
    expect(dialog).to_be_hidden()
    page.locator("#lang-button").click()  # the texts follow the language
    expect(button).to_have_text("No key needed")
    button.click()
    expect(dialog).to_contain_text("This server needs no API key")
    page.locator("#key-cancel").click()
    expect(dialog).to_be_hidden()


def test_the_key_box_asks_for_a_key_where_one_is_needed_and_cancels(server: Server, steward_page: Page) -> None:
    page = steward_page
    goto(page, f"{server.base}/steward?lang=en")
    expect(page.locator("#key-button")).to_have_text("API key")
    page.locator("#key-button").click()
    dialog = page.locator("#key-dialog")
    expect(dialog).to_contain_text("This server needs an API key")
    page.locator("#key-input").fill("a key typed and then thought better of")
    page.locator("#key-cancel").click()
    expect(dialog).to_be_hidden()
    assert page.evaluate("sessionStorage.getItem('jxkg.apiKey')") == STEWARD_KEY  # unchanged by Cancel
    expect(page.locator("#role")).to_contain_text("steward")


def test_a_class_template_downloads_from_the_page(server: Server, steward_page: Page) -> None:
    page = steward_page
    goto(page, f"{server.base}/steward?lang=zh")
    page.locator("#template-class").select_option("ResearchConditionPlatform")
    with page.expect_download() as table:
        page.locator("#template-csv").click()
    assert table.value.suggested_filename == "ResearchConditionPlatform.csv"
    content = table.value.path().read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    expected = server.api("GET", "/templates/ResearchConditionPlatform.csv", key=STEWARD_KEY).content
    assert content == expected
    with page.expect_download() as mapping:
        page.locator("#template-mapping").click()
    assert mapping.value.suggested_filename == "ResearchConditionPlatform.mapping.yaml"
    assert "class: ResearchConditionPlatform" in mapping.value.path().read_text(encoding="utf-8")
    page.locator("#lang-button").click()  # the classes are named in the page's language
    expect(page.locator('#template-class option[value="ResearchConditionPlatform"]')).not_to_contain_text("平台")


@pytest.mark.parametrize(
    ("lang", "words", "other"), [("zh", "映射模板", "mapping template"), ("en", "mapping template", "映射")]
)
def test_a_csv_without_a_mapping_is_refused_in_the_pages_language_pointing_at_the_templates(
    server: Server,
    browser: Browser,
    request: pytest.FixtureRequest,
    upload_files: tuple[Path, Path],
    lang: str,
    words: str,
    other: str,
) -> None:
    page, watch = open_page(browser, request, key=STEWARD_KEY)
    watch.allow(r"status of 422")  # the refusal this test provokes
    data, _ = upload_files
    goto(page, f"{server.base}/steward?lang={lang}")
    page.locator("#upload-file").set_input_files(str(data))
    page.locator("#validate-button").click()
    status = page.locator("#status")
    expect(status).to_contain_text(words)
    expect(status).not_to_contain_text(other)
    expect(status).not_to_contain_text("`")
    if lang == "zh":
        expect(status).not_to_contain_text(" and ")  # no English word in the Chinese message
    expect(page.locator("#templates")).to_have_class(re.compile(r"\bpointed\b"))
    expect(page.locator("#template-class")).to_be_focused()
    page.screenshot(path=str(ARTIFACTS / f"steward-no-mapping-{lang}.png"))
