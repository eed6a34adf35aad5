"""Browser tests: a real `jxkg serve` over the curated graph, driven in headless Chromium (Debian's
`chromium`, which `make test` installs) by Playwright's Python package.

Every page a test opens is watched: a request to any host but 127.0.0.1 is refused and fails the
test, and so does a console error or an uncaught exception. Each test leaves a screenshot in
build/test-artifacts/browser/ (JXKG_TEST_ARTIFACTS to put them elsewhere).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, Route, expect, sync_playwright

from jxkg.graph_api import pages
from tests.conftest import REPO, CuratedGraphs, served_api

CHROMIUM = os.environ.get("JXKG_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("JXKG_TEST_ARTIFACTS", REPO / "build" / "test-artifacts")) / "browser"
# without the background-networking flags Chromium calls Google's hosts at start-up
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ANALYST_KEY = "browser-test-analyst-key-0123456789"
READER_KEY = "browser-test-reader-key-0123456789"
STEWARD_KEY = "browser-test-steward-key-0123456789"
LOCAL_HOSTS = {"127.0.0.1"}


@dataclass
class Server:
    base: str

    def api(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        accept: str = "application/json",
        key: str = ANALYST_KEY,
        files: dict[str, tuple[str, bytes]] | None = None,
    ) -> httpx.Response:
        """The same API the page calls, asked directly (to compare what the page shows)."""
        response = httpx.request(
            method,
            f"{self.base}/api/v1{path}",
            params=params,
            json=json,
            files=files,
            headers={"X-API-Key": key, "Accept": accept},
            timeout=60,
        )
        response.raise_for_status()
        return response


@dataclass
class Watch:
    """What a page did that a test must not let pass."""

    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    allowed_errors: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """A console error the test provokes on purpose (e.g. the 401 before a key is given)."""
        self.allowed_errors.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [e for e in self.console_errors if not any(p.search(e) for p in self.allowed_errors)]


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(f"no Chromium at {CHROMIUM}: `make test` installs Debian's chromium (or set JXKG_CHROMIUM)")
    launched = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield launched
    launched.close()


@pytest.fixture(scope="module")
def server(curated_graphs: CuratedGraphs, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not pages.assets_built():
        pytest.fail("the browser assets are not built: run `make web` (make test does it first)")
    keys = f"analyst:{ANALYST_KEY},reader:{READER_KEY},steward:{STEWARD_KEY}"
    with (
        curated_graphs.falkordb() as store,
        served_api(store, tmp_path_factory.mktemp("browser"), JXKG_API_KEYS=keys, JXKG_RATE_LIMIT="0") as base,
    ):
        yield Server(base)


def open_page(browser: Browser, request: pytest.FixtureRequest, key: str | None = ANALYST_KEY) -> tuple[Page, Watch]:
    """A fresh browser context (its own storage), the API key put where the page keeps it."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True)
    if key:
        # as if typed once into the key box: a reload keeps what the user typed since
        context.add_init_script(
            f"if (!sessionStorage.getItem('jxkg.apiKey')) sessionStorage.setItem('jxkg.apiKey', {key!r});"
        )
    watch = Watch()

    def guard(route: Route, req: Request) -> None:
        parts = urlsplit(req.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in LOCAL_HOSTS:
            watch.foreign_requests.append(req.url)
            route.abort()
        else:
            route.continue_()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.console_errors.append(message.text)

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", console)
    page.on("pageerror", lambda error: watch.console_errors.append(f"uncaught: {error}"))
    request.addfinalizer(lambda: _finish(page, watch, request))
    return page, watch


def _finish(page: Page, watch: Watch, request: pytest.FixtureRequest) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
    finally:
        page.context.close()
    assert watch.foreign_requests == [], f"requests left 127.0.0.1: {watch.foreign_requests}"
    assert watch.unexpected() == [], f"console errors: {watch.unexpected()}"


def goto(page: Page, url: str) -> None:
    """Open a page and wait until its script has wired it (the body says so): keys pressed or words
    typed earlier would find no listener yet."""
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-ready", "true")


@pytest.fixture
def page_and_watch(browser: Browser, request: pytest.FixtureRequest) -> tuple[Page, Watch]:
    return open_page(browser, request)
