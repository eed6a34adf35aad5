// The explorer's graph view: a Cytoscape instance and what was expanded, with the operations the
// panels call (add an answer of the API, expand, focus, filter, export). It owns no DOM besides
// the canvas; the panels listen to its "change" and "select" events.
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { getJson } from "../common/api.js";
import { element, stylesheet } from "../common/graphstyle.js";

cytoscape.use(fcose);

export const PAGE_SIZE = 50; // neighbours drawn per expansion: more are summarised, not drawn
// beyond this many relationships in view their labels would cover the picture: shown on demand
export const EDGE_LABEL_LIMIT = 40;

export class GraphView extends EventTarget {
  constructor(container, ontology, language) {
    super();
    this.ontology = ontology;
    this.language = language;
    // per expanded node: what the API said about its neighbourhood (total, next page, groups)
    this.neighbourhoods = new Map();
    this.hiddenTypes = new Set();
    this.hiddenRelationships = new Set();
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
    // the canvas narrows when the summary docks beside it: Cytoscape must know its new size
    new ResizeObserver(() => this.cy.resize()).observe(container);
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

  get isEmpty() {
    return this.cy.elements().empty();
  }

  node(id) {
    const found = this.cy.getElementById(id);
    return found.nonempty() ? found : null;
  }

  /** Add nodes and edges from an API answer (a Subgraph, a path); returns the ids of new nodes. */
  add(nodes, edges, { near } = {}) {
    const fresh = [];
    this.cy.batch(() => {
      const anchor = near ? this.node(near) : null;
      const origin = anchor ? anchor.position() : { x: 0, y: 0 };
      nodes.forEach((node, index) => {
        if (this.node(node.id)) return;
        const el = element(node, false);
        // new neighbours start on a ring around the node they came from, so the layout settles fast
        const angle = (2 * Math.PI * index) / Math.max(nodes.length, 1);
        el.position = { x: origin.x + 120 * Math.cos(angle), y: origin.y + 120 * Math.sin(angle) };
        this.cy.add(el);
        fresh.push(node.id);
      });
      for (const edge of edges) {
        if (this.cy.getElementById(edge.id).nonempty()) continue;
        if (!this.node(edge.source) || !this.node(edge.target)) continue;
        this.cy.add(element(edge, true));
      }
    });
    this.applyFilters();
    if (fresh.length) this.layout();
    this.emit("change", { fresh });
    return fresh;
  }

  layout() {
    const visible = this.cy.elements().not(".hidden");
    if (visible.nodes().length < 2) {
      this.cy.fit(visible, 80);
      this.cy.zoom(Math.min(this.cy.zoom(), 1.5));
      return;
    }
    visible
      .layout({
        name: "fcose",
        quality: "default",
        randomize: false,
        animate: false,
        nodeDimensionsIncludeLabels: true,
        idealEdgeLength: 110,
        nodeRepulsion: 9000,
        fit: true,
        padding: 40,
      })
      .run();
  }

  /** Draw a node's neighbours, a page at a time; `group` narrows to one relationship and class. */
  async expand(id, { group = null, more = false } = {}) {
    const known = this.neighbourhoods.get(id);
    if (known && !more && !group) return known;
    const params = { limit: PAGE_SIZE };
    if (group) {
      params.rel = group.relationship;
      params.label = group.type;
      const key = `${group.relationship}|${group.type}`;
      params.cursor = known && known.groupCursors ? known.groupCursors[key] : undefined;
    } else if (more && known) {
      params.cursor = known.nextCursor;
      if (!params.cursor) return known;
    }
    const answer = await getJson(`/entities/${encodeURIComponent(id)}/neighbors`, params);
    const state = known || { total: 0, nextCursor: null, summary: [], groupCursors: {}, drawn: 0 };
    if (group) {
      state.groupCursors[`${group.relationship}|${group.type}`] = answer.nextCursor;
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
    this.emit("change", { fresh: [] });
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
    this.emit("change", { fresh: [] });
  }

  clear() {
    this.cy.elements().remove();
    this.neighbourhoods.clear();
    this.emit("change", { fresh: [] });
  }

  markPath(paths) {
    this.cy.elements().removeClass("on-path");
    for (const path of paths) {
      for (const item of [...path.nodes, ...path.edges]) this.cy.getElementById(item.id).addClass("on-path");
    }
  }

  setHidden(kind, name, hidden) {
    const set = kind === "type" ? this.hiddenTypes : this.hiddenRelationships;
    if (hidden) set.add(name);
    else set.delete(name);
    this.applyFilters();
    this.emit("change", { fresh: [] });
  }

  applyFilters() {
    this.cy.batch(() => {
      this.cy.elements().removeClass("hidden");
      this.cy.nodes().filter((n) => this.hiddenTypes.has(n.data("type"))).addClass("hidden");
      this.cy.edges().filter((e) => this.hiddenRelationships.has(e.data("type"))).addClass("hidden");
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
