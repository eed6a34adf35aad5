"""What a click costs the page, measured in the page: the long tasks the browser reports
(`PerformanceObserver` of type `longtask`: any task that held the main thread over 50 ms) and the
time from the click to the status line saying it is done. Used by the explorer's browser test (which
asserts on the longest task, the page's work, not on the clock) and by benchmarks/explorer_bench.py
(which prints both)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import BrowserContext, Page

# installed before the page's own scripts (add_init_script), buffered so nothing is missed
OBSERVER = """
window.__longtasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longtasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: "longtask", buffered: true });
"""

# click `selector`, wait until #status changes to a text matching `pattern` and `drawn` (an expression)
# is true, checked a frame at a time, then one frame more and a pause for the observer's entries,
# which arrive after their task
_CLICK_AND_WAIT = """
async ([selector, pattern, timeout]) => {
  const status = document.getElementById("status");
  const before = status.textContent;
  const wanted = new RegExp(pattern);
  const start = performance.now();
  const done = new Promise((resolve, reject) => {
    const watch = new MutationObserver(() => {
      if (status.textContent !== before && wanted.test(status.textContent)) { watch.disconnect(); resolve(); }
    });
    watch.observe(status, { childList: true, characterData: true, subtree: true });
    setTimeout(() => { watch.disconnect(); reject(new Error(`status still "${status.textContent}"`)); }, timeout);
  });
  document.querySelector(selector).click();
  await done;
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  while (!(__DRAWN__)) {
    if (performance.now() - start > timeout) throw new Error("not drawn: __DRAWN__");
    await frame();
  }
  await frame();
  const end = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 150));
  const tasks = window.__longtasks.filter((t) => t.start + t.duration >= start && t.start <= end);
  return { ms: end - start, longest: Math.max(0, ...tasks.map((t) => t.duration)), tasks: tasks.length,
           status: status.textContent };
}
"""


@dataclass(frozen=True)
class Step:
    """One click: ms from the click to its status drawn, the longest task in between (0 when none
    was over 50 ms), how many long tasks, and the status it ended on."""

    ms: float
    longest: float
    tasks: int
    status: str


def watch_long_tasks(context: BrowserContext) -> None:
    """Every page of `context` records its long tasks from its first script on."""
    context.add_init_script(OBSERVER)


# the explorer has drawn everything it added (view.js draws a large addition a few nodes a frame)
EXPLORER_DRAWN = "document.getElementById('graph')._cyreg.cy.nodes('.pending').empty()"
# the explorer's node positions by id, and whether any node has moved from such positions
EXPLORER_POSITIONS = (
    "() => Object.fromEntries(document.getElementById('graph')._cyreg.cy.nodes().map(n => [n.id(), n.position()]))"
)
EXPLORER_MOVED = (
    "before => document.getElementById('graph')._cyreg.cy.nodes().some(n =>"
    " Math.abs(n.position().x - before[n.id()].x) > 1 || Math.abs(n.position().y - before[n.id()].y) > 1)"
)


def click_and_wait(page: Page, selector: str, pattern: str, drawn: str = "true", timeout_ms: int = 60_000) -> Step:
    """Click `selector`, wait for #status to read `pattern` (a JavaScript regular expression) and for
    the JavaScript expression `drawn` to hold."""
    # written into the script: the pages' Content-Security-Policy forbids eval
    answer = page.evaluate(_CLICK_AND_WAIT.replace("__DRAWN__", drawn), [selector, pattern, timeout_ms])
    return Step(float(answer["ms"]), float(answer["longest"]), int(answer["tasks"]), str(answer["status"]))


_LONGEST_SINCE = """
async (start) => {
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 150)));
  return Math.max(0, ...window.__longtasks.filter((t) => t.start + t.duration >= start).map((t) => t.duration));
}
"""


def now(page: Page) -> float:
    """The page's clock (performance.now()), to pass to `longest_since`."""
    return float(page.evaluate("performance.now()"))


def longest_since(page: Page, start: float) -> float:
    """The longest task since `start` on the page's clock, once a frame and the observer's delivery
    have passed; 0 when none was over 50 ms."""
    return float(page.evaluate(_LONGEST_SINCE, start))


def relayout(page: Page) -> Step:
    """Press the explorer's layout button and wait until its nodes have moved (the relayout is done)."""
    before, start = page.evaluate(EXPLORER_POSITIONS), now(page)
    page.locator("#layout-button").click()
    page.wait_for_function(EXPLORER_MOVED, arg=before)
    ms = now(page) - start
    return Step(ms, longest_since(page, start), 0, "")


def least_of_tries(measure: Callable[[], float], limit_ms: float, tries: int = 3) -> list[float]:
    """The longest task of `measure()`, run again while it is over `limit_ms`, up to `tries` times;
    all the figures, the least of which is the page's own cost. A long task's duration counts time
    spent waiting for a core, and on a machine the rest of the test suite loads, load only ever adds
    to it: the least of a few runs is the page's work, the others are the machine's."""
    figures = [measure()]
    while figures[-1] > limit_ms and len(figures) < tries:
        figures.append(measure())
    return figures
