"""The explorer and the query page on the synthetic province (tests/browser/province.py says why
scale 0.05 stands for scale 1 here): expanding 南昌市 and pressing "show 50 more" three times keeps the
nodes already drawn where they are, and no task of the page holds the main thread over 100 ms (the
browser's own long-task entries, not a clock of the test); nor does the whole relayout, which runs
in a Web Worker served as a content-hashed bundle; nor does the headline's answer on the query page,
or opening one of its group nodes. A name typed whole is the first suggestion among many alike."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from jxkg.store.falkordb_server import EmbeddedFalkorDB
from tests.browser.conftest import ANALYST_KEY, Server, goto, open_page
from tests.browser.longtasks import (
    EXPLORER_DRAWN,
    EXPLORER_POSITIONS,
    Step,
    click_and_wait,
    least_of_tries,
    longest_since,
    now,
    relayout,
    watch_long_tasks,
)
from tests.browser.province import HUB, province_graph
from tests.conftest import served_api

LONG_TASK_LIMIT_MS = 100  # issue 30: no click blocks the page longer
TRIES = 3  # runs of the headline (and openings of a group) on the query page, the least longest task counted


@pytest.fixture(scope="module")
def province_server(falkordb_server: EmbeddedFalkorDB, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("province")
    with (
        province_graph(falkordb_server, folder / "rows") as store,
        served_api(store, folder / "data", JXKG_API_KEYS=f"analyst:{ANALYST_KEY}", JXKG_RATE_LIMIT="0") as base,
    ):
        yield Server(base)


def shown(step: Step) -> int:
    """The neighbours drawn, as the status says them (已显示 150 / 1,300 个邻居)."""
    return int(step.status.split("已显示", 1)[1].split("/", 1)[0].strip().replace(",", ""))


def test_a_hub_and_three_more_pages_keep_drawn_nodes_in_place_and_never_block_over_100_ms(
    browser: Browser, province_server: Server, request: pytest.FixtureRequest
) -> None:
    page, _ = open_page(browser, request)
    watch_long_tasks(page.context)
    whole = province_server.api("GET", f"/entities/{HUB}/neighbors", params={"limit": 1}).json()
    assert whole["total"] > 4 * 50, "the hub has more neighbours than four pages draw"
    runs: list[list[Step]] = []

    def hub_and_three_pages() -> float:
        goto(page, f"{province_server.base}/?lang=zh&n={HUB}&sel={HUB}")
        expect(page.locator("#action-expand")).to_be_visible()
        steps = [click_and_wait(page, "#action-expand", "已显示", EXPLORER_DRAWN)]
        expect(page.locator("#summary")).to_be_visible()
        for _ in range(3):
            before = page.evaluate(EXPLORER_POSITIONS)
            steps.append(click_and_wait(page, "#summary > button", "已显示", EXPLORER_DRAWN))
            after = page.evaluate(EXPLORER_POSITIONS)
            assert len(after) > len(before), "a page of neighbours was added"
            assert {node: after[node] for node in before} == before, "a node already drawn moved"
        assert [shown(step) for step in steps] == sorted({shown(step) for step in steps}), steps  # each click drew more
        assert shown(steps[-1]) == len(page.evaluate(EXPLORER_POSITIONS)) - 1
        runs.append(steps)
        return max(step.longest for step in steps)

    longests = least_of_tries(hub_and_three_pages, LONG_TASK_LIMIT_MS, TRIES)
    assert min(longests) <= LONG_TASK_LIMIT_MS, f"a task held the page {longests} ms: {runs}"
    _on_canvas(page)

    # the whole relayout (the layout button) runs in a worker: the nodes move, the page never blocks
    worker_responses: list[Response] = []
    page.on("response", lambda r: worker_responses.append(r) if "/static/explorer-layout." in r.url else None)
    relaid = least_of_tries(lambda: relayout(page).longest, LONG_TASK_LIMIT_MS, TRIES)
    assert min(relaid) <= LONG_TASK_LIMIT_MS, f"the relayout held the page {relaid} ms"
    places = list(page.evaluate(EXPLORER_POSITIONS).values())
    assert len({(round(p["x"]), round(p["y"])) for p in places}) == len(places), "two nodes at one place"
    assert not all(abs(p["x"] - p["y"]) < 1 for p in places), "the layout put every node on one line"
    assert [r.status for r in worker_responses] == [200]
    assert "immutable" in worker_responses[0].headers["cache-control"], "the worker is a hashed bundle"
    _on_canvas(page)
    # with a class filtered out, the relayout lays out what is shown (its relationships to hidden
    # nodes left out of the worker's graph) and again never blocks
    page.locator("#filter-type-Person").uncheck()
    again = least_of_tries(lambda: relayout(page).longest, LONG_TASK_LIMIT_MS, TRIES)
    assert min(again) <= LONG_TASK_LIMIT_MS, f"the relayout held the page {again} ms"


def _on_canvas(page: Page) -> None:
    """Every node drawn lies inside the canvas (the view zooms out to what it adds)."""
    outside = page.evaluate(
        "() => { const cy = document.getElementById('graph')._cyreg.cy;"
        " return cy.nodes().filter(n => { const p = n.renderedPosition();"
        " return p.x < 0 || p.y < 0 || p.x > cy.width() || p.y > cy.height(); }).map(n => n.id()); }"
    )
    assert outside == []


# the query page's answer graph: its nodes (with the group each stands for, if any) and their number
_ANSWER_NODES = "document.getElementById('answer-graph')._cyreg.cy.nodes().map((n) => [n.id(), n.data('group')])"
_ANSWER_SIZE = "document.getElementById('answer-graph')._cyreg.cy.nodes().length"
# a group node, given its id and the count it showed, counts down or goes
_GROUP_COUNTED_DOWN = (
    "([id, n]) => { const g = document.getElementById('answer-graph')._cyreg.cy.getElementById(id);"
    " return g.empty() || g.data('group').count !== n; }"
)
# the link shows once the last slice of an answer's graph is in; it is hidden while one is drawn
# (functions, not expressions: the pages' Content-Security-Policy forbids eval)
_LINK_HIDDEN = "() => document.getElementById('open-explorer').hidden"
_ANSWER_DRAWN = "() => !document.getElementById('open-explorer').hidden && !!document.querySelector('table.rows')"


def _run_headline(page: Page) -> float:
    """Click Run, wait until the whole answer is drawn; the longest task since the click."""
    start = now(page)
    page.locator("#run-button").click()
    page.wait_for_function(_LINK_HIDDEN, timeout=60_000)  # the previous answer's link goes first
    page.wait_for_function(_ANSWER_DRAWN, timeout=60_000)
    return longest_since(page, start)


def test_the_headline_on_the_province_draws_every_science_city_and_groups_without_blocking(
    browser: Browser, province_server: Server, request: pytest.FixtureRequest
) -> None:
    """Issue 30: with no parameter the headline's graph shows every science city and its chains, the
    supporters it only counts as group nodes, and neither drawing it nor opening a group holds the
    main thread over 100 ms."""
    page, _ = open_page(browser, request)
    watch_long_tasks(page.context)
    goto(page, f"{province_server.base}/queries?q=science-city-chain-support&lang=zh")
    expect(page.locator("#run-button")).to_be_enabled()
    longests = least_of_tries(lambda: _run_headline(page), LONG_TASK_LIMIT_MS, TRIES)
    answer = province_server.api(
        "POST", "/queries/science-city-chain-support/run", json={"params": {}, "graph": True}
    ).json()
    drawn = dict(page.evaluate(_ANSWER_NODES))
    assert sorted(drawn) == sorted(node["id"] for node in answer["graph"]["nodes"])
    cities = {row["scienceCityId"] for row in answer["rows"]}
    chains = {row["chainId"] for row in answer["rows"] if row["chainId"]}
    assert len(cities) >= 10 and cities | chains <= set(drawn)
    groups = {node_id: group for node_id, group in drawn.items() if group}
    assert groups, "the province's chains have supporters the answer only counts"
    assert min(longests) <= LONG_TASK_LIMIT_MS, f"drawing the answer blocked the page {longests} ms"

    groups_drawn = [groups]

    def open_largest_group() -> float:
        node_id, group = max(groups_drawn[-1].items(), key=lambda item: item[1]["count"])
        before, start = page.evaluate(_ANSWER_SIZE), now(page)
        page.evaluate("id => document.getElementById('answer-graph')._cyreg.cy.getElementById(id).emit('tap')", node_id)
        # the group node counts down (or goes) once its page is all in: it is added a slice a frame
        page.wait_for_function(_GROUP_COUNTED_DOWN, arg=[node_id, group["count"]], timeout=30_000)
        opened = longest_since(page, start)
        added = page.evaluate(_ANSWER_SIZE) - before
        now_drawn = {node: group for node, group in dict(page.evaluate(_ANSWER_NODES)).items() if group}
        assert 0 < added <= 50
        assert now_drawn.get(node_id, {"count": 0})["count"] == group["count"] - added
        groups_drawn.append(now_drawn)
        return opened

    opened = least_of_tries(open_largest_group, LONG_TASK_LIMIT_MS, TRIES)
    assert min(opened) <= LONG_TASK_LIMIT_MS, f"opening a group blocked the page {opened} ms"


def test_typing_an_exact_name_lists_its_entity_first_among_many_alike(
    browser: Browser, province_server: Server, request: pytest.FixtureRequest
) -> None:
    """Issue 30, item 5: 合成企业000001 is one of a thousand enterprises named alike (合成企业0000xx, and
    the designations' 合成企业000001…认定…); typed whole, it is the first suggestion."""
    name = "合成企业000001"
    alike = province_server.api("GET", "/search", params={"q": name[:-1], "limit": 50}).json()["results"]
    assert len(alike) > 12, "the province has more names alike than the box shows"
    (best,) = province_server.api("GET", "/search", params={"q": name, "limit": 1}).json()["results"]
    assert best["node"]["captionZh"] == name and best["matched"] == "exact"
    page, _ = open_page(browser, request)
    goto(page, f"{province_server.base}/?lang=zh")
    page.locator("#search").fill(name)
    options = page.locator("#search + .suggestions li[role=option]")
    expect(options.first.locator(".name")).to_have_text(name)
    assert options.count() > 1  # the others alike follow it
    options.first.click()
    expect(page.locator(f'#node-list button[data-id="{best["node"]["id"]}"]')).to_have_count(1)
