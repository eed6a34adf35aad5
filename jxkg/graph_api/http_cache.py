"""What caches may do with each answer (`Cache-Control`, `Vary`), and `HEAD` wherever `GET` is.

Under `/api/v1` (docs/api.md, "Compression and caching"):
- a read answer that opted in to validation (`etags.Revalidate`) is `no-cache`: any cache may keep
  it but must ask again, sending its `ETag` back, before using it; its errors are `private, no-store`;
- every other answer depends on the key or changes the graph (`/me`, Cypher, steward endpoints):
  `private, no-store`.
Every answer varies on the key headers, `Accept` (JSON or CSV) and `Accept-Encoding` (gzip or not):
the last one even when this answer was not compressed, since another of the same request might be.
Outside `/api/v1` (pages, static assets) only `Vary: Accept-Encoding` is added; they set their own
Cache-Control (`pages`).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jxkg.graph_api.etags import ETAG_STATE
from jxkg.graph_api.security import API_KEY_HEADER

REVALIDATE = "no-cache"
PRIVATE = "private, no-store"
API_VARY = ("Authorization", API_KEY_HEADER, "Accept", "Accept-Encoding")
PAGE_VARY = ("Accept-Encoding",)
# gzip answers from this many bytes of body; smaller ones gain little over the headers it costs
GZIP_MINIMUM_BYTES = 1024
# zlib's default trade: level 9 takes about twice the time for 1-2 % fewer bytes on our JSON
GZIP_LEVEL = 6


def merge_vary(current: str | None, names: tuple[str, ...]) -> str:
    """`current` with `names` added once each, compared without regard to case."""
    values = [v.strip() for v in (current or "").split(",") if v.strip()]
    seen = {v.lower() for v in values}
    values += [name for name in names if name.lower() not in seen]
    return ", ".join(values)


class CachePolicyMiddleware:
    """Sets Cache-Control, ETag and Vary on the way out, as the module's docstring says."""

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app, self.prefix = app, prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # the routes' request.state writes into this dict, whatever copies of the scope they get
        state = scope.setdefault("state", {})
        api = str(scope.get("path", "")).startswith(self.prefix)

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["vary"] = merge_vary(headers.get("vary"), API_VARY if api else PAGE_VARY)
                if api:
                    _api_policy(headers, message["status"], state)
            await send(message)

        await self.app(scope, receive, send_with_policy)


def _api_policy(headers: MutableHeaders, status: int, state: dict[str, object]) -> None:
    cacheable = ETAG_STATE in state
    if cacheable and status in (200, 304):
        headers["cache-control"] = REVALIDATE
        etag = state[ETAG_STATE]
        if isinstance(etag, str):
            headers["etag"] = etag
    else:
        headers["cache-control"] = PRIVATE
        if "etag" in headers:
            del headers["etag"]


class HeadMiddleware:
    """`HEAD` answered as `GET` without the body: the same status and headers (Content-Length and
    Content-Encoding included, when this sits outside the gzip middleware). FastAPI's routes answer
    GET only; Starlette's own (the static files) already answer HEAD, and give the same.

    A streamed answer ends for the client with its headers; the route is told the client left."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        done = False

        async def receive_or_leave() -> Message:
            if done:
                return {"type": "http.disconnect"}
            return await receive()

        async def send_headers_only(message: Message) -> None:
            nonlocal done
            if message["type"] == "http.response.start":
                await send(message)
            elif message["type"] in ("http.response.body", "http.response.pathsend") and not done:
                done = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET"}, receive_or_leave, send_headers_only)
