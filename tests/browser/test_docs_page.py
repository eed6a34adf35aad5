"""/docs in headless Chromium: Swagger UI from this server's own copy, over its OpenAPI document."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Watch


def test_the_api_docs_render_offline(server: Server, page_and_watch: tuple[Page, Watch]) -> None:
    page, _ = page_and_watch
    page.goto(f"{server.base}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("jxkg API")
    expect(page.locator(".opblock-summary-path").filter(has_text="/api/v1/subgraph")).to_have_count(1)
    expect(page.locator(".opblock-summary-path").filter(has_text="/api/v1/queries/{name}/run")).to_have_count(1)
