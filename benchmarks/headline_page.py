"""The headline question at scale, the way a user meets it (issue 30): the server's time and bytes
for its answer, and the query page in headless Chromium — from the click on 运行 to the table and the
graph drawn, and the longest task that blocked the page meanwhile (`PerformanceObserver('longtask')`).

Run it against a served graph (e.g. `benchmarks/query_bench.py`'s scale-1 graph under `jxkg serve`):

    .venv/bin/python benchmarks/headline_page.py --base http://127.0.0.1:8791 --runs 3

Prints medians of `--runs`; the raw engine's time for the same statement comes from
`benchmarks/query_bench.py` (the library run is `elapsedMs` in the answer).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
import urllib.request
from typing import Any

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

QUESTION = "science-city-chain-support"
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
}).observe({ type: "longtask", buffered: true });
"""


def server_figures(base: str, body: dict[str, Any]) -> dict[str, float]:
    """One POST of the question: wall ms, the library's elapsedMs, bytes as sent and gzipped."""
    request = urllib.request.Request(
        f"{base}/api/v1/queries/{QUESTION}/run",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        raw = response.read()
        encoded = response.headers.get("Content-Encoding") == "gzip"
    wall = (time.perf_counter() - started) * 1000
    plain = gzip.decompress(raw) if encoded else raw
    answer = json.loads(plain)
    return {
        "wall_ms": wall,
        "elapsed_ms": float(answer["elapsedMs"]),
        "bytes": len(plain),
        "gzip_bytes": len(raw) if encoded else len(gzip.compress(plain)),
    }


def page_figures(base: str, runs: int) -> list[dict[str, float]]:
    """Open the query page on the headline, click 运行, wait for the table and the graph."""
    figures = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.add_init_script(LONG_TASKS)
            page.goto(f"{base}/queries?q={QUESTION}&lang=zh")
            page.wait_for_selector("#run-button:not([disabled])")
            page.evaluate("window.__longTasks = []")
            started = time.perf_counter()
            page.click("#run-button")
            page.wait_for_selector("#answer-table table.rows")
            page.wait_for_selector("#open-explorer:not([hidden])")  # shown once the last slice of the graph is in
            end_to_end = (time.perf_counter() - started) * 1000
            page.wait_for_timeout(300)  # a long task still running is reported when it ends
            tasks = page.evaluate("window.__longTasks")
            dom = page.evaluate("document.querySelectorAll('#answer-table *').length")
            longest = max(tasks, default=0.0)
            figures.append({"end_to_end_ms": end_to_end, "longest_task_ms": longest, "table_dom_nodes": dom})
            page.close()
        browser.close()
    return figures


def median(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the served API, e.g. http://127.0.0.1:8791")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for label, body in (("rows only", {"params": {}}), ("rows and graph", {"params": {}, "graph": True})):
        server_figures(args.base, body)  # warm-up
        rows = [server_figures(args.base, body) for _ in range(args.runs)]
        print(
            f"server, {label}: wall {median(rows, 'wall_ms'):.0f} ms, library {median(rows, 'elapsed_ms'):.0f} ms, "
            f"{median(rows, 'bytes') / 1000:.1f} KB ({median(rows, 'gzip_bytes') / 1000:.1f} KB gzipped)"
        )
    pages = page_figures(args.base, args.runs)
    print(
        f"page: click to table and graph {median(pages, 'end_to_end_ms'):.0f} ms, longest task "
        f"{median(pages, 'longest_task_ms'):.0f} ms (worst {max(p['longest_task_ms'] for p in pages):.0f}), "
        f"table DOM nodes {median(pages, 'table_dom_nodes'):.0f}"
    )


if __name__ == "__main__":
    main()
