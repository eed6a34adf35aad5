"""Compression and caching on the HTTP API, on both engines: gzip over the documented size, ETag
and 304 from the graph's last ingest run, Cache-Control per endpoint, HEAD as GET without the body,
and the RateLimit header fields on every counted answer."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.routing import Mount
from starlette.types import Message

from jxkg.graph_api import pages
from jxkg.graph_api.app import create_app
from jxkg.graph_api.etags import answer_tag, matches
from jxkg.graph_api.http_cache import GZIP_MINIMUM_BYTES, PRIVATE, REVALIDATE
from jxkg.graph_api.keys import Role
from jxkg.ingest.pipeline import run_ingest
from jxkg.ingest.read.curated import read_curated
from jxkg.ontology.schema import load_schema
from jxkg.store import GraphStore
from tests.api.support import no_database
from tests.api.test_security import ENV_KEYS, READER_KEY, STEWARD_KEY, bearer
from tests.conftest import settings_for

SMALL = Path(__file__).resolve().parents[1] / "ingest" / "fixtures" / "small"
NANCHANG = "360100"  # 南昌市: a hub of the curated graph
GANZHOU_CITY = "science-city:赣州稀金科创城"
READER = bearer(READER_KEY)


def _client(store: GraphStore, **env: str) -> TestClient:
    settings = settings_for(store, JXKG_API_KEYS=ENV_KEYS, JXKG_API_KEYS_FILE="", JXKG_API_HOST="127.0.0.1", **env)
    return TestClient(create_app(settings))


@pytest.fixture(scope="module")
def client(curated_store: GraphStore) -> Iterator[TestClient]:
    with _client(curated_store) as test_client:
        yield test_client


def test_a_big_answer_comes_gzipped_and_decodes_to_the_same_json(client: TestClient) -> None:
    path = f"/api/v1/entities/{NANCHANG}/neighbors?depth=2&limit=500"
    plain = client.get(path, headers={**READER, "Accept-Encoding": "identity"})
    # httpx decodes gzip by itself: read the bytes as they came, to see them compressed
    with client.stream("GET", path, headers={**READER, "Accept-Encoding": "gzip"}) as zipped:
        raw = b"".join(zipped.iter_raw())
        headers = zipped.headers
    assert plain.status_code == 200 and len(plain.content) > GZIP_MINIMUM_BYTES
    assert "content-encoding" not in plain.headers
    assert headers["content-encoding"] == "gzip"
    assert int(headers["content-length"]) == len(raw) < len(plain.content) / 3
    assert json.loads(gzip.decompress(raw)) == plain.json()
    for answer_headers in (plain.headers, headers):
        assert "Accept-Encoding" in answer_headers["vary"].split(", ")


def test_a_small_answer_is_not_compressed(client: TestClient) -> None:
    with client.stream("GET", "/api/v1/queries/nope", headers={**READER, "Accept-Encoding": "gzip"}) as answer:
        raw = b"".join(answer.iter_raw())
    assert answer.status_code == 404 and len(raw) < GZIP_MINIMUM_BYTES
    assert "content-encoding" not in answer.headers
    assert json.loads(raw)["status"] == 404


def test_a_csv_answer_is_gzipped_with_its_content_length(client: TestClient) -> None:
    headers = {**READER, "Accept": "text/csv", "Accept-Encoding": "gzip"}
    path = "/api/v1/queries/science-city-chain-support/run"
    with client.stream("POST", path, headers=headers, json={}) as answer:
        raw = b"".join(answer.iter_raw())
    plain = client.post(path, headers={**headers, "Accept-Encoding": "identity"}, json={})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-encoding"] == "gzip" and int(answer.headers["content-length"]) == len(raw)
    assert gzip.decompress(raw) == plain.content and plain.content.count(b"\n") > 1


@pytest.mark.parametrize("media_type", ["text/csv", "text/event-stream"])
def test_a_streamed_answer_still_streams(media_type: str) -> None:
    """Each chunk leaves the whole middleware stack before the route makes the next one; gzipped
    chunk by chunk (flushed), server-sent events not at all (a proxy would hold them back)."""
    events: list[str] = []

    async def chunks() -> AsyncIterator[bytes]:
        for number in range(3):
            events.append(f"made {number}")
            yield b"x" * GZIP_MINIMUM_BYTES * 2

    app = create_app(no_database())
    app.add_api_route("/api/v1/stream-test", lambda: StreamingResponse(chunks(), media_type=media_type))
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and message.get("body"):
            events.append("sent")

    headers = [(b"accept-encoding", b"gzip"), (b"host", b"127.0.0.1")]
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/v1/stream-test",
        "raw_path": b"/api/v1/stream-test",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "scheme": "http",
        "http_version": "1.1",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
    }
    asyncio.run(app(scope, receive, send))
    # (gzip's trailer may follow as one more message)
    assert events[:6] == ["made 0", "sent", "made 1", "sent", "made 2", "sent"]
    start = Headers(raw=sent[0]["headers"])
    assert "content-length" not in start
    body = b"".join(m.get("body", b"") for m in sent[1:])
    if media_type == "text/event-stream":
        assert "content-encoding" not in start and body == b"x" * GZIP_MINIMUM_BYTES * 6
    else:
        assert start["content-encoding"] == "gzip" and gzip.decompress(body) == b"x" * GZIP_MINIMUM_BYTES * 6


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", f"/api/v1/entities/{NANCHANG}", None),
        ("GET", f"/api/v1/entities/{NANCHANG}/neighbors?limit=5", None),
        ("GET", "/api/v1/search?q=赣州", None),
        ("GET", "/api/v1/schema", None),
        ("GET", "/api/v1/stats", None),
        ("GET", "/api/v1/queries", None),
        ("POST", "/api/v1/queries/platform-hosts/run", {"limit": 5}),
        ("POST", "/api/v1/subgraph", {"ids": [NANCHANG, GANZHOU_CITY]}),
    ],
)
def test_an_etag_then_if_none_match_is_a_304_without_a_body(
    client: TestClient, method: str, path: str, body: object
) -> None:
    first = client.request(method, path, headers=READER, json=body)
    assert first.status_code == 200, first.text
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and first.headers["cache-control"] == REVALIDATE
    again = client.request(method, path, headers={**READER, "If-None-Match": etag}, json=body)
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and again.headers["cache-control"] == REVALIDATE
    # another request's tag is not this answer's
    other = client.request(method, path + ("&" if "?" in path else "?") + "x=1", headers=READER, json=body)
    assert other.status_code == 200 and other.headers["etag"] != etag


def test_a_post_body_and_the_role_are_part_of_the_tag(client: TestClient) -> None:
    path = "/api/v1/queries/platform-hosts/run"
    five = client.post(path, headers=READER, json={"limit": 5})
    six = client.post(path, headers={**READER, "If-None-Match": five.headers["etag"]}, json={"limit": 6})
    assert six.status_code == 200 and six.headers["etag"] != five.headers["etag"]
    steward = client.post(
        path, headers={**bearer(STEWARD_KEY), "If-None-Match": five.headers["etag"]}, json={"limit": 5}
    )
    assert steward.status_code == 200 and steward.headers["etag"] != five.headers["etag"]


def test_errors_and_key_specific_answers_are_private_and_not_stored(client: TestClient) -> None:
    answers = [
        client.get("/api/v1/me", headers=READER),
        client.get("/api/v1/runs", headers=bearer(STEWARD_KEY)),
        client.get("/api/v1/entities/no-such-entity", headers=READER),  # an error of a cacheable read
        client.get("/api/v1/schema"),  # 401
    ]
    for answer in answers:
        assert answer.headers["cache-control"] == PRIVATE, answer.request.url
        assert "etag" not in answer.headers
        assert {"Authorization", "X-API-Key", "Accept-Encoding"} <= set(answer.headers["vary"].split(", "))


@pytest.mark.parametrize(
    "path", [f"/api/v1/entities/{NANCHANG}", "/api/v1/search?q=赣州", "/api/v1/queries", "/api/v1/me", "/health"]
)
def test_head_gives_the_get_headers_and_no_body(client: TestClient, path: str) -> None:
    get = client.get(path, headers={**READER, "Accept-Encoding": "gzip"})
    head = client.head(path, headers={**READER, "Accept-Encoding": "gzip"})
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "content-encoding", "etag", "cache-control", "vary"):
        assert head.headers.get(name) == get.headers.get(name), name


def test_head_on_a_post_only_route_is_405(client: TestClient) -> None:
    assert client.head("/api/v1/subgraph", headers=READER).status_code == 405


def test_the_etag_changes_after_an_ingest_and_the_old_one_no_longer_matches(store: GraphStore, tmp_path: Path) -> None:
    schema = load_schema()
    run_ingest(read_curated(SMALL, schema), store, schema, tmp_path / "first")
    path = f"/api/v1/entities/{GANZHOU_CITY}"
    with _client(store) as client:
        before = client.get(path, headers=READER)
        assert client.get(path, headers={**READER, "If-None-Match": before.headers["etag"]}).status_code == 304
        run_ingest(read_curated(SMALL, schema), store, schema, tmp_path / "second")  # the same data, a new run
        after = client.get(path, headers={**READER, "If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.json() == before.json()
    assert after.headers["etag"] != before.headers["etag"]


def test_no_etag_while_a_run_has_not_finished(store: GraphStore, tmp_path: Path) -> None:
    schema = load_schema()
    outcome = run_ingest(read_curated(SMALL, schema), store, schema, tmp_path)
    store.write(  # as a run still writing (or killed) leaves its record
        "MATCH (r:IngestRun {runId: $run}) REMOVE r.finishedAt", {"run": outcome.load.run_id}
    )
    with _client(store) as client:
        answer = client.get(f"/api/v1/entities/{GANZHOU_CITY}", headers={**READER, "If-None-Match": "*"})
    assert answer.status_code == 200 and "etag" not in answer.headers
    assert answer.headers["cache-control"] == REVALIDATE


def test_rate_limit_fields_on_a_200_and_on_the_429(curated_store: GraphStore) -> None:
    with _client(curated_store, JXKG_RATE_LIMIT="3") as client:
        answers = [client.get("/api/v1/queries", headers=READER) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["ratelimit-limit"] for a in answers] == ["3"] * 4
    assert [int(a.headers["ratelimit-remaining"]) for a in answers] == [2, 1, 0, 0]
    assert all(0 < int(a.headers["ratelimit-reset"]) <= 60 for a in answers)
    assert answers[-1].headers["retry-after"] and answers[0].headers["ratelimit-policy"] == "3;w=60"


def test_the_openapi_document_declares_the_headers() -> None:
    document = create_app(no_database()).openapi()
    operations = {(path, method): op for path, ops in document["paths"].items() for method, op in ops.items()}
    entity = operations[("/api/v1/entities/{entity_id}", "get")]
    assert "If-None-Match" in [p["name"] for p in entity["parameters"]]
    assert {"ETag", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(
        entity["responses"]["200"]["headers"]
    )
    assert "ETag" in entity["responses"]["304"]["headers"]
    assert {"Retry-After", "RateLimit-Remaining"} <= set(entity["responses"]["429"]["headers"])
    me = operations[("/api/v1/me", "get")]
    assert "304" not in me["responses"] and "ETag" not in me["responses"]["200"]["headers"]
    assert "RateLimit-Limit" in me["responses"]["200"]["headers"]


def test_a_gzipped_copy_goes_only_when_it_is_not_older_than_its_file(tmp_path: Path) -> None:
    script = tmp_path / "a.js"
    script.write_text("let a = 1;\n" * 500)
    copy = tmp_path / "a.js.gz"
    copy.write_bytes(gzip.compress(b"let a = 0;\n" * 500))
    assets = pages.StaticAssets(directory=tmp_path, check_dir=False, source_maps=False)
    app = Starlette(routes=[Mount("/static", assets)])
    with TestClient(app) as client:
        os.utime(copy, (1, 1))  # stale: older than the file it stands for
        stale = client.get("/static/a.js", headers={"Accept-Encoding": "gzip"})
        os.utime(copy, None)
        fresh = client.get("/static/a.js", headers={"Accept-Encoding": "gzip"})
        unasked = client.get("/static/a.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in stale.headers and stale.text == script.read_text()
    assert fresh.headers["content-encoding"] == "gzip" and fresh.text == "let a = 0;\n" * 500
    assert "content-encoding" not in unasked.headers and unasked.text == script.read_text()


def test_the_bundles_come_gzipped_named_by_their_content_and_kept_a_year() -> None:
    if not pages.assets_built():
        pytest.fail("the browser assets are not built: run `make web` (make test does it first)")
    names = pages.asset_names()
    bundle = names["explorer.js"]
    assert bundle != "explorer.js" and bundle.startswith("explorer.") and bundle.endswith(".js")
    path = f"/static/{bundle}"
    with TestClient(create_app(no_database())) as client:
        page = client.get("/")
        with client.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as zipped:
            raw = b"".join(zipped.iter_raw())
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        etag = zipped.headers["etag"]
        again = client.get(path, headers={"If-None-Match": etag, "Accept-Encoding": "gzip"})
        favicon = client.get("/static/favicon.svg")
        swagger = client.get("/static/swagger/swagger-ui.css", headers={"Accept-Encoding": "gzip"})
    assert f'"{path}"' in page.text and '"/static/explorer.js"' not in page.text
    assert f'"/static/{names["jxkg.css"]}"' in page.text and page.headers["cache-control"] == "no-cache"
    assert zipped.headers["content-encoding"] == "gzip" and gzip.decompress(raw) == plain.content
    assert raw == (pages.STATIC_DIR / f"{bundle}.gz").read_bytes()  # the build's copy, not compressed again
    assert zipped.headers["content-type"] == plain.headers["content-type"] == "text/javascript; charset=utf-8"
    assert len(raw) < len(plain.content) / 2
    for answer in (zipped, plain, again):
        assert answer.headers["cache-control"] == pages.IMMUTABLE_CACHE_CONTROL == "public, max-age=31536000, immutable"
    assert zipped.headers["vary"] == plain.headers["vary"] == "Accept-Encoding"
    # the copy is a file of its own: its tag is not the plain file's
    assert etag.startswith('W/"') and plain.headers["etag"].startswith('W/"') and plain.headers["etag"] != etag
    assert again.status_code == 304 and again.content == b""
    # the files whose names say nothing of their content are asked for again each time
    assert favicon.headers["cache-control"] == swagger.headers["cache-control"] == pages.STATIC_CACHE_CONTROL
    assert swagger.headers["content-encoding"] == "gzip"


def test_every_part_of_the_request_changes_the_tag() -> None:
    base: dict[str, Any] = {
        "role": Role.READER,
        "method": "GET",
        "path": "/api/v1/search",
        "query": "q=x",
        "accept": "",
        "body": b"",
        "files": (1,),
    }
    tag = answer_tag("run-1@t#1", **base)
    changed = [
        answer_tag("run-2@t#2", **base),
        *(
            answer_tag("run-1@t#1", **(base | {name: value}))
            for name, value in [
                ("role", Role.STEWARD),
                ("method", "POST"),
                ("path", "/api/v1/stats"),
                ("query", "q=y"),
                ("accept", "text/csv"),
                ("body", b"{}"),
                ("files", (2,)),
            ]
        ),
    ]
    assert len({tag, *changed}) == 1 + len(changed)
    assert answer_tag("run-1@t#1", **(base | {"method": "HEAD"})) == tag


@pytest.mark.parametrize(
    ("header", "held"),
    [('W/"a"', True), ('"a"', True), ('W/"b", W/"a"', True), ("*", True), ('W/"b"', False), ("", False), (None, False)],
)
def test_if_none_match_compares_weakly(header: str | None, held: bool) -> None:
    assert matches(header, 'W/"a"') is held


def test_browsers_on_other_origins_may_revalidate_and_read_the_fields() -> None:
    origin = "https://explorer.example.org"
    with TestClient(create_app(no_database(JXKG_CORS_ORIGINS=origin, JXKG_RATE_LIMIT=10))) as client:
        preflight = client.options(
            "/api/v1/schema",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "if-none-match, x-api-key",
            },
        )
        answer = client.get("/api/v1/schema", headers={"Origin": origin})
    assert preflight.status_code == 200
    assert "if-none-match" in preflight.headers["access-control-allow-headers"].lower()
    exposed = {name.strip().lower() for name in answer.headers["access-control-expose-headers"].split(",")}
    assert {"etag", "retry-after", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"} <= exposed
