"""A trailing slash on an API path is the same resource without it: `GET /api/v1/entities/360700/`
answers 308 to `/api/v1/entities/360700` (the method and body kept), where it once looked for an
entity whose id is `360700/`. No id ends with a slash, and no API route does."""

from __future__ import annotations

from urllib.parse import quote

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["TrailingSlashMiddleware"]


class TrailingSlashMiddleware:
    def __init__(self, app: ASGIApp, *, prefix: str) -> None:
        self.app = app
        self.prefix = prefix.rstrip("/") + "/"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", "")) if scope["type"] == "http" else ""
        if not (path.startswith(self.prefix) and path.endswith("/") and len(path) > len(self.prefix)):
            await self.app(scope, receive, send)
            return
        target = quote(path.rstrip("/"), safe="/:@!$&'()*+,;=-._~")
        query = scope.get("query_string", b"")
        if query:
            target += "?" + query.decode("latin-1")
        await send({"type": "http.response.start", "status": 308, "headers": [(b"location", target.encode())]})
        await send({"type": "http.response.body", "body": b""})
