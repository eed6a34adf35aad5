// An answer drawn as a graph on the query page: placed before anything is drawn (a small answer by
// fcose in the layout worker, a large one as a radial tree from the rows' first entities), then added
// a slice a frame, so that the page never blocks on it (issue 30); group nodes (neighbours the answer
// only counts) draw their next page around themselves when clicked. And the explorer link an answer
// opens with.
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { announce } from "../common/dom.js";
import { EDGE_LABEL_LIMIT, element, stylesheet } from "../common/graphstyle.js";
import { GROUP_PAGE, groupCaptions, groupPage } from "../common/groups.js";
import { WholeLayout } from "../common/layout.js";
import { PARAM_PREFIX } from "../common/page.js";
import { radialPositions } from "../common/radial.js";

cytoscape.use(fcose);

// up to this many nodes a force-directed layout (in the layout worker); beyond, a radial tree from the
// rows' first entities (the headline's science cities), linear in its size
const FORCE_LAYOUT_NODES = 150;
const GRAPH_SLICE = 20; // nodes added per frame: styling and drawing them all at once held the page 100-500 ms
const EXPLORER_LINK_IDS = 300; // a Cypher answer opens in the explorer by the ids of its entities

// after the next frame is drawn: each slice is styled and drawn in a frame of its own
const afterNextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

export class AnswerGraph {
  constructor(container, { ontology, language, onError }) {
    this.ontology = ontology;
    this.language = language;
    this.answer = null; // the answer being drawn: a later one stops an earlier drawing
    this.groupCursors = new Map(); // group node id -> the cursor of its next page
    this.edgeClasses = ""; // the drawn answer's edge classes (straight, labels on demand), a group's edges' too
    // labels too small to read are not drawn (a whole answer fitted in the panel is mostly such), and a
    // large answer's edges are straight: a bezier's control points cost more than the picture gains
    const style = () => [
      ...stylesheet(ontology, language),
      { selector: "node, edge", style: { "min-zoomed-font-size": 7 } },
      { selector: "edge.plain", style: { "curve-style": "straight" } },
    ];
    this.cy = cytoscape({ container, style: style(), minZoom: 0.05 });
    this.layout = new WholeLayout(document.body.dataset.layoutWorker, language);
    language.onChange(() => this.cy.style(style()));
    this.cy.on("tap", "node[?group]", (event) => this.openGroup(event.target).catch(onError));
    this.cy.on("mouseover", "edge", (event) => event.target.addClass("hover"));
    this.cy.on("mouseout", "edge", (event) => event.target.removeClass("hover"));
  }

  /** Draw `answer`'s graph in place of what is drawn; resolves true once it is all in, false when it
   * has no graph or a later answer took its place. */
  async draw(answer) {
    this.answer = answer;
    this.cy.elements().remove();
    this.groupCursors.clear();
    if (!answer.graph || !answer.graph.nodes.length) return false;
    const { ontology } = this;
    const nodes = answer.graph.nodes.map((n) => element(n.group ? { ...n, ...groupCaptions(n.group, ontology) } : n, false));
    const large = nodes.length > FORCE_LAYOUT_NODES;
    // edge labels on demand when many (hovered, selected), as in the explorer: each costs a measure
    this.edgeClasses = [large ? "plain" : "", answer.graph.edges.length > EDGE_LABEL_LIMIT ? "quiet" : ""].join(" ").trim();
    const edges = answer.graph.edges.map((e) => ({ ...element(e, true), classes: this.edgeClasses }));
    this.cy.resize(); // the panel may have changed size since the graph was made
    const at = large ? radialPositions(nodes.map((n) => n.data.id), answer.graph.edges, roots(answer)) : await this.placed(nodes, edges);
    if (!at || answer !== this.answer) return false;
    this.fit(at);
    return this.addSliced(nodes.map((node) => ({ ...node, position: at[node.data.id] })), edges, answer);
  }

  /** Add `nodes` (placed) a slice a frame, each with the `edges` whose ends are then both drawn;
   * false once an answer other than `answer` took the canvas (it stops adding). */
  async addSliced(nodes, edges, answer) {
    const { cy } = this;
    let waiting = edges.filter((e) => cy.getElementById(e.data.id).empty()); // edges not drawn yet
    for (let from = 0; from < nodes.length; from += GRAPH_SLICE) {
      if (from) await afterNextFrame();
      if (answer !== this.answer) return false;
      const slice = nodes.slice(from, from + GRAPH_SLICE);
      const inSlice = new Set(slice.map((node) => node.data.id));
      const drawn = (id) => inSlice.has(id) || cy.getElementById(id).nonempty();
      const joined = [];
      const still = [];
      for (const e of waiting) (drawn(e.data.source) && drawn(e.data.target) ? joined : still).push(e);
      waiting = still;
      cy.add([...slice, ...joined]);
    }
    return answer === this.answer;
  }

  /** fcose's places for a small answer, from the layout worker, over a headless copy of it: the page
   * draws nothing until they are known (a style bypass to hide it meanwhile cost more than the drawing). */
  async placed(nodes, edges) {
    const scratch = cytoscape({ headless: true, styleEnabled: false, elements: [...nodes, ...edges] });
    try {
      if (!(await this.layout.run(scratch, scratch.elements()))) return null;
      return Object.fromEntries(scratch.nodes().map((node) => [node.id(), { ...node.position() }]));
    } finally {
      scratch.destroy();
    }
  }

  /** Zoom and pan so that `positions` fill the canvas, read from the positions, not the drawn labels
   * (Cytoscape's own fit measures every label first). */
  fit(positions, padding = 40) {
    const points = Object.values(positions);
    if (!points.length) return;
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const { cy } = this;
    const zoom = Math.min(
      (cy.width() - 2 * padding) / Math.max(right - left, 1),
      (cy.height() - 2 * padding) / Math.max(bottom - top, 1),
      1.5,
    );
    cy.viewport({
      zoom,
      pan: { x: cy.width() / 2 - zoom * ((left + right) / 2), y: cy.height() / 2 - zoom * ((top + bottom) / 2) },
    });
  }

  /** The next batch of a group's neighbours, placed on a ring around the group node (nothing else
   * moves) and added a slice a frame, as an answer is; the group node then counts down, and goes once
   * every one is drawn. */
  async openGroup(node) {
    const { cy, ontology, language, answer: drawnAnswer } = this;
    const group = node.data("group");
    const page = await groupPage(group, this.groupCursors.get(node.id()));
    if (drawnAnswer !== this.answer || node.removed()) return; // another answer took the canvas meanwhile
    const centre = node.position();
    const fresh = page.nodes.filter((n) => n.id !== group.entity && cy.getElementById(n.id).empty());
    const radius = 70 + 3 * Math.min(fresh.length, GROUP_PAGE);
    const placed = fresh.map((n, index) => {
      const angle = (2 * Math.PI * index) / Math.max(fresh.length, 1);
      return { ...element(n, false), position: { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) } };
    });
    if (!(await this.addSliced(placed, page.edges.map((edge) => ({ ...element(edge, true), classes: this.edgeClasses })), drawnAnswer))) return;
    const left = { ...group, count: group.count - fresh.length };
    if (!page.nextCursor || left.count <= 0) {
      cy.remove(node);
      this.groupCursors.delete(node.id());
    } else {
      node.data({ group: left, ...groupCaptions(left, ontology) });
      this.groupCursors.set(node.id(), page.nextCursor);
    }
    announce(language.t("groupDrawn", { n: language.number(fresh.length) }));
  }
}

/** The entities the rows name in their first id column: the radial tree's inner ring. */
function roots(answer) {
  const first = answer.columns.find((column) => column === "id" || column.endsWith("Id"));
  return first ? answer.rows.map((row) => row[first]).filter((id) => typeof id === "string") : [];
}

/** Where the explorer opens `answer`: a named question's by the question and the parameters it ran
 * with (the explorer runs it itself), a Cypher answer's by the ids of its entities. */
export function explorerLink(answer, language) {
  const target = new URL("/", location.origin);
  if (answer.name) {
    target.searchParams.set("q", answer.name);
    for (const [name, value] of Object.entries(answer.parameters || {})) {
      if (value !== null && value !== undefined) target.searchParams.set(PARAM_PREFIX + name, JSON.stringify(value));
    }
  } else {
    const entities = answer.graph.nodes.filter((node) => !node.group);
    for (const node of entities.slice(0, EXPLORER_LINK_IDS)) target.searchParams.append("n", node.id);
  }
  target.searchParams.set("lang", language.lang);
  return target.pathname + target.search;
}
