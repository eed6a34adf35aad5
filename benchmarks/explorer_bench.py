"""What the explorer's clicks cost the page on a hub of the synthetic province (issue 30, item 3).

    .venv/bin/python benchmarks/explorer_bench.py [--runs 3]

Builds the province of tests/browser/province.py (curated + `jxkg generate --scale 0.05 --seed 11`) in
an embedded FalkorDB in a temporary folder, serves it with `jxkg serve`, and drives the explorer in
headless Chromium (Debian's, as the browser tests do) at 1440×900: open the hub 南昌市 alone, expand
it, press "show 50 more" three times, find the paths from the hub to 赣州稀金科创城, then press the
layout button (重新布局: the whole view laid out again, until its nodes have moved). For each
click: ms from the click to its status drawn, and the longest task the page ran in between (from
`PerformanceObserver('longtask')`; 0 when no task passed 50 ms), the median of the runs and the worst.
Build the bundles first (`make web`); the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from jxkg.store.falkordb_server import EmbeddedFalkorDB  # noqa: E402
from tests.browser.conftest import ANALYST_KEY, CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.longtasks import EXPLORER_DRAWN, Step, click_and_wait, relayout, watch_long_tasks  # noqa: E402
from tests.browser.province import HUB, province_graph  # noqa: E402
from tests.conftest import free_port, served_api  # noqa: E402

SHOWN = "已显示"  # the status after an expansion (zh, as the path end is typed in Chinese)
PATH_END = "赣州稀金科创城"


def one_run(page: Page, base: str) -> dict[str, Step]:
    page.goto(f"{base}/?lang=zh&n={HUB}&sel={HUB}")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.locator("#action-expand")).to_be_visible()
    steps = {"expand the hub": click_and_wait(page, "#action-expand", SHOWN, EXPLORER_DRAWN)}
    for n in (1, 2, 3):
        steps[f'"more" {n}'] = click_and_wait(page, "#summary > button", SHOWN, EXPLORER_DRAWN)
    page.locator("#details-body .actions button").nth(2).click()  # the path starts at the hub
    page.locator("#path-to").fill(PATH_END)
    page.locator("#path-to + .suggestions li[role=option]").filter(has_text=PATH_END).first.click()
    steps["path search"] = click_and_wait(page, "#path-button", "最短路径", EXPLORER_DRAWN)
    steps["relayout"] = relayout(page)
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs: list[dict[str, Step]] = []
    keys = {"JXKG_API_KEYS": f"analyst:{ANALYST_KEY}", "JXKG_RATE_LIMIT": "0"}
    with tempfile.TemporaryDirectory() as folder:
        server = EmbeddedFalkorDB(Path(folder) / "db", port=free_port())
        server.start()
        try:
            with (
                province_graph(server, Path(folder) / "province") as store,
                served_api(store, Path(folder) / "data", **keys) as base,
                sync_playwright() as driver,
            ):
                browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                for _ in range(args.runs):
                    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
                    context.add_init_script(f"sessionStorage.setItem('jxkg.apiKey', {ANALYST_KEY!r});")
                    watch_long_tasks(context)
                    runs.append(one_run(context.new_page(), base))
                    context.close()
                browser.close()
        finally:
            server.stop()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.runs} runs")
    print(f"{'click':<18}{'ms (median)':>12}{'ms (worst)':>12}{'longest task (median)':>23}{'(worst)':>9}")
    for name in runs[0]:
        ms = [run[name].ms for run in runs]
        longest = [run[name].longest for run in runs]
        print(
            f"{name:<18}{statistics.median(ms):>12.0f}{max(ms):>12.0f}"
            f"{statistics.median(longest):>23.0f}{max(longest):>9.0f}"
        )
    print("final statuses:", runs[-1]["path search"].status, "|", runs[-1]['"more" 3'].status)


if __name__ == "__main__":
    main()
