"""The explorer at / in headless Chromium: search, expand, details with the quote, paths, English,
large neighbourhoods summarised, the view as a link, exports, keyboard."""

from __future__ import annotations

import csv
import json
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import ANALYST_KEY, Server, Watch, goto, open_page
from tests.conftest import REPO

SCIENCE_CITY = "science-city:赣州稀金科创城"
CHAIN = "industry-chain:稀金"


def node_list(page: Page) -> list[str]:
    """The ids in the sidebar's list of the nodes in view (what the canvas draws)."""
    return sorted(page.locator("#node-list button").evaluate_all("buttons => buttons.map(b => b.dataset.id)"))


def search_and_pick(page: Page, text: str, box: str = "#search") -> None:
    page.locator(box).fill(text)
    option = page.locator(f"{box} + .suggestions li[role=option]").filter(has_text=text).first
    option.click()


def select_in_list(page: Page, entity_id: str) -> None:
    page.locator(f'#node-list button[data-id="{entity_id}"]').click()


def wait_for_nodes(page: Page, *ids: str) -> None:
    for entity_id in ids:
        expect(page.locator(f'#node-list button[data-id="{entity_id}"]')).to_have_count(1)


def headline_supporters(server: Server) -> list[dict[str, Any]]:
    """The supporters the headline question gives for 赣州稀金科创城 (through its chain or a narrower one)."""
    rows = server.api(
        "POST", "/queries/science-city-chain-support/run", json={"params": {"scienceCity": SCIENCE_CITY}}
    ).json()["rows"]
    supporters = [s for row in rows for s in row["supporters"]]
    assert supporters, "the curated graph has supporters of the chain of 赣州稀金科创城"
    return supporters


def test_search_expand_the_science_city_see_its_chain_and_the_platforms_supporting_it(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    """The headline question answered by clicking: science city → its chain → narrower chains → supporters."""
    page, _ = page_and_watch
    goto(page, f"{server.base}/?lang=zh")
    search_and_pick(page, "赣州稀金科创城")
    wait_for_nodes(page, SCIENCE_CITY)
    expect(page.locator("#details-body .entity-name")).to_have_text("赣州稀金科创城")

    page.locator("#action-expand").click()
    expected_neighbours = {n["id"] for n in server.api("GET", f"/entities/{SCIENCE_CITY}/neighbors").json()["nodes"]}
    wait_for_nodes(page, CHAIN, *expected_neighbours)  # the chain it focuses on among them
    expect(page.locator("#status")).to_contain_text("已显示")

    select_in_list(page, CHAIN)
    expect(page.locator("#details-body .entity-name")).to_have_text("稀金")
    page.locator("#action-expand").click()
    narrower = server.api("GET", f"/entities/{CHAIN}/neighbors", params={"rel": "BROADER"}).json()["nodes"]
    wait_for_nodes(page, *(n["id"] for n in narrower))
    for chain in narrower:
        if chain["id"] == CHAIN:
            continue
        select_in_list(page, chain["id"])
        expect(page.locator("#details-body .entity-name")).to_have_text(chain["captionZh"])
        page.locator("#action-expand").click()
        expect(page.locator("#status")).to_contain_text("已显示")
    wait_for_nodes(page, *{s["id"] for s in headline_supporters(server)})


def test_a_name_typed_in_traditional_characters_finds_its_entity(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/?lang=zh")
    page.locator("#search").fill("鷹潭智慧科創城")
    first = page.locator("#search + .suggestions li[role=option]").first
    expect(first).to_contain_text("鹰潭智慧科创城")  # ranked first, matched once normalised
    first.click()
    wait_for_nodes(page, "science-city:鹰潭智慧科创城")


def test_a_node_details_show_its_provenance_and_quote(server: Server, page_and_watch: tuple[Page, Watch]) -> None:
    page, _ = page_and_watch
    detail = server.api("GET", f"/entities/{SCIENCE_CITY}").json()
    quote = detail["node"]["provenance"]["quote"]
    assert quote
    goto(page, f"{server.base}/?lang=zh&n={SCIENCE_CITY}&sel={SCIENCE_CITY}")
    expect(page.locator("#details-body .entity-name")).to_have_text("赣州稀金科创城")
    expect(page.locator("#provenance-kind")).to_have_text("文件记载")  # documented, said plainly
    expect(page.locator("#details-body .provenance blockquote.quote")).to_have_text(quote)
    # the source by its document's title (the stored file#section in the tooltip: see the sources test)
    expect(page.locator("#details-body .provenance .source")).to_have_attribute(
        "title", detail["node"]["provenance"]["source"]
    )


def test_the_path_between_two_entities(server: Server, page_and_watch: tuple[Page, Watch]) -> None:
    page, _ = page_and_watch
    platform = headline_supporters(server)[0]
    expected = server.api("GET", "/paths", params={"from": SCIENCE_CITY, "to": platform["id"], "maxHops": 4}).json()
    assert expected["paths"]
    goto(page, f"{server.base}/?lang=zh")
    search_and_pick(page, "赣州稀金科创城", "#path-from")
    search_and_pick(page, platform["nameZh"], "#path-to")
    page.locator("#path-to").press("Enter")  # Enter after picking the end finds the paths
    hops = len(expected["paths"][0]["edges"])
    expect(page.locator("#status")).to_contain_text(f"找到 {len(expected['paths'])} 条最短路径（{hops} 跳）")
    on_paths = {n["id"] for path in expected["paths"] for n in path["nodes"]}
    wait_for_nodes(page, *on_paths)
    assert set(node_list(page)) == on_paths
    # listed as text, in order, each node a button that focuses it
    listed = page.locator("#path-list ol > li")
    expect(listed).to_have_count(len(expected["paths"]))
    first_ids = listed.first.locator("button.path-node").evaluate_all("bs => bs.map(b => b.dataset.id)")
    assert first_ids == [n["id"] for n in expected["paths"][0]["nodes"]]
    # the path's nodes keep their drawn size (an edge's width once squashed them into slivers)
    # Cytoscape keeps its instance on its container (no global of ours needed to look)
    sizes = page.evaluate(
        "ids => ids.map(id => { const n = document.getElementById('graph')._cyreg.cy.getElementById(id);"
        " return [n.width(), n.height()]; })",
        sorted(on_paths),
    )
    assert all(w == h and w >= 20 for w, h in sizes), sizes
    widths = page.evaluate(
        "() => document.getElementById('graph')._cyreg.cy.edges('.on-path').map(e => e.numericStyle('width'))"
    )
    assert widths and all(w == 4 for w in widths)
    listed.first.locator("button.path-node").last.click()
    expect(page.locator("#details-body .entity-name")).to_have_text(platform["nameZh"])


def test_switching_to_english_changes_every_caption_and_the_url(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/?lang=zh&n={SCIENCE_CITY}&sel={SCIENCE_CITY}")
    expect(page.locator("#details-body .entity-name")).to_have_text("赣州稀金科创城")
    expect(page.locator("nav a[data-page=queries]")).to_have_text("查询")
    page.locator("#lang-button").click()
    english = server.api("GET", f"/entities/{SCIENCE_CITY}").json()["node"]["captionEn"]
    expect(page.locator("#details-body .entity-name")).to_have_text(english)
    expect(page.locator("nav a[data-page=queries]")).to_have_text("Queries")
    expect(page.locator(f'#node-list button[data-id="{SCIENCE_CITY}"]')).to_have_text(english)
    expect(page.locator("#provenance-kind")).to_have_text("documented")
    expect(page.locator("#legend-types")).to_contain_text("Science city")
    assert "lang=en" in page.url
    assert page.evaluate("document.documentElement.lang") == "en"


def test_a_large_neighbourhood_is_summarised_not_drawn_whole(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    page, _ = page_and_watch
    province = server.api("GET", "/search", params={"q": "江西省", "type": "Province"}).json()["results"][0]["node"]
    whole = server.api("GET", f"/entities/{province['id']}/neighbors", params={"limit": 1}).json()
    assert whole["total"] > 50, "the province is the curated graph's hub"
    goto(page, f"{server.base}/?lang=en")
    search_and_pick(page, province["captionEn"])
    page.locator("#action-expand").click()
    summary = page.locator("#summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(f"has {whole['total']:,} neighbours; only the first 50 are drawn")
    assert len(node_list(page)) == 51  # the province and one page of neighbours
    biggest = whole["summary"][0]
    expect(summary.locator("li").first).to_contain_text(f"{biggest['count']:,}")
    summary.get_by_role("button", name=re.compile(r"^Show 50 more")).click()
    expect(page.locator("#node-list button")).to_have_count(min(101, whole["total"] + 1))

    # docked beside the canvas, not over it, and closed with the selection
    graph_box, summary_box = page.locator("#graph").bounding_box(), summary.bounding_box()
    assert graph_box and summary_box
    assert graph_box["x"] + graph_box["width"] <= summary_box["x"] + 1, "the summary covers the canvas"
    assert summary_box["width"] < 0.4 * (graph_box["width"] + summary_box["width"])
    page.wait_for_function(FITTED)  # the drawing fitted to the narrower canvas, none of it cut
    page.locator("#search").blur()
    page.keyboard.press("Escape")
    expect(summary).to_be_hidden()
    wider = page.locator("#graph").bounding_box()
    assert wider and wider["width"] > graph_box["width"], "the canvas takes the room back"
    page.wait_for_function(FITTED)  # and the drawing is fitted to it again, not left where it was
    select_in_list(page, province["id"])
    expect(summary).to_be_visible()
    page.locator("#summary-close").click()
    expect(summary).to_be_hidden()
    expect(page.locator("#details-body")).to_contain_text("Select a node")
    select_in_list(page, province["id"])
    expect(summary).to_be_visible()
    page.locator("#graph").click(position={"x": 4, "y": 4})  # the background, inside the fit's margin
    expect(summary).to_be_hidden()  # closed with the selection
    expect(page.locator("#details-body")).to_contain_text("Select a node")


# The view's nodes fill the canvas: all inside it, and their box centred in it (the fit's mark) and
# reaching near two opposite edges, whatever the canvas's width now
FITTED = """() => {
  const cy = document.getElementById("graph")._cyreg.cy;
  const points = cy.nodes().map((n) => n.renderedPosition());
  const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
  const [x1, x2, y1, y2] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const inside = x1 >= 0 && y1 >= 0 && x2 <= cy.width() && y2 <= cy.height();
  const centred = Math.abs((x1 + x2) / 2 - cy.width() / 2) < 2 && Math.abs((y1 + y2) / 2 - cy.height() / 2) < 20;
  const filled = x2 - x1 > 0.6 * cy.width() || y2 - y1 > 0.6 * cy.height();
  return inside && centred && filled;
}"""


def test_the_view_is_a_link_and_exports_as_png_and_json(server: Server, page_and_watch: tuple[Page, Watch]) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/?lang=zh")
    search_and_pick(page, "赣州稀金科创城")
    page.locator("#action-expand").click()
    wait_for_nodes(page, CHAIN)
    shown = node_list(page)
    page.wait_for_url(re.compile(r"[?&]n="))  # the URL is written in a task of its own, once a burst of changes ends

    with page.expect_download() as json_download:
        page.locator("#json-button").click()
    exported = json.loads(json_download.value.path().read_text(encoding="utf-8"))
    assert sorted(n["id"] for n in exported["nodes"]) == shown
    assert all({"source", "target", "type", "provenance"} <= set(e) for e in exported["edges"])
    assert any(e["type"] == "FOCUSES_ON" and e["target"] == CHAIN for e in exported["edges"])

    with page.expect_download() as png_download:
        page.locator("#png-button").click()
    png = png_download.value.path().read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000

    link = page.url
    again = page.context.new_page()
    goto(again, link)
    expect(again.locator("#node-list button")).to_have_count(len(shown))
    assert sorted(again.locator("#node-list button").evaluate_all("bs => bs.map(b => b.dataset.id)")) == shown
    again.close()


def test_the_keyboard_searches_expands_and_removes(server: Server, page_and_watch: tuple[Page, Watch]) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/?lang=zh")
    expect(page.locator("#empty-hint")).to_be_visible()
    page.locator("body").press("/")
    expect(page.locator("#search")).to_be_focused()
    page.keyboard.type("赣州稀金科创城")
    expect(page.locator("#search + .suggestions li[role=option]").first).to_contain_text("赣州稀金科创城")
    page.keyboard.press("Enter")
    wait_for_nodes(page, SCIENCE_CITY)
    page.locator("#search").blur()
    page.keyboard.press("e")
    wait_for_nodes(page, CHAIN)
    page.keyboard.press("Delete")
    expect(page.locator(f'#node-list button[data-id="{SCIENCE_CITY}"]')).to_have_count(0)


@pytest.mark.parametrize("key", [None, "not-a-key"])
def test_without_a_valid_key_the_page_asks_for_one(
    server: Server, browser: Browser, request: pytest.FixtureRequest, key: str | None
) -> None:
    page, watch = open_page(browser, request, key=key)
    watch.allow(r"status of 401")  # the browser logs the refused request itself
    page.goto(f"{server.base}/")  # no key: the page waits for one, never ready
    dialog = page.locator("#key-dialog")
    expect(dialog).to_be_visible()
    page.locator("#key-input").fill(ANALYST_KEY)
    page.locator("#key-form button[type=submit]").click()
    expect(page.locator("#role")).to_contain_text("分析员")  # the role in the page's language (zh-CN browser)
    expect(dialog).to_be_hidden()


# What the page shows as data (names, quotes, notes, ids, the switch written in its target language):
# the rest is the page's chrome, which must be in the page's language alone.
DATA_SELECTORS = ".entity-name, .other-name, .quote, .source, .data, code, #node-list, #lang-button, .path-node"
CJK = re.compile(r"[\u3400-\u9fff]")


def chrome_texts(page: Page) -> list[str]:
    """The visible text of the page outside its data, one string per text node."""
    return page.evaluate(
        """(selectors) => {
          const out = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            const text = node.textContent.trim();
            if (!text || !parent || parent.closest(selectors) || !parent.checkVisibility()) continue;
            out.push(text);
          }
          return out;
        }""",
        DATA_SELECTORS,
    )


def english_captions() -> set[str]:
    """The English side of the pages' i18n table (web/src/common/i18n.js), those not also Chinese."""
    source = (REPO / "web" / "src" / "common" / "i18n.js").read_text(encoding="utf-8")
    pairs = re.findall(r'zh: "((?:[^"\\]|\\.)*)", en: "((?:[^"\\]|\\.)*)"', source)
    return {en for zh, en in pairs if len(en) > 3 and en != zh and "{" not in en}


def test_one_language_at_a_time_role_status_and_values_switch_without_reload(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/?lang=zh&n={SCIENCE_CITY}&sel={SCIENCE_CITY}")
    expect(page.locator("#details-body .entity-name")).to_have_text("赣州稀金科创城")
    stage = server.api("GET", f"/entities/{SCIENCE_CITY}").json()["properties"]["stage"]
    assert stage == "built", "the curated graph has 赣州稀金科创城 built"
    expect(page.locator('td[data-property="stage"]')).to_have_text("已建成")
    expect(page.locator("#role")).to_have_text("角色: 分析员")
    page.locator("#action-expand").click()
    expect(page.locator("#status")).to_contain_text("已显示")
    english = english_captions()
    leaked = [text for text in chrome_texts(page) if text in english]
    assert leaked == [], f"English captions in the Chinese page: {leaked}"

    page.locator("#lang-button").click()  # no reload: the role, the status line and the values follow
    expect(page.locator("#role")).to_have_text("Role: analyst")
    expect(page.locator("#status")).to_contain_text("neighbours shown")
    expect(page.locator('td[data-property="stage"]')).to_have_text("built")
    chinese = [text for text in chrome_texts(page) if CJK.search(text)]
    assert chinese == [], f"Chinese outside the data in the English page: {chinese}"
    page.locator("#lang-button").click()
    expect(page.locator("#status")).to_contain_text("已显示")
    expect(page.locator('td[data-property="stage"]')).to_have_text("已建成")


PLACE_AND_ZONE_CLASSES = [
    "Country",
    "CooperationRegion",
    "Province",
    "PrefectureCity",
    "MetropolitanArea",
    "NewArea",
    "ScienceCity",
    "HighTechZone",
    "ScienceIsland",
    "IndependentInnovationDemonstrationZone",
    "CooperationDemonstrationZone",
    "AgriculturalHighTechZone",
]


def first_curated_id(class_name: str) -> str:
    """The first entity of a class in the curated data (what the test server loaded)."""
    lines = (REPO / "data" / "curated" / "nodes" / f"{class_name}.csv").read_text(encoding="utf-8").splitlines()
    return lines[1].split(",", 1)[0]


def cy_style(page: Page, entity_id: str, prop: str) -> str:
    """A node's computed Cytoscape style (the instance Cytoscape keeps on its container)."""
    return page.evaluate(
        "([id, prop]) => document.getElementById('graph')._cyreg.cy.getElementById(id).style(prop)",
        [entity_id, prop],
    )


def test_class_families_have_distinct_colours_and_shapes_and_selection_is_a_halo(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    page, _ = page_and_watch
    ids = {name: first_curated_id(name) for name in PLACE_AND_ZONE_CLASSES}
    query = "&".join(f"n={entity_id}" for entity_id in ids.values())
    goto(page, f"{server.base}/?lang=zh&{query}")
    wait_for_nodes(page, *ids.values())
    legend = page.locator("#legend-types li").evaluate_all(
        "items => items.map(li => [li.dataset.type, li.dataset.color, li.dataset.shape])"
    )
    styles = {name: (color, shape) for name, color, shape in legend}
    assert set(PLACE_AND_ZONE_CLASSES) <= set(styles)
    pairs = [styles[name] for name in PLACE_AND_ZONE_CLASSES]
    assert len(set(pairs)) == len(pairs), f"classes drawn alike: {styles}"
    for name, entity_id in ids.items():  # the canvas draws what the legend says
        color, shape = styles[name]
        assert cy_style(page, entity_id, "shape") == shape
        rendered = cy_style(page, entity_id, "background-color")
        assert rendered.replace(" ", "") == page.evaluate(
            "c => { const e = document.createElement('i'); e.style.color = c; document.body.append(e);"
            " const v = getComputedStyle(e).color; e.remove(); return v; }",
            color,
        ).replace(" ", ""), name

    city = ids["ScienceCity"]
    fill_before = cy_style(page, city, "background-color")
    select_in_list(page, city)
    expect(page.locator("#details-body .entity-name")).to_be_visible()
    assert cy_style(page, city, "background-color") == fill_before, "selection changed the fill"
    assert float(cy_style(page, city, "underlay-opacity")) > 0, "no halo on the selected node"
    assert float(cy_style(page, city, "overlay-opacity")) == 0


def edge_style(page: Page, edge_id: str, prop: str) -> str:
    return page.evaluate(
        "([id, prop]) => document.getElementById('graph')._cyreg.cy.getElementById(id).style(prop)", [edge_id, prop]
    )


def test_edge_labels_are_level_on_a_box_and_on_demand_when_many(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    page, _ = page_and_watch
    goto(page, f"{server.base}/?lang=zh&n={SCIENCE_CITY}&n={CHAIN}")
    wait_for_nodes(page, SCIENCE_CITY, CHAIN)
    edges = page.evaluate("document.getElementById('graph')._cyreg.cy.edges().map(e => e.id())")
    assert edges, "the science city focuses on its chain"
    for edge_id in edges:  # few edges: every label shown, level, on an opaque box
        assert edge_style(page, edge_id, "text-rotation") == "none"
        assert float(edge_style(page, edge_id, "text-opacity")) == 1
        assert float(edge_style(page, edge_id, "text-background-opacity")) == 1

    province = server.api("GET", "/search", params={"q": "江西省", "type": "Province"}).json()["results"][0]["node"]
    select_in_list(page, SCIENCE_CITY)
    search_and_pick(page, province["captionZh"])
    page.locator("#action-expand").click()
    expect(page.locator("#node-list button")).to_have_count(53, timeout=15_000)  # two, the province, 50 more
    page.locator("#search").blur()
    page.keyboard.press("Escape")  # nothing selected: the many labels are hidden
    far = page.evaluate(
        f"document.getElementById('graph')._cyreg.cy.getElementById({province['id']!r}).connectedEdges()[0].id()"
    )
    assert float(edge_style(page, far, "text-opacity")) == 0
    select_in_list(page, province["id"])  # the selected node's relationships show their labels
    assert float(edge_style(page, far, "text-opacity")) == 1
    page.keyboard.press("Escape")
    # hovering an edge shows its label (Cytoscape's own mouseover event: where the pointer lands
    # among 50 crossing edges depends on the layout)
    page.evaluate(f"document.getElementById('graph')._cyreg.cy.getElementById({far!r}).emit('mouseover')")
    assert page.evaluate(f"document.getElementById('graph')._cyreg.cy.getElementById({far!r}).hasClass('hover')")
    assert float(edge_style(page, far, "text-opacity")) == 1


def test_sources_are_shown_by_document_title_and_passages_drawn_small(
    server: Server, page_and_watch: tuple[Page, Watch]
) -> None:
    page, _ = page_and_watch
    detail = server.api("GET", f"/entities/{SCIENCE_CITY}").json()
    own = detail["node"]["provenance"]["source"]
    cited = next(c for c in detail["sources"] if c["source"] == own)
    assert cited["document"]["titleZh"] and cited["section"], "the curated science city cites the plan by file#section"
    goto(page, f"{server.base}/?lang=zh&n={SCIENCE_CITY}&sel={SCIENCE_CITY}")
    source = page.locator("#details-body .provenance .source")
    expect(source).to_contain_text(cited["document"]["titleZh"])
    expect(source).to_contain_text(cited["section"])
    expect(source).to_contain_text(cited["document"]["number"])
    assert cited["file"] not in source.inner_text(), "the hashed file name is not what a reader reads"
    expect(source).to_have_attribute("title", own)  # the stored form kept at hand
    page.locator("#lang-button").click()
    expect(source).to_contain_text(cited["document"]["titleEn"])

    page.locator("#action-expand").click()
    passages = [n["id"] for n in server.api("GET", f"/entities/{SCIENCE_CITY}/neighbors").json()["nodes"]]
    passage = next(i for i in passages if i.startswith("passage:"))
    wait_for_nodes(page, passage)
    assert (
        float(cy_style(page, passage, "width").rstrip("px"))
        < float(cy_style(page, SCIENCE_CITY, "width").rstrip("px")) / 1.5
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_first_screen_offers_starting_points(server: Server, page_and_watch: tuple[Page, Watch], lang: str) -> None:
    page, _ = page_and_watch
    cities = list(csv.DictReader((REPO / "data" / "curated" / "nodes" / "ScienceCity.csv").open(encoding="utf-8")))
    goto(page, f"{server.base}/?lang={lang}")
    start = page.locator("#empty-hint")
    expect(start).to_be_visible()
    expect(page.locator("#start-cities button[data-id]")).to_have_count(len(cities))
    shown = page.locator("#start-cities button[data-id]").evaluate_all("bs => bs.map(b => b.dataset.id)")
    assert sorted(shown) == sorted(c["id"] for c in cities)
    expect(page.locator("#start-headline")).to_have_attribute("href", "/queries?q=science-city-chain-support")
    expect(page.locator("#start-steward")).to_have_attribute("href", "/steward")
    expect(page.locator("#details-body")).not_to_be_empty()  # the panel says what to do, in the page's language
    texts = chrome_texts(page)
    if lang == "en":
        assert [t for t in texts if CJK.search(t)] == [], "Chinese outside the data on the English first screen"
        assert not CJK.search(page.locator("#search").get_attribute("placeholder") or "")
        expect(page.locator(f'#start-cities button[data-id="{SCIENCE_CITY}"]')).to_have_text(
            next(c["nameEn"] for c in cities if c["id"] == SCIENCE_CITY)
        )
    else:
        english = english_captions()
        assert [t for t in texts if t in english] == []

    page.locator(".start-buttons .example").first.click()  # an example search opens its suggestions
    expect(page.locator("#search + .suggestions li[role=option]").first).to_be_visible()
    page.locator(f'#start-cities button[data-id="{SCIENCE_CITY}"]').click(force=True)
    wait_for_nodes(page, SCIENCE_CITY)
    expect(start).to_be_hidden()  # the first screen gives way to the drawing
    expect(page.locator("#details-body code")).to_have_text(SCIENCE_CITY)


def test_the_first_screen_draws_all_the_science_cities(server: Server, page_and_watch: tuple[Page, Watch]) -> None:
    page, _ = page_and_watch
    cities = list(csv.DictReader((REPO / "data" / "curated" / "nodes" / "ScienceCity.csv").open(encoding="utf-8")))
    goto(page, f"{server.base}/?lang=zh")
    page.locator("#start-all").click()
    wait_for_nodes(page, *(c["id"] for c in cities))
    expect(page.locator("#empty-hint")).to_be_hidden()
