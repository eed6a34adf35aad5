// The relationship explorer at /: search, expand, focus, filter, paths, details, export, and the
// view kept in the URL (?n=<id>&n=<id>&sel=<id>&lang=en) so that a link reopens it; a question's
// answer opened from the query page (?q=<name>&p.<parameter>=<value>), its group nodes expandable.
import { postJson } from "../common/api.js";
import { announce, byId, download } from "../common/dom.js";
import { groupCaptions } from "../common/groups.js";
import { PARAM_PREFIX, setUrlParam, startPage } from "../common/page.js";
import { Suggest } from "../common/suggest.js";
import { DetailsPanel } from "./details.js";
import { PathFinder } from "./paths.js";
import { Sidebar } from "./sidebar.js";
import { StartScreen } from "./start.js";
import { NeighbourhoodSummary } from "./summary.js";
import { GraphView } from "./view.js";

const MAX_URL_NODES = 300; // a shared view reopens through POST /subgraph (500 ids at most)
const URL_DELAY_MS = 100;

async function main() {
  const page = await startPage({ onKeyChange: () => location.reload() });
  if (!page.ontology) return; // waiting for a key
  const { language, ontology, reportError, say } = page;
  const view = new GraphView(byId("graph"), ontology, language, { layoutWorker: document.body.dataset.layoutWorker });
  const hint = byId("empty-hint");

  const summary = new NeighbourhoodSummary({
    view,
    ontology,
    language,
    onShowMore: (id) => expand(id, { more: true }),
    onShowGroup: (id, group) => expand(id, { group }),
    onClose: () => select(null),
  });
  const paths = new PathFinder({
    view,
    ontology,
    language,
    say,
    onError: reportError,
    onPickNode: (id) => select({ kind: "node", id }, { center: true }),
  });
  const details = new DetailsPanel({
    view,
    ontology,
    language,
    onError: reportError,
    actions: {
      expand: (id) => expand(id),
      expandGroup: (id, group) => expand(id, { group }),
      focus: (id) => view.focus(id),
      remove: (id) => {
        view.remove(id);
        select(null);
      },
      pathFrom: (node) => paths.setEnd("from", node),
      pathTo: (node) => paths.setEnd("to", node),
    },
  });
  details.show(null); // says what to do until something is selected
  new Sidebar({ view, ontology, language, onPickNode: (id) => select({ kind: "node", id }, { center: true }) });

  async function expand(id, options = {}) {
    say(() => language.t("loading"));
    try {
      const state = await view.expand(id, options);
      summary.showFor(id);
      say(() => language.t("neighboursShown", { shown: language.number(state.drawn), total: language.number(state.total) }));
    } catch (error) {
      reportError(error);
    }
  }

  function select(selection, { center = false } = {}) {
    view.cy.elements().unselect();
    if (selection) {
      const el = view.cy.getElementById(selection.id);
      el.select();
      if (center) view.cy.animate({ center: { eles: el }, duration: 200 });
    }
    setUrlParam("sel", selection && selection.kind === "node" ? selection.id : null);
    details.show(selection);
    if (selection && selection.kind === "node") summary.showFor(selection.id);
    else if (!selection) summary.showFor(null); // the summary belongs to the selection: closed with it
  }

  /** A group node (neighbours an answer sums up) draws its next page of them instead of opening:
   * it counts down, and goes once every one is drawn. */
  async function drawGroup(node) {
    const group = node.data("group");
    const before = view.cy.nodes().length;
    const kind = { relationship: group.relationship, type: group.type };
    await expand(group.entity, { group: kind });
    const left = { ...group, count: group.count - (view.cy.nodes().length - before) };
    if (left.count <= 0 || !view.groupCursor(group.entity, kind)) view.remove(node.id());
    else node.data({ group: left, ...groupCaptions(left, ontology) });
  }

  view.addEventListener("select", (event) => {
    const selection = event.detail;
    const tapped = selection && selection.kind === "node" ? view.node(selection.id) : null;
    if (tapped && tapped.data("group")) {
      drawGroup(tapped).catch(reportError);
      return;
    }
    select(selection);
    // a click on a node also draws its neighbours (once; the summary offers more)
    if (selection && selection.tapped) expand(selection.id);
  });
  let urlTimer = null;
  view.addEventListener("change", () => {
    hint.hidden = !view.isEmpty;
    // the URL in a task of its own, once for a burst of changes: replacing a URL of hundreds of ids
    // costs the main thread tens of ms; a group node is no entity (its question redraws it)
    clearTimeout(urlTimer);
    urlTimer = setTimeout(() => {
      const entities = view.nodes().filter((n) => !n.group);
      setUrlParam("n", entities.slice(0, MAX_URL_NODES).map((n) => n.id));
    }, URL_DELAY_MS);
  });

  new Suggest(byId("search"), {
    language,
    ontology,
    onError: reportError,
    onPick: (node) => {
      view.add([node], []);
      select({ kind: "node", id: node.id }, { center: true });
    },
  });

  byId("fit-button").addEventListener("click", () => view.fit());
  byId("layout-button").addEventListener("click", () => view.layout());
  byId("clear-button").addEventListener("click", () => {
    view.clear();
    select(null);
  });
  byId("png-button").addEventListener("click", async () => download(await view.png(), "jxkg-view.png"));
  byId("json-button").addEventListener("click", () =>
    download(new Blob([JSON.stringify(view.json(), null, 2)], { type: "application/json" }), "jxkg-view.json"),
  );
  byId("link-button").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      say(() => language.t("linkCopied"));
    } catch {
      say(() => location.href); // no clipboard (an insecure origin, a headless browser): show it instead
    }
  });

  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, textarea, select, [contenteditable]");
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const selected = view.cy.nodes(":selected").first();
    if (event.key === "/") {
      event.preventDefault();
      byId("search").focus();
    } else if (event.key === "Escape") {
      view.unfocus();
      select(null);
    } else if (selected.nonempty() && (event.key === "e" || event.key === "E")) {
      expand(selected.id());
    } else if (selected.nonempty() && (event.key === "f" || event.key === "F")) {
      view.focus(selected.id());
    } else if (selected.nonempty() && (event.key === "Delete" || event.key === "Backspace")) {
      view.remove(selected.id());
      select(null);
    }
  });

  const start = new StartScreen({
    view,
    language,
    onError: reportError,
    onDraw: (nodes, edges, selectedId) => {
      view.add(nodes, edges);
      if (selectedId) select({ kind: "node", id: selectedId }, { center: true });
    },
  });
  await restore(view, select, reportError, ontology);
  hint.hidden = !view.isEmpty;
  await start.load();
  // the boxes wait for the page's wiring: a word typed earlier would find no listener
  for (const id of ["search", "path-from", "path-to"]) byId(id).disabled = false;
  document.body.dataset.ready = "true";
}

/** Reopen the view a link describes: a question's answer (?q=<name>&p.<parameter>=<JSON value>, as
 * the query page links it), its nodes and the relationships among them, its selection. */
async function restore(view, select, reportError, ontology) {
  const params = new URLSearchParams(location.search);
  const ids = params.getAll("n");
  const question = params.get("q");
  if (!ids.length && !question) return;
  try {
    if (question) {
      const given = {};
      for (const [key, value] of params) if (key.startsWith(PARAM_PREFIX)) given[key.slice(PARAM_PREFIX.length)] = JSON.parse(value);
      const answer = await postJson(`/queries/${encodeURIComponent(question)}/run`, { params: given, graph: true });
      const nodes = answer.graph.nodes.map((n) => (n.group ? { ...n, ...groupCaptions(n.group, ontology) } : n));
      view.add(nodes, answer.graph.edges);
    }
    const graph = ids.length ? await postJson("/subgraph", { ids: ids.slice(0, MAX_URL_NODES) }) : { nodes: [], edges: [] };
    view.add(graph.nodes, graph.edges);
    const selected = params.get("sel");
    if (selected && view.node(selected)) select({ kind: "node", id: selected });
  } catch (error) {
    reportError(error);
  }
}

main().catch((error) => announce(`${error.message}`, "error"));
