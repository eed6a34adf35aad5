"""The response headers of the caching and rate-limit rules, declared in the OpenAPI document:
`ETag` on the 200 of each revalidated read and its `304`; `Deprecation` and `Link` on the 200 of an
operation that still takes a deprecated parameter;
the RateLimit fields on every answer of every `/api/v1` operation, `Retry-After` on the 429."""

from __future__ import annotations

from typing import Any

from jxkg.graph_api.limits import RATE_LIMIT_HEADERS

_INTEGER = {"type": "integer", "minimum": 0}
_RATE_LIMIT_DOCS = {
    "RateLimit-Limit": ("requests a bucket holds (with --workers N: this worker's share)", _INTEGER),
    "RateLimit-Remaining": ("requests left in the bucket now", _INTEGER),
    "RateLimit-Reset": ("seconds until the bucket is full again", _INTEGER),
    "RateLimit-Policy": ("the bucket as `limit;w=60`: limit requests a minute, refilled evenly", {"type": "string"}),
}
RATE_LIMIT = {  # by the names the limiter sends, so the two cannot drift apart
    name: {"description": f"{text}; present when the rate limit is on", "schema": schema}
    for name in RATE_LIMIT_HEADERS
    for text, schema in [_RATE_LIMIT_DOCS[name]]
}
ETAG = {
    "ETag": {"description": "the answer's weak validator; send it back as If-None-Match", "schema": {"type": "string"}}
}
RETRY_AFTER = {"Retry-After": {"description": "seconds to wait before asking again", "schema": _INTEGER}}
DEPRECATION = {  # on an answer to a request that used a deprecated name (jxkg.graph_api.deprecation)
    "Deprecation": {
        "description": "the request used a deprecated name: `@` and the Unix time it was deprecated (RFC 9745)",
        "schema": {"type": "string"},
    },
    "Link": {"description": 'the versioning policy, rel="deprecation"', "schema": {"type": "string"}},
}
NOT_MODIFIED = {"description": "Not Modified: the answer the ETag names is still the answer", "headers": ETAG}


def declare_headers(schema: dict[str, Any], prefix: str) -> dict[str, Any]:
    """`schema` with the headers above on the operations under `prefix`; those that take
    `If-None-Match` (`etags.revalidate` declares it) answer with an ETag."""
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith(prefix):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                response.setdefault("headers", {}).update(RATE_LIMIT)
                if str(status) == "429":
                    response["headers"].update(RETRY_AFTER)
            if any(p.get("deprecated") for p in operation.get("parameters", [])):
                responses.get("200", {}).setdefault("headers", {}).update(DEPRECATION)
            if any(p.get("name") == "If-None-Match" for p in operation.get("parameters", [])):
                responses.get("200", {}).setdefault("headers", {}).update(ETAG)
                responses["304"] = NOT_MODIFIED
    return schema
