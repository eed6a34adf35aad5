"""docs/frontend.md stays true: the settings it names exist, its CORS lists are the server's, its
encoded ids are what `encodeURIComponent` gives and the server finds, and its Cytoscape.js and
vis-network mappings, run by Node.js on real answers, make elements both libraries take (cytoscape
headless, vis-network's DataSet from vis-data; test-only npm packages pinned in
tests/frontend/package-lock.json, installed here on first use)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jxkg.graph_api.app import API_PREFIX, create_app
from jxkg.settings import environment_names
from tests.api.support import no_database
from tests.conftest import REPO, CuratedGraphs, settings_for
from tests.npm_packages import installed

DOC = (REPO / "docs" / "frontend.md").read_text(encoding="utf-8")
PACKAGES = REPO / "tests" / "frontend"
ORIGIN = "https://explorer.example.org"
KEY = "reader-key-frontend-docs-0123456789"


def _js_blocks() -> dict[str, str]:
    """The page's ```js blocks, by their first line (a `// what it is` comment)."""
    blocks = re.findall(r"```js\n(.*?)```", DOC, flags=re.DOTALL)
    return {block.splitlines()[0]: block for block in blocks}


def _listed(label: str) -> set[str]:
    (line,) = re.findall(rf"^- {label}: (.*)$", DOC, flags=re.MULTILINE)
    return set(re.findall(r"`([^`]+)`", line))


def test_every_setting_it_names_exists() -> None:
    named = set(re.findall(r"\bJXKG_[A-Z0-9_]+\b", DOC))
    assert {"JXKG_ANONYMOUS_ORIGINS", "JXKG_ANONYMOUS_RATE_LIMIT", "JXKG_CORS_ORIGINS"} <= named
    assert named <= set(environment_names())


def test_the_readme_and_the_api_reference_link_it() -> None:
    assert "docs/frontend.md" in (REPO / "README.md").read_text(encoding="utf-8")
    assert "(frontend.md" in (REPO / "docs" / "api.md").read_text(encoding="utf-8")


def test_its_cors_lists_are_the_servers() -> None:
    with TestClient(create_app(no_database(JXKG_API_KEYS=f"reader:{KEY}", JXKG_ANONYMOUS_ORIGINS=ORIGIN))) as client:
        preflight = client.options(
            f"{API_PREFIX}/subgraph",
            headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "a"},
        )
        answer = client.get(f"{API_PREFIX}/schema", headers={"Origin": ORIGIN})

    def values(header: str) -> set[str]:
        return {v.strip() for v in header.split(",") if v.strip()}

    assert values(preflight.headers["access-control-allow-methods"]) - {"OPTIONS"} == _listed("Allowed methods")
    # Starlette adds the CORS-safelisted request headers (Accept, Accept-Language, Content-Language) to the list
    allowed = {h.lower() for h in values(preflight.headers["access-control-allow-headers"])}
    assert allowed - {"accept", "accept-language", "content-language"} == {
        h.lower() for h in _listed("Allowed request headers")
    }
    assert values(answer.headers["access-control-expose-headers"]) == _listed("Exposed response headers")
    assert f"Access-Control-Max-Age: {preflight.headers['access-control-max-age']}" in DOC
    assert "access-control-allow-credentials" not in answer.headers


def _node(script: str, stdin: str = "") -> str:
    node = shutil.which("node")
    assert node, "Node.js is needed for this test (make test installs it; see README)"
    run = subprocess.run([node, "-e", script], input=stdin, cwd=PACKAGES, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def _encoded_ids() -> list[tuple[str, str]]:
    return re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|$", DOC, flags=re.MULTILINE)


def test_the_encoded_ids_are_what_encode_uri_component_gives() -> None:
    rows = _encoded_ids()
    assert len(rows) == 3 and any("#" in i for i, _ in rows) and any("+" in i and "%" in i for i, _ in rows)
    encoded = json.loads(
        _node(
            "console.log(JSON.stringify(JSON.parse(require('fs').readFileSync(0, 'utf8')).map(encodeURIComponent)))",
            json.dumps([i for i, _ in rows]),
        )
    )
    assert encoded == [e for _, e in rows]


@pytest.fixture(scope="module")
def client(curated_graphs: CuratedGraphs) -> Iterator[TestClient]:
    with curated_graphs.falkordb() as store:
        settings = settings_for(
            store,
            JXKG_API_HOST="0.0.0.0",
            JXKG_API_KEYS=f"reader:{KEY}",
            JXKG_API_KEYS_FILE="",
            JXKG_ANONYMOUS_ORIGINS=ORIGIN,
            JXKG_ANONYMOUS_RATE_LIMIT=600,
        )
        with TestClient(create_app(settings), headers={"Origin": ORIGIN}) as test_client:  # the anonymous reader
            yield test_client


def test_the_url_helpers_reach_the_entities_they_name(client: TestClient) -> None:
    (helpers,) = [block for first, block in _js_blocks().items() if first.startswith("// ids into URLs")]
    city, encoded = _encoded_ids()[0]
    urls = json.loads(
        _node(
            helpers
            + f"console.log(JSON.stringify([entityUrl({city!r}), neighboursUrl({city!r}, {{limit: '3'}}),"
            + f" pathsUrl({city!r}, '360700')]))"
        )
    )
    assert urls[0].endswith(f"/entities/{encoded}")
    for url in urls:
        response = client.get(url.removeprefix("http://127.0.0.1:8000"))
        assert response.status_code == 200, (url, response.text)
    assert client.get(urls[0].removeprefix("http://127.0.0.1:8000")).json()["node"]["id"] == city


@pytest.fixture(scope="module")
def packages() -> Path:
    """tests/frontend/node_modules, installed from the lock file unless it is there already."""
    return installed(PACKAGES, "cytoscape", "vis-data")


DRAW = """
const cytoscape = require("cytoscape");
const { DataSet } = require("vis-data");
const answers = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(answers.map((answer) => {
  const cy = cytoscape({ headless: true, elements: toCytoscape(answer) });  // throws on an edge without its ends
  const vis = toVisNetwork(answer, "en");
  const nodes = new DataSet(vis.nodes), edges = new DataSet(vis.edges);  // throws on a repeated id
  const ends = vis.edges.every((e) => nodes.get(e.from) && nodes.get(e.to));
  return { cyNodes: cy.nodes().length, cyEdges: cy.edges().length, visNodes: nodes.length, visEdges: edges.length,
           ends, label: cy.nodes()[0].data("label"), labelEn: vis.nodes[0].label };
})));
"""


def _answers(client: TestClient) -> list[dict[str, Any]]:
    city = "science-city:赣州稀金科创城"
    neighbours = client.get(f"{API_PREFIX}/entities/360700/neighbors", params={"depth": 2, "limit": 60}).json()
    paths = client.get(f"{API_PREFIX}/paths", params={"from": city, "to": "360700"}).json()["paths"]
    question = client.post(
        f"{API_PREFIX}/queries/science-city-chain-support/run", json={"params": {}, "graph": True}
    ).json()["graph"]
    subgraph = client.post(f"{API_PREFIX}/subgraph", json={"ids": [n["id"] for n in neighbours["nodes"][:20]]}).json()
    return [neighbours, paths[0], question, subgraph]


def test_the_mappings_draw_real_answers_in_both_libraries(client: TestClient, packages: Path) -> None:
    del packages
    blocks = _js_blocks()
    mappings = blocks["// Cytoscape.js: an answer's nodes and edges as elements"]
    mappings += blocks["// vis-network: an answer's nodes and edges as the two DataSets' items"]
    answers = _answers(client)
    drawn = json.loads(_node(mappings + DRAW, json.dumps(answers, ensure_ascii=False)))
    for answer, result in zip(answers, drawn, strict=True):
        assert answer["edges"], "an answer with edges to draw"
        assert result["cyNodes"] == result["visNodes"] == len(answer["nodes"])
        assert result["cyEdges"] == result["visEdges"] == len(answer["edges"])
        assert result["ends"]
        assert (result["label"], result["labelEn"]) == (
            answer["nodes"][0]["captionZh"],
            answer["nodes"][0]["captionEn"],
        )


def test_the_citation_helper_names_each_fact_by_its_document(client: TestClient) -> None:
    """The guide's `citation`, run on every provenance of real answers: a document's title where the
    fact cites one, never the stored file name."""
    (helper,) = [block for first, block in _js_blocks().items() if first.startswith("// a provenance as a reader")]
    provenances = [item["provenance"] for answer in _answers(client) for item in answer["nodes"] + answer["edges"]]
    cited = [p for p in provenances if p["document"]]
    assert cited, "the answers cite documents"
    script = (
        helper
        + """
const provenances = JSON.parse(require("fs").readFileSync(0, "utf-8"));
console.log(JSON.stringify(provenances.map((p) => citation(p))));
"""
    )
    shown = json.loads(_node(script, json.dumps(provenances, ensure_ascii=False)))
    for provenance, text in zip(provenances, shown, strict=True):
        if provenance["document"]:
            assert text.startswith(provenance["document"]["titleZh"]) and ".txt" not in text
            assert provenance["section"] is None or text.endswith(provenance["section"])
        else:
            assert text == (provenance["source"] or "")
