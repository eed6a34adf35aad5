"""CORS origins, the request-size limit (413) and the per-key rate limit (429 with Retry-After)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from jxkg.errors import ConfigurationError
from jxkg.graph_api.app import create_app
from jxkg.graph_api.limits import RateLimiter
from tests.api.support import no_database

ORIGIN = "https://explorer.example.org"
KEYS = "reader:first-reader-key-0123456789,reader:second-reader-key-0123456789"


def with_echo_route(app: FastAPI) -> FastAPI:
    """A test-only route that reads the whole body, as a POST endpoint will."""

    @app.post("/api/v1/test/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    return app


def client_for(**settings: Any) -> TestClient:
    return TestClient(with_echo_route(create_app(no_database(**settings))))


def chunks(*sizes: int) -> Iterator[bytes]:
    """A body sent in chunks, without Content-Length (chunked transfer encoding)."""
    for size in sizes:
        yield b"x" * size


# --- CORS ----------------------------------------------------------------------------------
def test_cors_allows_the_configured_origins_only() -> None:
    with client_for(JXKG_CORS_ORIGINS=f"{ORIGIN}, http://localhost:5173") as client:
        allowed = client.get("/api/v1/schema", headers={"Origin": ORIGIN})
        other = client.get("/api/v1/schema", headers={"Origin": "https://elsewhere.example.com"})
        preflight = client.options(
            "/api/v1/schema",
            headers={
                "Origin": "http://localhost:5173",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "Authorization, X-API-Key",
            },
        )
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert "access-control-allow-origin" not in other.headers
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://localhost:5173"
    allowed_headers = preflight.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed_headers and "x-api-key" in allowed_headers


def test_no_cors_by_default() -> None:
    with client_for() as client:
        response = client.get("/api/v1/schema", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_a_browser_can_read_refusals_too() -> None:
    with client_for(JXKG_CORS_ORIGINS=ORIGIN, JXKG_RATE_LIMIT=1) as client:
        client.get("/api/v1/schema", headers={"Origin": ORIGIN})
        refused = client.get("/api/v1/schema", headers={"Origin": ORIGIN})
    assert refused.status_code == 429
    assert refused.headers["access-control-allow-origin"] == ORIGIN
    assert "retry-after" in refused.headers["access-control-expose-headers"].lower()


@pytest.mark.parametrize("origins", [f"{ORIGIN}/", "explorer.example.org", f"{ORIGIN}/app"])
def test_an_origin_with_a_path_or_without_a_scheme_is_refused(origins: str) -> None:
    with pytest.raises(ConfigurationError, match="JXKG_CORS_ORIGINS"):
        create_app(no_database(JXKG_CORS_ORIGINS=origins))


# --- request size --------------------------------------------------------------------------
def test_a_body_over_the_limit_is_413_by_content_length() -> None:
    with client_for(JXKG_MAX_REQUEST_BYTES=100) as client:
        fits = client.post("/api/v1/test/echo", content=b"x" * 100)
        refused = client.post("/api/v1/test/echo", content=b"x" * 101)
        anywhere = client.post("/api/v1/no-such-route", content=b"x" * 101)  # refused before routing
    assert fits.status_code == 200 and fits.json() == {"bytes": 100}
    assert refused.status_code == anywhere.status_code == 413
    assert refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    assert (body["status"], body["error"], body["instance"]) == (413, "RequestTooLarge", "/api/v1/test/echo")
    assert "100 bytes" in body["detail"]


def test_a_streamed_body_over_the_limit_is_413() -> None:
    with client_for(JXKG_MAX_REQUEST_BYTES=100) as client:
        fits = client.post("/api/v1/test/echo", content=chunks(50, 50))
        refused = client.post("/api/v1/test/echo", content=chunks(60, 60))
    assert fits.status_code == 200 and fits.json() == {"bytes": 100}
    assert refused.status_code == 413
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["error"] == "RequestTooLarge"


def test_a_content_length_that_is_no_number_is_400() -> None:
    with client_for() as client:
        response = client.post("/api/v1/test/echo", content=b"{}", headers={"Content-Length": "two"})
    assert response.status_code == 400
    assert response.json()["error"] == "BadContentLength"


# --- rate limit ----------------------------------------------------------------------------
def test_past_the_rate_limit_is_429_with_retry_after() -> None:
    with client_for(JXKG_RATE_LIMIT=3) as client:
        statuses = [client.get("/api/v1/schema").status_code for _ in range(3)]
        refused = client.get("/api/v1/schema")
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["retry-after"]) <= 20  # one request in 60/3 s
    body = refused.json()
    assert (body["status"], body["error"]) == (429, "RateLimited")


def test_each_key_has_its_own_allowance() -> None:
    first = {"Authorization": "Bearer first-reader-key-0123456789"}
    second = {"X-API-Key": "second-reader-key-0123456789"}
    with client_for(JXKG_RATE_LIMIT=2, JXKG_API_KEYS=KEYS) as client:
        assert [client.get("/api/v1/schema", headers=first).status_code for _ in range(3)] == [200, 200, 429]
        assert client.get("/api/v1/schema", headers=second).status_code == 200
        # a made-up key counts against the client's address, not a fresh allowance of its own
        made_up = [client.get("/api/v1/schema", headers={"X-API-Key": f"guess-{i}"}).status_code for i in range(3)]
    assert made_up == [401, 401, 429]


def test_the_probe_is_not_rate_limited() -> None:
    with client_for(JXKG_RATE_LIMIT=1) as client:
        client.get("/api/v1/schema")
        assert client.get("/api/v1/schema").status_code == 429
        assert [client.get("/health").status_code for _ in range(3)] == [503, 503, 503]  # no database, no 429


def test_no_rate_limit_when_set_to_0() -> None:
    with client_for(JXKG_RATE_LIMIT=0) as client:
        assert {client.get("/api/v1/schema").status_code for _ in range(20)} == {200}
        assert client.app.state.rate_limiter is None  # type: ignore[attr-defined]


def test_each_app_holds_its_own_limiter() -> None:
    with client_for(JXKG_RATE_LIMIT=1) as first, client_for(JXKG_RATE_LIMIT=1) as second:
        assert first.get("/api/v1/schema").status_code == 200
        assert second.get("/api/v1/schema").status_code == 200
        assert first.app.state.rate_limiter is not second.app.state.rate_limiter  # type: ignore[attr-defined]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_bucket_refills_evenly_up_to_a_minutes_allowance() -> None:
    clock = FakeClock()
    limiter = RateLimiter(6, clock=clock)  # one token every 10 s, bursts of 6
    assert [limiter.acquire("a") for _ in range(6)] == [0.0] * 6
    assert limiter.acquire("a") == pytest.approx(10.0)
    assert limiter.acquire("b") == 0.0  # another subject, another bucket
    clock.now += 4
    assert limiter.acquire("a") == pytest.approx(6.0)
    clock.now += 6
    assert limiter.acquire("a") == 0.0
    assert limiter.acquire("a") == pytest.approx(10.0)
    clock.now += 3600  # a long pause refills to the burst size, not beyond
    assert [limiter.acquire("a") for _ in range(7)].count(0.0) == 6


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RateLimiter(0)
