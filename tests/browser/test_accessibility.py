"""Every page passes axe-core (issue 25): the explorer with an entity open, the query page with the
headline's answer drawn, the steward page, in Chinese and in English. axe-core is a test-only npm
package (tests/a11y, installed from its lock file), run inside the page; a violation of impact
serious or critical fails the test, naming the rule and the elements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import STEWARD_KEY, Server, goto, open_page
from tests.npm_packages import installed

A11Y = Path(__file__).resolve().parents[1] / "a11y"
FAILING_IMPACTS = {"serious", "critical"}
SCIENCE_CITY = "science-city:赣州稀金科创城"

# WCAG 2.1 A and AA, and axe's best practices
_RUN = """async () => {
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
  const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    return (installed(A11Y, "axe-core/axe.min.js") / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def _violations(page: Page, axe_source: str) -> list[dict[str, Any]]:
    page.evaluate(axe_source)  # through the DevTools protocol: the page's own CSP does not apply
    found: list[dict[str, Any]] = page.evaluate(_RUN)
    return [v for v in found if v["impact"] in FAILING_IMPACTS]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_explorer_with_an_entity_open_passes_axe(
    browser: Browser, server: Server, request: pytest.FixtureRequest, axe_source: str, lang: str
) -> None:
    page, _ = open_page(browser, request)
    goto(page, f"{server.base}/?lang={lang}&n={SCIENCE_CITY}&sel={SCIENCE_CITY}")
    expect(page.locator("#details-body .provenance")).to_be_visible()
    assert _violations(page, axe_source) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_query_page_with_an_answer_passes_axe(
    browser: Browser, server: Server, request: pytest.FixtureRequest, axe_source: str, lang: str
) -> None:
    page, _ = open_page(browser, request)
    goto(page, f"{server.base}/queries?lang={lang}")
    page.locator("#run-button").click()
    expect(page.locator("table.rows")).to_be_visible()
    assert _violations(page, axe_source) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_steward_page_passes_axe(
    browser: Browser, server: Server, request: pytest.FixtureRequest, axe_source: str, lang: str
) -> None:
    page, _ = open_page(browser, request, key=STEWARD_KEY)
    goto(page, f"{server.base}/steward?lang={lang}")
    assert _violations(page, axe_source) == []
