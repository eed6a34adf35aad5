"""The browser pages as HTTP resources: served at /, /queries and /docs with their assets from this
origin only, a Content-Security-Policy that forbids every other origin and inline code, and a clear
503 when the assets were not built. (What the pages do is tested in a real browser: tests/browser.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jxkg.graph_api import pages
from jxkg.graph_api.app import create_app
from jxkg.settings import Settings
from tests.conftest import free_port


def built(name: str) -> str:
    """The built file's name for a name the pages load (`explorer.js` -> `explorer.LI3E6GNR.js`)."""
    return pages.asset_names().get(name, name)


class _Refs(HTMLParser):
    """The URLs a page loads, and any inline script or style it carries."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if "style" in values:
            self.inline.append(f"style attribute on <{tag}>")
        if tag == "style":
            self.inline.append("<style> element")
        if tag == "script":
            if values.get("src"):
                self.urls.append(str(values["src"]))
            else:
                self.inline.append("inline <script>")
        if tag == "link" and values.get("href"):
            self.urls.append(str(values["href"]))
        if tag == "img" and values.get("src"):
            self.urls.append(str(values["src"]))
        for name, value in attrs:
            if name.startswith("on") and value:
                self.inline.append(f"{name} handler on <{tag}>")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    if not pages.assets_built():
        pytest.fail("the browser assets are not built: run `make web` (make test does it first)")
    settings = Settings(JXKG_ENGINE="falkordb", JXKG_FALKORDB_PORT=free_port(), JXKG_API_KEYS="", JXKG_API_KEYS_FILE="")
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.mark.parametrize("path", sorted(pages.PAGES))
def test_each_page_is_served_with_its_assets_from_this_origin_only(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    refs = _Refs()
    refs.feed(response.text)
    assert refs.inline == [], f"{path} carries inline code the CSP would block: {refs.inline}"
    assert refs.urls, path
    for url in refs.urls:
        assert url.startswith("/") and not url.startswith("//"), f"{path} loads {url} from elsewhere"
        asset = client.get(url)
        assert asset.status_code == 200, url
    assert "<!--head" not in response.text and "<!--footer-->" not in response.text  # shared parts in place
    if path != "/docs":
        assert 'href="/queries"' in response.text and 'href="/docs"' in response.text
        assert response.text.count('id="status"') == 1  # the status bar the scripts report to


def _policy(header: str) -> dict[str, list[str]]:
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.mark.parametrize(
    "path", ["/", "/queries", "/docs", f"/static/{built('explorer.js')}", "/health", "/openapi.json"]
)
def test_every_response_forbids_other_origins_and_inline_code(client: TestClient, path: str) -> None:
    response = client.get(path)
    policy = _policy(response.headers["content-security-policy"])
    for directive in ("default-src", "script-src", "style-src", "connect-src", "font-src"):
        assert policy[directive] == ["'self'"], (directive, policy[directive])
    assert policy["img-src"] == ["'self'", "data:", "blob:"]  # the PNG export draws into a blob
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_the_api_docs_no_longer_come_from_a_cdn(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "cdn." not in html and "https://" not in html
    assert client.get("/redoc").status_code == 404  # ReDoc loads from a CDN: not offered
    assert client.get("/openapi.json").status_code == 200


def test_the_bundles_name_no_other_host_to_load_from(client: TestClient) -> None:
    """No runtime fetch of a script, style or font from a CDN hides in the built bundles."""
    for bundle in ("explorer.js", "queries.js", "jxkg.css"):
        text = client.get(f"/static/{built(bundle)}").text
        loads = re.findall(r"(?:import\(|src=|url\()\s*[\"']?(https?://[^\"')\s]+)", text)
        assert loads == [], (bundle, loads)


def test_pages_without_a_build_say_how_to_build_them(tmp_path: Path) -> None:
    app = FastAPI()
    pages.install_pages(app, tmp_path / "static")
    with TestClient(app) as bare:
        response = bare.get("/")
        assert response.status_code == 503
        assert "make web" in response.text
        assert "content-security-policy" in response.headers
        (tmp_path / "static").mkdir()
        (tmp_path / "static" / pages.BUILT_STAMP).write_text("now\n", encoding="utf-8")
        assert bare.get("/").status_code == 200


def test_source_maps_are_served_only_when_asked_for(client: TestClient, tmp_path: Path) -> None:
    maps = sorted(p.name for p in pages.STATIC_DIR.glob("*.map"))
    assert maps, "the build writes source maps"
    for name in maps:
        refused = client.get(f"/static/{name}")
        assert refused.status_code == 404 and "node_modules" not in refused.text
    assert client.get(f"/static/{built('explorer.js')}").status_code == 200
    settings = Settings(
        JXKG_ENGINE="falkordb",
        JXKG_FALKORDB_PORT=free_port(),
        JXKG_API_KEYS="",
        JXKG_API_KEYS_FILE="",
        JXKG_SERVE_SOURCE_MAPS="1",
    )
    with TestClient(create_app(settings)) as developing:
        assert developing.get(f"/static/{maps[0]}").status_code == 200
