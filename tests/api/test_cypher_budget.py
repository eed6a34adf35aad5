"""Ad-hoc Cypher's own budget: N at once per key (429), M in all (503), both with Retry-After, while
the catalog and explorer reads are served meanwhile (they do not take from the budget)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from jxkg.graph_api.app import create_app
from jxkg.graph_api.cypher_budget import CypherBudget
from jxkg.graph_api.errors import ApiProblem
from jxkg.store import GraphStore
from tests.api.support import settings_for

KEYS = {name: f"{name}-analyst-key-0123456789" for name in ("first", "second", "third")}
READER = "a-reader-key-0123456789"
# holds its slot for the whole time limit (ten billion steps), stopped by the engine at the limit
HEAVY = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b WITH a, b WHERE (a * b) % 7 = 3 RETURN count(*) AS n"
LIMIT_S = 6


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_budget_counts_per_key_and_in_all() -> None:
    clock = _Clock()
    budget = CypherBudget(1, 2, limit_s=30, clock=clock)
    with budget.slot("a"):
        clock.now += 10
        with pytest.raises(ApiProblem) as per_key, budget.slot("a"):
            pass
        assert per_key.value.status_code == 429
        assert per_key.value.headers == {"Retry-After": "20"}  # the running query ends by its limit
        assert per_key.value.extensions["setting"] == "JXKG_CYPHER_PER_KEY"
        assert "JXKG_CYPHER_PER_KEY" in per_key.value.extensions["detailZh"]
        with budget.slot("b"):
            with pytest.raises(ApiProblem) as total, budget.slot("c"):
                pass
            assert total.value.status_code == 503
            assert total.value.headers == {"Retry-After": "20"}
            assert total.value.extensions["setting"] == "JXKG_CYPHER_TOTAL"
        assert budget.running() == 1
    assert budget.running() == 0
    with budget.slot("a"), budget.slot("c"):  # every slot given back, an error in the block included
        pass
    with pytest.raises(RuntimeError), budget.slot("a"):
        raise RuntimeError("the query failed")
    assert budget.running("a") == 0


def test_each_app_holds_its_own_budget(curated_store: GraphStore) -> None:
    first, second = (create_app(settings_for(curated_store, JXKG_API_KEYS="")) for _ in range(2))
    assert first.state.cypher_budget is not second.state.cypher_budget


@contextmanager
def _client(store: GraphStore) -> Iterator[TestClient]:
    keys = ",".join([f"analyst:{key}" for key in KEYS.values()] + [f"reader:{READER}"])
    settings = settings_for(
        store,
        JXKG_API_KEYS=keys,
        JXKG_API_KEYS_FILE="",
        JXKG_API_HOST="127.0.0.1",
        JXKG_RATE_LIMIT=0,
        JXKG_CYPHER_PER_KEY=1,
        JXKG_CYPHER_TOTAL=2,
        JXKG_QUERY_TIMEOUT=LIMIT_S,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def _post(client: TestClient, key: str, query: str = HEAVY) -> Response:
    return client.post("/api/v1/cypher", json={"query": query}, headers={"X-API-Key": key})


def _await_running(client: TestClient, count: int, pending: list[Future[Response]]) -> None:
    budget: CypherBudget = client.app.state.cypher_budget  # type: ignore[attr-defined]
    deadline = time.monotonic() + 30
    while budget.running() < count:
        for future in pending:
            if future.done():  # a heavy query that ended early (an error) would make the test wait for nothing
                raise AssertionError(future.result().text)
        assert time.monotonic() < deadline, "the heavy queries never started"
        time.sleep(0.02)


@pytest.mark.parametrize("curated_store", ["falkordb"], indirect=True)
def test_past_the_budget_is_429_per_key_and_503_in_all_while_readers_are_served(curated_store: GraphStore) -> None:
    with _client(curated_store) as client, ThreadPoolExecutor(2) as pool:
        heavy = [pool.submit(_post, client, KEYS["first"])]
        _await_running(client, 1, heavy)
        same_key = _post(client, KEYS["first"], "RETURN 1 AS x")
        assert same_key.status_code == 429
        assert 1 <= int(same_key.headers["retry-after"]) <= LIMIT_S
        body = same_key.json()
        assert (body["error"], body["limit"], body["setting"]) == ("CypherBusyForKey", 1, "JXKG_CYPHER_PER_KEY")
        assert body["detailZh"]
        # another key still has its share of the budget
        assert _post(client, KEYS["second"], "RETURN 1 AS x").json()["rows"] == [{"x": 1}]
        heavy.append(pool.submit(_post, client, KEYS["second"]))
        _await_running(client, 2, heavy)
        third = _post(client, KEYS["third"], "RETURN 1 AS x")
        assert third.status_code == 503
        assert third.json()["error"] == "CypherBusy" and 1 <= int(third.headers["retry-after"]) <= LIMIT_S
        # the catalog and the explorer are served meanwhile, for any key
        reader = {"X-API-Key": READER}
        assert client.get("/api/v1/entities/360700", headers=reader).status_code == 200
        assert client.post("/api/v1/queries/science-cities-by-stage/run", json={}, headers=reader).status_code == 200
        assert client.get("/api/v1/entities/360700", headers={"X-API-Key": KEYS["first"]}).status_code == 200
        outcomes = [future.result().status_code for future in heavy]
    assert outcomes == [504, 504]  # the engine stopped both at the limit, and their slots came back
    assert client.app.state.cypher_budget.running() == 0  # type: ignore[attr-defined]


def test_timed_out_and_over_the_bounds_answer_in_both_languages(curated_store: GraphStore) -> None:
    settings = settings_for(curated_store, JXKG_API_KEYS="", JXKG_API_HOST="127.0.0.1", JXKG_QUERY_TIMEOUT=1)
    with TestClient(create_app(settings)) as client:
        timed_out = client.post("/api/v1/cypher", json={"query": HEAVY})
        deep = client.post("/api/v1/cypher", json={"query": "RETURN " + "(" * 200 + "1" + ")" * 200 + " AS x"})
    assert timed_out.status_code == 504 and "JXKG_QUERY_TIMEOUT" in timed_out.json()["detailZh"]
    assert deep.status_code == 422
    body = deep.json()
    assert (body["error"], body["setting"]) == ("QueryTextLimitError", "JXKG_MAX_QUERY_NESTING")
    assert "嵌套" in body["detailZh"]
