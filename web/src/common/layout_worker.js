// The whole view's layout (fcose) off the page's main thread: the page sends each node's id, place and
// size and the relationships, and gets the new places back. Bundled on its own by web/build.mjs
// (explorer-layout.<hash>.js); explorer.html names it, GraphView.layout starts it.
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";

cytoscape.use(fcose);

self.onmessage = ({ data }) => {
  const { ticket, nodes, edges, options } = data;
  const cy = cytoscape({
    headless: true,
    style: [{ selector: "node", style: { width: "data(width)", height: "data(height)" } }],
    elements: [
      ...nodes.map(({ id, x, y, width, height }) => ({ group: "nodes", data: { id, width, height }, position: { x, y } })),
      ...edges.map(({ id, source, target }) => ({ group: "edges", data: { id, source, target } })),
    ],
  });
  cy.layout({ ...options, name: "fcose", animate: false, fit: false }).run();
  self.postMessage({ ticket, positions: cy.nodes().map((node) => [node.id(), node.position()]) });
};
