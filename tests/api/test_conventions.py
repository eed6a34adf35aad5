"""One set of conventions over HTTP (docs/api.md, "Versioning"): camelCase query parameters, with
the old snake_case name still answering for one version and saying it is deprecated; one paging
style — an opaque cursor tied to its list, `nextCursor` null on the last page, `total` — for search,
neighbours and runs; a cursor of one list refused on another, naming `cursor`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jxkg.cursors import encode_cursor
from jxkg.graph_api.app import create_app
from jxkg.graph_api.deprecation import DEPRECATED, POLICY_LINK
from jxkg.ingest.runs.history import finish_run, start_run
from jxkg.ontology.schema import load_schema
from jxkg.store import GraphStore
from tests.api.steward_support import steward_client
from tests.conftest import settings_for

GANZHOU_CITY = "science-city:赣州稀金科创城"
INSTITUTE = "research-institute:中国科学院赣江创新研究院"
DOCS = Path(__file__).parents[2] / "docs" / "api.md"


@pytest.fixture(scope="module")
def client(curated_store: GraphStore) -> Iterator[TestClient]:
    app = create_app(settings_for(curated_store, JXKG_API_KEYS="", JXKG_API_KEYS_FILE="", JXKG_API_HOST="127.0.0.1"))
    with TestClient(app) as test_client:
        yield test_client


def _refused(answer: Any, parameter: str) -> None:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["parameter"] == parameter


# --- a renamed parameter: maxHops, and max_hops for one version ------------------------------------


def test_the_old_name_gives_the_same_answer_and_says_it_is_deprecated(client: TestClient) -> None:
    new = client.get("/api/v1/paths", params={"from": GANZHOU_CITY, "to": INSTITUTE, "maxHops": 2})
    old = client.get("/api/v1/paths", params={"from": GANZHOU_CITY, "to": INSTITUTE, "max_hops": 2})
    assert new.status_code == old.status_code == 200
    assert new.json() == old.json() and new.json()["maxHops"] == 2 and new.json()["paths"]
    assert "deprecation" not in new.headers and "link" not in new.headers
    assert re.fullmatch(r"@\d+", old.headers["deprecation"])  # RFC 9745: a date as @<Unix time>
    assert old.headers["link"].startswith(f'<{POLICY_LINK}>; rel="deprecation"')
    # the value is the one asked for, not the default: one hop finds no path between the two
    assert (
        client.get("/api/v1/paths", params={"from": GANZHOU_CITY, "to": INSTITUTE, "max_hops": 1}).json()["paths"] == []
    )


def test_both_names_at_once_and_a_bad_value_are_refused_naming_the_parameter(client: TestClient) -> None:
    both = client.get("/api/v1/paths", params={"from": GANZHOU_CITY, "to": INSTITUTE, "maxHops": 2, "max_hops": 2})
    _refused(both, "maxHops")
    assert "max_hops" in both.json()["detail"] and "max_hops" in both.json()["detailZh"]
    _refused(client.get("/api/v1/paths", params={"from": GANZHOU_CITY, "to": INSTITUTE, "maxHops": 9}), "maxHops")
    _refused(client.get("/api/v1/paths", params={"from": GANZHOU_CITY, "to": INSTITUTE, "max_hops": 0}), "max_hops")


def test_the_document_declares_the_old_names_deprecated_and_their_headers(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    for deprecated in DEPRECATED:
        method, path = deprecated.route.split(" ")
        operation = document["paths"][path][method.lower()]
        parameters = {p["name"]: p for p in operation["parameters"]}
        assert parameters[deprecated.name]["deprecated"] is True
        assert not parameters[deprecated.instead].get("deprecated")
        assert {"Deprecation", "Link"} <= set(operation["responses"]["200"]["headers"])


def test_the_policy_lists_every_deprecated_name_in_force() -> None:
    text = DOCS.read_text(encoding="utf-8")
    policy = text[text.index("## Versioning") :]
    for deprecated in DEPRECATED:
        assert f"`{deprecated.name}`" in policy and f"`{deprecated.instead}`" in policy
        assert deprecated.route in policy


def test_no_query_parameter_of_our_own_is_snake_case(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    for path, operations in document["paths"].items():
        if "/reconcile" in path:  # OpenRefine's names, fixed by its specification
            continue
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and "_" in parameter["name"]:
                    assert parameter.get("deprecated") is True, (path, parameter["name"])


# --- one paging style -------------------------------------------------------------------------------


def _pages(client: TestClient, path: str, params: dict[str, Any], key: str) -> tuple[list[Any], list[int]]:
    """Every item of a paged list, page by page, and the totals each page said."""
    items: list[Any] = []
    totals: list[int] = []
    cursor: str | None = None
    while True:
        answer = client.get(path, params=params | ({"cursor": cursor} if cursor else {}))
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert "nextCursor" in body  # present on every page: null on the last
        items += body[key]
        totals.append(body["total"])
        cursor = body["nextCursor"]
        if cursor is None:
            return items, totals


def test_search_pages_give_each_entity_once_in_rank_order(client: TestClient) -> None:
    whole = client.get("/api/v1/search", params={"q": "科创", "limit": 100, "quotes": 0}).json()
    assert whole["nextCursor"] is None and whole["total"] == len(whole["results"]) > 7
    paged, totals = _pages(client, "/api/v1/search", {"q": "科创", "limit": 3, "quotes": 0}, "results")
    assert [r["node"]["id"] for r in paged] == [r["node"]["id"] for r in whole["results"]]
    assert len({r["node"]["id"] for r in paged}) == len(paged)
    assert set(totals) == {whole["total"]} and len(totals) == -(-whole["total"] // 3)


def test_a_cursor_of_one_list_is_refused_on_another(client: TestClient) -> None:
    search = client.get("/api/v1/search", params={"q": "科创", "limit": 2, "quotes": 0}).json()["nextCursor"]
    ring = client.get(f"/api/v1/entities/{GANZHOU_CITY}/neighbors", params={"limit": 2}).json()["nextCursor"]
    assert search and ring
    _refused(client.get("/api/v1/search", params={"q": "科创城", "cursor": search}), "cursor")  # another text
    _refused(client.get("/api/v1/search", params={"q": "科创", "type": "ScienceCity", "cursor": search}), "cursor")
    _refused(client.get("/api/v1/search", params={"q": "科创", "cursor": ring}), "cursor")
    _refused(client.get(f"/api/v1/entities/{GANZHOU_CITY}/neighbors", params={"cursor": search}), "cursor")
    _refused(client.get("/api/v1/search", params={"q": "科创", "cursor": "not-a-cursor"}), "cursor")


def _runs(store: GraphStore, numbers: range) -> list[str]:
    """Finished runs, one a number, started in that order; their ids newest first."""
    schema = load_schema()
    ids = [f"run-20260101T0000{n:02}-0000{n:02}" for n in numbers]
    for run_id in ids:
        start_run(store, schema, run_id, started_by="tests")
        finish_run(store, run_id, {"read": 1}, None)
    return ids[::-1]


def test_runs_page_by_cursor_and_offset_still_answers_deprecated(store: GraphStore, tmp_path: Path) -> None:
    newest_first = _runs(store, range(5))
    with steward_client(store, tmp_path / "data") as client:
        paged, totals = _pages(client, "/api/v1/runs", {"limit": 2}, "runs")
        assert [r["runId"] for r in paged] == newest_first and set(totals) == {5} and len(totals) == 3
        old = client.get("/api/v1/runs", params={"limit": 2, "offset": 2})
        assert old.status_code == 200 and "deprecation" in old.headers
        assert [r["runId"] for r in old.json()["runs"]] == newest_first[2:4]
        first = client.get("/api/v1/runs", params={"limit": 2})
        assert "deprecation" not in first.headers
        cursor = first.json()["nextCursor"]
        _refused(client.get("/api/v1/runs", params={"limit": 2, "offset": 2, "cursor": cursor}), "cursor")
        another_list = encode_cursor(2, ("search", "科创", None))
        _refused(client.get("/api/v1/runs", params={"cursor": another_list}), "cursor")
        _refused(client.get("/api/v1/runs", params={"cursor": "eyJvZmZzZXQiOjJ9"}), "cursor")  # {"offset":2}
        _runs(store, range(5, 6))  # one more run: the history shifted, the old cursor would skip or repeat one
        _refused(client.get("/api/v1/runs", params={"limit": 2, "cursor": cursor}), "cursor")


def test_a_browser_on_another_origin_reads_the_deprecation_headers(curated_store: GraphStore) -> None:
    origin = "https://explorer.example.org"
    settings = settings_for(
        curated_store, JXKG_API_KEYS="", JXKG_API_KEYS_FILE="", JXKG_API_HOST="127.0.0.1", JXKG_CORS_ORIGINS=origin
    )
    with TestClient(create_app(settings)) as browser:
        old = browser.get(
            "/api/v1/paths", params={"from": GANZHOU_CITY, "to": INSTITUTE, "max_hops": 2}, headers={"Origin": origin}
        )
    assert old.status_code == 200 and "deprecation" in old.headers
    exposed = {name.strip().lower() for name in old.headers["access-control-expose-headers"].split(",")}
    assert {"deprecation", "link"} <= exposed


def test_a_304_to_the_old_name_still_says_it_is_deprecated(client: TestClient) -> None:
    params = {"from": GANZHOU_CITY, "to": INSTITUTE, "max_hops": 2}
    first = client.get("/api/v1/paths", params=params)
    again = client.get("/api/v1/paths", params=params, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.headers["deprecation"] == first.headers["deprecation"]
    fresh = client.get("/api/v1/paths", params=params | {"max_hops": 3}, headers={"If-None-Match": 'W/"other"'})
    assert fresh.status_code == 200 and "deprecation" in fresh.headers
    new = {"from": GANZHOU_CITY, "to": INSTITUTE, "maxHops": 2}
    unchanged = client.get(
        "/api/v1/paths", params=new, headers={"If-None-Match": client.get("/api/v1/paths", params=new).headers["etag"]}
    )
    assert unchanged.status_code == 304 and "deprecation" not in unchanged.headers
