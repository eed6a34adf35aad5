// The whole view laid out again (fcose) in a Web Worker (layout_worker.js): at hundreds of nodes the
// layout takes the main thread for half a second, which the page must not freeze for. Where no worker
// starts (no URL given, or it failed), it runs on the page as before.
import { caption } from "./graphstyle.js";

const OPTIONS = { quality: "default", idealEdgeLength: 110, nodeRepulsion: 9000 };
// headless, fcose does not read the places it is given (with randomize off every node ended on the
// line x = y, Cytoscape 3.35, fcose 2.2): in the worker it starts from its own spectral layout
const IN_WORKER = { ...OPTIONS, randomize: true };
const NODE = 30; // graphstyle.js's node size
const CAPTION_CHAR = 11; // a caption's character at 11 px (a CJK one; Latin ones are narrower)
const CAPTION_MAX = 150; // the widest caption graphstyle.js's caption() leaves
const CAPTION_HEIGHT = 16;

export class WholeLayout {
  constructor(workerUrl, language) {
    this.workerUrl = workerUrl;
    this.language = language;
    this.worker = null;
    this.ticket = 0; // the latest request: an older answer arriving later is dropped
    this.answers = new Map(); // ticket -> the promise's resolve
  }

  /** Lay out `elements` of `cy`; resolves true once their new places are set, false when a later
   * call overtook this one. */
  async run(cy, elements) {
    const ticket = ++this.ticket;
    const worker = this.start();
    if (!worker) {
      const options = { ...OPTIONS, randomize: false, nodeDimensionsIncludeLabels: true, animate: false, fit: false };
      elements.layout({ ...options, name: "fcose" }).run();
      return true;
    }
    const answer = new Promise((resolve) => this.answers.set(ticket, resolve));
    const nodes = elements.nodes();
    worker.postMessage({ ticket, nodes: nodes.map((node) => this.sized(node)), edges: edgeEnds(elements), options: IN_WORKER });
    const { positions } = await answer;
    if (ticket !== this.ticket) return false;
    if (!positions) return this.run(cy, elements); // the worker failed: laid out here instead
    cy.batch(() => {
      for (const [id, position] of positions) cy.getElementById(id).position(position);
    });
    return true;
  }

  /** A node as the worker needs it: its place, and its size with its caption (measured by its length:
   * Cytoscape's measure of every caption is what the worker is there to spare the page). */
  sized(node) {
    const text = caption(this.language.pick(node.data()));
    const width = Math.max(NODE, Math.min(CAPTION_MAX, text.length * CAPTION_CHAR));
    return { id: node.id(), ...node.position(), width, height: NODE + CAPTION_HEIGHT };
  }

  start() {
    if (this.worker || !this.workerUrl) return this.worker;
    try {
      this.worker = new Worker(this.workerUrl, { type: "module" });
    } catch {
      this.workerUrl = null; // not allowed here: the page does the layout itself
      return null;
    }
    this.worker.onmessage = ({ data }) => {
      const resolve = this.answers.get(data.ticket);
      this.answers.delete(data.ticket);
      if (resolve) resolve(data);
    };
    this.worker.onerror = (event) => {
      event.preventDefault(); // said here, once: the page lays out on its own from now on
      console.warn(`layout worker: ${event.message}`);
      this.worker.terminate();
      this.worker = null;
      this.workerUrl = null;
      for (const resolve of this.answers.values()) resolve({ positions: null });
      this.answers.clear();
    };
    return this.worker;
  }
}

/** The relationships of `elements` between two of its nodes (a visible relationship may end at a
 * node a filter hides: the worker's graph would refuse it). */
function edgeEnds(elements) {
  const ids = new Set(elements.nodes().map((node) => node.id()));
  return elements
    .edges()
    .filter((edge) => ids.has(edge.source().id()) && ids.has(edge.target().id()))
    .map((edge) => ({ id: edge.id(), source: edge.source().id(), target: edge.target().id() }));
}
