// The explorer's graph view: a Cytoscape instance and what was expanded, with the operations the
// panels call (add an answer of the API, expand, focus, filter, export). It owns no DOM besides
// the canvas; the panels listen to its "change" and "select" events.
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { getJson } from "../common/api.js";
import { EDGE_LABEL_LIMIT, element, stylesheet } from "../common/graphstyle.js";
import { WholeLayout } from "../common/layout.js";
import { positionBox, ringAround, ringPoints, settle } from "./placement.js";

cytoscape.use(fcose);

export const PAGE_SIZE = 50; // neighbours drawn per expansion: more are summarised, not drawn
const REVEAL_PER_FRAME = 5; // nodes drawn for the first time in one frame (see reveal)

export class GraphView extends EventTarget {
  constructor(container, ontology, language, { layoutWorker = null } = {}) {
    super();
    this.whole = new WholeLayout(layoutWorker, language);
    this.ontology = ontology;
    this.language = language;
    // per expanded node: what the API said about its neighbourhood (total, next page, groups)
    this.neighbourhoods = new Map();
    this.hiddenTypes = new Set();
    this.hiddenRelationships = new Set();
    this.pendingChange = null; // the "change" event waiting for its task (changed())
    this.cy = cytoscape({
      container,
      style: stylesheet(ontology, language),
      minZoom: 0.1,
      maxZoom: 4,
      boxSelectionEnabled: false,
    });
    this.cy.on("tap", "node", (event) => this.emit("select", { kind: "node", id: event.target.id(), tapped: true }));
    this.cy.on("tap", "edge", (event) => this.emit("select", { kind: "edge", id: event.target.id() }));
    this.cy.on("dbltap", "node", (event) => this.focus(event.target.id()));
    this.cy.on("tap", (event) => {
      if (event.target === this.cy) {
        this.unfocus();
        this.emit("select", null);
      }
    });
    // the canvas narrows when the summary docks beside it (widens when it closes): Cytoscape must
    // know its new size, and the drawing is fitted to it again rather than left cut at the edge
    new ResizeObserver(() => {
      this.cy.resize();
      this.fit();
    }).observe(container);
    this.cy.on("mouseover", "edge", (event) => event.target.addClass("hover"));
    this.cy.on("mouseout", "edge", (event) => event.target.removeClass("hover"));
    this.cy.on("select", "node", (event) => event.target.connectedEdges().addClass("near"));
    this.cy.on("unselect", "node", (event) => event.target.connectedEdges().removeClass("near"));
    language.onChange(() => this.cy.style(stylesheet(ontology, language)));
  }

  /** Edge labels always when few, on demand when many (see graphstyle.js, edge.quiet). */
  quietLabels() {
    const edges = this.cy.edges();
    if (edges.not(".hidden").length > EDGE_LABEL_LIMIT) edges.addClass("quiet");
    else edges.removeClass("quiet");
  }

  emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }

  /** Tell the panels (sidebar, summary, URL) that the view changed, once for a burst of changes and
   * in a task of its own: the canvas's work and the panels' are then two short tasks, not one long.
   * Resolves once the panels have been told. */
  changed() {
    if (!this.pendingChange) {
      this.pendingChange = new Promise((resolve) => {
        setTimeout(() => {
          this.pendingChange = null;
          this.emit("change");
          resolve();
        }, 0);
      });
    }
    return this.pendingChange;
  }

  get isEmpty() {
    return this.cy.elements().empty();
  }

  node(id) {
    const found = this.cy.getElementById(id);
    return found.nonempty() ? found : null;
  }

  /** Add nodes and edges from an API answer (a Subgraph, a path); returns the ids of new nodes.
   * Only the new nodes are placed (around `near` when given): the drawn ones keep their places. */
  add(nodes, edges, { near } = {}) {
    const wasEmpty = this.isEmpty;
    const fresh = [];
    const freshEdges = [];
    // a large addition is drawn a few nodes a frame (reveal): its nodes start undrawn
    const waiting = new Set(nodes.map((node) => node.id)).size > REVEAL_PER_FRAME;
    this.cy.batch(() => {
      for (const node of nodes) {
        if (this.node(node.id)) continue;
        this.cy.add({ ...element(node, false), classes: waiting ? "pending" : "" });
        fresh.push(node.id);
      }
      for (const edge of edges) {
        if (this.cy.getElementById(edge.id).nonempty()) continue;
        if (!this.node(edge.source) || !this.node(edge.target)) continue;
        freshEdges.push(this.cy.add(element(edge, true)));
      }
    });
    const added = this.cy.collection(fresh.map((id) => this.node(id)));
    this.applyFilters(added.union(this.cy.collection(freshEdges)));
    if (fresh.length && wasEmpty) this.firstDrawing(added);
    else if (fresh.length) this.place(added, near);
    if (waiting) this.reveal(added);
    this.changed();
    return fresh;
  }

  /** The first nodes of a view: on a ring at once (not piled on one point), then laid out. */
  firstDrawing(added) {
    ringPoints({ x: 0, y: 0 }, added.length).forEach((point, index) => added[index].position(point));
    this.fit();
    this.layout();
  }

  /** Draw `nodes` (just added) a few a frame: the first drawing of a node (its style, its caption's
   * texture) is what costs, and fifty at once held the main thread past 100 ms. */
  reveal(nodes) {
    const queue = nodes.toArray();
    const step = () => {
      this.cy.collection(queue.splice(0, REVEAL_PER_FRAME)).removeClass("pending");
      if (queue.length) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  /** New neighbours of `near` on rings around it, any other new node settled among the drawn ones. */
  place(added, near) {
    const anchor = near ? this.node(near) : null;
    this.cy.batch(() => {
      let rest = added;
      if (anchor) {
        // the nodes of a class side by side on the ring
        const ring = added.filter((node) => node.edgesWith(anchor).nonempty()).sort((a, b) => (a.data("type") < b.data("type") ? -1 : 1));
        const points = ringAround(anchor, new Set(ring.map((node) => node.id())));
        ring.forEach((node, index) => node.position(points[index]));
        rest = added.difference(ring);
      }
      if (rest.nonempty()) for (const [id, point] of settle(this.cy, rest.toArray())) this.node(id).position(point);
    });
    this.keepInSight(added);
  }

  /** Zoom out to the whole drawing when something new lies outside the canvas. */
  keepInSight(added) {
    const view = this.cy.extent();
    const box = positionBox(added);
    if (box.x1 >= view.x1 && box.x2 <= view.x2 && box.y1 >= view.y1 && box.y2 <= view.y2) return;
    this.fit();
  }

  /** The visible drawing fitted to the canvas. From the nodes' positions and a caption's margin, not
   * Cytoscape's fit, whose bounding box measures every caption (a long task with hundreds in view). */
  fit() {
    const box = positionBox(this.cy.nodes().not(".hidden"));
    if (!Number.isFinite(box.x1)) return;
    const padding = 40;
    const [width, height] = [this.cy.width(), this.cy.height()];
    const fits = Math.min((width - 2 * padding) / (box.x2 - box.x1), (height - 2 * padding) / (box.y2 - box.y1));
    // at most 1.5: a node or two would fill the canvas
    const zoom = Math.max(this.cy.minZoom(), Math.min(1.5, fits));
    const pan = { x: width / 2 - (zoom * (box.x1 + box.x2)) / 2, y: height / 2 - (zoom * (box.y1 + box.y2)) / 2 };
    this.cy.viewport({ zoom, pan });
  }

  /** The whole view laid out again (fcose, in a worker: layout.js), then fitted: on the first
   * drawing and from the layout button. Resolves when done. */
  async layout() {
    const visible = this.cy.elements().not(".hidden");
    if (visible.nodes().length >= 2 && !(await this.whole.run(this.cy, visible))) return; // overtaken
    this.fit();
  }

  /** The cursor of a node's next page of one group ({relationship, type}); null when none is left
   * or none was drawn yet. */
  groupCursor(id, group) {
    const known = this.neighbourhoods.get(id);
    return (known && known.groupCursors && known.groupCursors[groupKey(group)]) || null;
  }

  /** Draw a node's neighbours, a page at a time; `group` narrows to one relationship and class. */
  async expand(id, { group = null, more = false } = {}) {
    const known = this.neighbourhoods.get(id);
    if (known && !more && !group) return known;
    const params = { limit: PAGE_SIZE };
    if (group) {
      params.rel = group.relationship;
      params.label = group.type;
      params.cursor = this.groupCursor(id, group);
    } else if (more && known) {
      params.cursor = known.nextCursor;
      if (!params.cursor) return known;
    }
    const answer = await getJson(`/entities/${encodeURIComponent(id)}/neighbors`, params);
    const state = known || { total: 0, nextCursor: null, summary: [], groupCursors: {}, drawn: 0 };
    if (group) {
      state.groupCursors[groupKey(group)] = answer.nextCursor;
    } else {
      state.total = answer.total ?? answer.nodes.length - 1;
      state.nextCursor = answer.nextCursor;
      if (answer.summary && answer.summary.length) state.summary = answer.summary;
    }
    this.neighbourhoods.set(id, state);
    this.add(answer.nodes, answer.edges, { near: id });
    const node = this.node(id);
    if (node) node.data("expanded", true);
    state.drawn = node ? node.neighborhood("node").length : 0;
    await this.changed(); // the panels show the page before the caller says it is drawn
    return state;
  }

  focus(id) {
    const node = this.node(id);
    if (!node) return;
    const near = node.closedNeighborhood();
    this.cy.elements().addClass("faded");
    near.removeClass("faded");
    this.cy.animate({ fit: { eles: near, padding: 60 }, duration: 250 });
    node.select();
  }

  unfocus() {
    this.cy.elements().removeClass("faded");
  }

  remove(id) {
    const node = this.node(id);
    if (!node) return;
    this.cy.remove(node);
    this.neighbourhoods.delete(id);
    this.quietLabels();
    this.changed();
  }

  clear() {
    this.cy.elements().remove();
    this.neighbourhoods.clear();
    this.changed();
  }

  markPath(paths) {
    this.cy.elements(".on-path").removeClass("on-path");
    for (const path of paths) {
      for (const item of [...path.nodes, ...path.edges]) this.cy.getElementById(item.id).addClass("on-path");
    }
  }

  setHidden(kind, name, hidden) {
    const set = kind === "type" ? this.hiddenTypes : this.hiddenRelationships;
    if (hidden) set.add(name);
    else set.delete(name);
    this.applyFilters();
    this.changed();
  }

  /** The filters applied to `elements` (all by default; an addition passes its own). */
  applyFilters(elements = this.cy.elements()) {
    this.cy.batch(() => {
      elements.removeClass("hidden");
      elements.nodes().filter((n) => this.hiddenTypes.has(n.data("type"))).addClass("hidden");
      elements.edges().filter((e) => this.hiddenRelationships.has(e.data("type"))).addClass("hidden");
    });
    this.quietLabels();
  }

  /** What is in the view, as the API gave it (for the sidebar, the URL and the JSON export). */
  nodes() {
    return this.cy.nodes().map((n) => n.data());
  }

  edges() {
    return this.cy.edges().map((e) => e.data());
  }

  png() {
    return this.cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" });
  }

  json() {
    const strip = ({ kind, synthetic, expanded, ...rest }) => rest;
    return {
      exportedFrom: location.href,
      exportedAt: new Date().toISOString(),
      nodes: this.nodes().map(strip),
      edges: this.edges().map(strip),
    };
  }
}

/** A group of neighbours ({relationship, type}) as the key its cursor is kept under. */
function groupKey(group) {
  return `${group.relationship}|${group.type}`;
}
