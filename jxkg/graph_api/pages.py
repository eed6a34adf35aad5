"""The browser pages: the explorer at `/`, the query page at `/queries`, the data stewards' page at
`/steward`, the API docs at `/docs`,
and the static assets they load from `/static`, every response with a Content-Security-Policy
that allows this origin only.

The pages are thin faces over the same API as every other client: their HTML is static, and
their scripts (built from `web/` by `make web`: npm ci, then esbuild) call `/api/v1`. When the
assets have not been built, the pages answer 503 saying how to build them, instead of a blank page.
"""

from __future__ import annotations

import json
import mimetypes
import re
import stat
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGES_DIR = Path(__file__).resolve().parent / "pages"
STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_PATH = "/static"
BUILT_STAMP = ".built"  # written by web/build.mjs when a build completes
MANIFEST = "assets.json"  # written by web/build.mjs: the names the pages load -> the built files'
GZIP_SUFFIX = ".gz"  # the build's gzipped copy of a script or stylesheet, beside it

# Nothing but this origin: no CDN, no inline script or style, no framing by other sites.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)

# page path -> its HTML file under pages/
PAGES: dict[str, str] = {
    "/": "explorer.html",
    "/queries": "queries.html",
    "/steward": "steward.html",
    "/docs": "docs.html",
}
_HEADER_MARK = "<!--header-->"
_FOOTER_MARK = "<!--footer-->"  # the status bar (the explorer has its own, with the keyboard help)
_HEAD_MARK = re.compile(r"<!--head:(\w+)-->")  # the shared <head>, loading the named page's bundle

NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>jxkg: browser assets not built</title></head>
<body><h1>The browser pages are not built</h1>
<p>The API under <code>/api/v1</code> works; the explorer's scripts were not built. Run
<code>make web</code> in the repository (it runs <code>npm ci</code> and the build in <code>web/</code>), or
<code>make demo</code>, which does it first.</p></body></html>
"""


def assets_built(static_dir: Path = STATIC_DIR) -> bool:
    return (static_dir / BUILT_STAMP).is_file()


def asset_names(static_dir: Path = STATIC_DIR) -> dict[str, str]:
    """The name a page loads (`explorer.js`) -> the built file's (`explorer.LI3E6GNR.js`, named by its
    content), from the manifest the build writes (web/build.mjs); empty when there is none."""
    path = static_dir / MANIFEST
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}
    return dict(_read_manifest(path, stamp))


@lru_cache(maxsize=4)
def _read_manifest(path: Path, stamp: int) -> tuple[tuple[str, str], ...]:
    names = json.loads(path.read_text(encoding="utf-8"))
    return tuple(sorted((str(plain), str(built)) for plain, built in names.items()))


def content_named(path: str, names: dict[str, str]) -> bool:
    """Whether `path` (or the gzipped copy of it) is a file the build named by its content."""
    return path.removesuffix(GZIP_SUFFIX) in {built for plain, built in names.items() if built != plain}


def page_html(file_name: str, names: dict[str, str] | None = None) -> str:
    """A page with the shared head, header and footer put in place, loading the built files by the
    names `names` gives them (default: the build's manifest)."""
    return _page_html(file_name, tuple(sorted((asset_names() if names is None else names).items())))


@lru_cache(maxsize=32)
def _page_html(file_name: str, names: tuple[tuple[str, str], ...]) -> str:
    html = (PAGES_DIR / file_name).read_text(encoding="utf-8")
    head = (PAGES_DIR / "_head.html").read_text(encoding="utf-8")
    html = _HEAD_MARK.sub(lambda mark: head.replace("{{page}}", mark.group(1)), html)
    html = html.replace(_HEADER_MARK, (PAGES_DIR / "_header.html").read_text(encoding="utf-8"))
    html = html.replace(_FOOTER_MARK, (PAGES_DIR / "_footer.html").read_text(encoding="utf-8"))
    for plain, built in names:
        html = html.replace(f'"{STATIC_PATH}/{plain}"', f'"{STATIC_PATH}/{built}"')
    return html


def install_pages(app: FastAPI, static_dir: Path = STATIC_DIR, *, source_maps: bool = False) -> None:
    """The page routes and `/static` on `app`; the security headers on every response. The bundles'
    source maps are served only with `source_maps` (JXKG_SERVE_SOURCE_MAPS): they list web/ paths."""
    for path, file_name in PAGES.items():
        app.add_api_route(path, _page_route(file_name, static_dir), include_in_schema=False, methods=["GET"])
    # check_dir off: without a build the pages say so, and the API still starts
    assets = StaticAssets(directory=static_dir, check_dir=False, source_maps=source_maps)
    app.mount(STATIC_PATH, assets, name="static")
    app.add_middleware(SecurityHeadersMiddleware)


# A built file named by its content (`explorer.LI3E6GNR.js`) never changes under its name: browsers
# may keep it a year without asking. Every other asset (the favicon, Swagger UI's files, a --watch
# build's plain names) may change under its name: kept, but asked again each time (304 while unchanged).
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"
STATIC_CACHE_CONTROL = "no-cache"


class StaticAssets(StaticFiles):
    """The built assets; a source map (`*.map`) is 404 unless source maps are on.

    To a client that accepts gzip, a script or stylesheet goes as the gzipped copy the build wrote
    beside it (`<file>.gz`, web/build.mjs), when that copy is not older than the file; otherwise the
    gzip middleware compresses it on the way out, as it does every answer. Their ETag is weak: it
    names the file, not the bytes sent."""

    def __init__(self, *, directory: Path, check_dir: bool, source_maps: bool) -> None:
        super().__init__(directory=directory, check_dir=check_dir)
        self.source_maps = source_maps
        self.static_dir = Path(directory)

    async def get_response(self, path: str, scope: Scope) -> Response:
        if not self.source_maps and path.lower().endswith(".map"):
            raise HTTPException(404, "source maps are served only with JXKG_SERVE_SOURCE_MAPS=1")
        response = await self._precompressed(path, scope) if _accepts_gzip(scope) else None
        if response is None:
            response = await super().get_response(path, scope)
        immutable = content_named(path, asset_names(self.static_dir))
        response.headers["cache-control"] = IMMUTABLE_CACHE_CONTROL if immutable else STATIC_CACHE_CONTROL
        etag = response.headers.get("etag")
        if etag and not etag.startswith("W/"):
            response.headers["etag"] = "W/" + etag
        return response

    async def _precompressed(self, path: str, scope: Scope) -> Response | None:
        if scope["method"] not in ("GET", "HEAD") or path.endswith(GZIP_SUFFIX):
            return None
        zipped_path, zipped = await anyio.to_thread.run_sync(self.lookup_path, path + GZIP_SUFFIX)
        _, plain = await anyio.to_thread.run_sync(self.lookup_path, path)
        if zipped is None or plain is None or not stat.S_ISREG(zipped.st_mode) or zipped.st_mtime < plain.st_mtime:
            return None
        # the type of the file it stands for (with its charset, as for the file itself)
        media_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        headers = {"content-encoding": "gzip"}
        response = FileResponse(zipped_path, stat_result=zipped, media_type=media_type, headers=headers)
        if self.is_not_modified(response.headers, Headers(scope=scope)):
            return NotModifiedResponse(response.headers)
        return response


def _accepts_gzip(scope: Scope) -> bool:
    # as the gzip middleware decides (a client that sends `gzip;q=0` gets the middleware's choice too)
    return "gzip" in Headers(scope=scope).get("accept-encoding", "")


def _page_route(file_name: str, static_dir: Path) -> Callable[[], HTMLResponse]:
    def page() -> HTMLResponse:
        if not assets_built(static_dir):
            return HTMLResponse(NOT_BUILT, status_code=503)
        html = page_html(file_name, asset_names(static_dir))
        return HTMLResponse(html, headers={"Cache-Control": "no-cache"})

    page.__name__ = f"page_{file_name.removesuffix('.html')}"
    return page


class SecurityHeadersMiddleware:
    """Adds the CSP and its companions to every HTTP response (pages, assets, API answers alike)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
