"""Names kept for one version after a rename (docs/api.md, "Versioning"): the table of deprecated
query parameters in force, and how a request that uses one is answered — the same answer, plus a
`Deprecation` header (RFC 9745: `@` and the Unix time the name was deprecated) and a
`Link: <…#versioning>; rel="deprecation"` header to the policy. Both names at once is a 422 naming
the new one: the two could disagree, and no answer should pick one silently."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Request, Response

from jxkg.errors import ParameterError

__all__ = ["DEPRECATED", "POLICY_LINK", "Deprecated", "deprecation_headers", "headers_for", "one_name"]

# where the policy is written; an identifier beside the problem types (jxkg.graph_api.errors)
POLICY_LINK = "https://w3id.org/jxkg/docs/api.md#versioning"


@dataclass(frozen=True)
class Deprecated:
    """A query parameter of `route` deprecated for `instead`, since `since` (UTC)."""

    route: str
    name: str
    instead: str
    since: datetime


_SINCE = datetime(2026, 12, 7, tzinfo=UTC)
# the deprecated names in force: docs/api.md lists them, and tests/api/test_deprecation.py holds both to this
DEPRECATED: tuple[Deprecated, ...] = (
    Deprecated("GET /api/v1/paths", "max_hops", "maxHops", _SINCE),
    Deprecated("GET /api/v1/runs", "offset", "cursor", _SINCE),
)


def deprecation_headers(deprecated: Deprecated) -> dict[str, str]:
    """The headers that announce a deprecated name on an answer that used it."""
    return {
        "Deprecation": f"@{int(deprecated.since.timestamp())}",
        "Link": f'<{POLICY_LINK}>; rel="deprecation"; type="text/markdown"',
    }


def headers_for(request: Request) -> dict[str, str]:
    """The deprecation headers a request's answer owes, by the table alone: for an answer given
    before its route runs (a 304 from `etags`), which `one_name` cannot mark."""
    method = "GET" if request.method == "HEAD" else request.method
    for deprecated in DEPRECATED:
        if deprecated.route == f"{method} {request.url.path}" and deprecated.name in request.query_params:
            return deprecation_headers(deprecated)
    return {}


def one_name(request: Request, response: Response, name: str) -> bool:
    """Whether the request used the deprecated parameter `name` (which the table above lists): if
    so, `response` gets the deprecation headers; a ParameterError naming the new name when the
    request gives both."""
    deprecated = next(d for d in DEPRECATED if d.name == name)
    given = request.query_params
    if name not in given:
        return False
    if deprecated.instead in given:
        error = ParameterError(
            f"give {deprecated.instead} or the deprecated {name} it replaces, not both", parameter=deprecated.instead
        )
        error.message_zh = f"请只给出 {deprecated.instead} 或它取代的已弃用参数 {name} 之一，不要同时给出两者"
        raise error
    response.headers.update(deprecation_headers(deprecated))
    return True
