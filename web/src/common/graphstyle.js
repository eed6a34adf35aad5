// The Cytoscape stylesheet both pages draw with: colour and shape by the ontology family, captions
// in the page's language, and provenance drawn plainly — synthetic nodes with a dashed border and
// faded fill, inferred links dashed, curated links dotted, documented links solid.
// beyond this many relationships in view their labels would cover the picture: shown on demand
// (`edge.quiet` below: hovered, selected, next to the selected node, on a path)
export const EDGE_LABEL_LIMIT = 40;

export function stylesheet(ontology, language) {
  return [
    {
      selector: "node",
      style: {
        label: (node) => caption(language.pick(node.data())),
        "background-color": (node) => ontology.style(node.data("type")).color,
        shape: (node) => ontology.style(node.data("type")).shape,
        width: 30,
        height: 30,
        "font-size": 11,
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
        "text-background-padding": 1,
        color: "#1c2833",
        "border-width": 1,
        "border-color": "#ffffff",
      },
    },
    {
      selector: "node[?synthetic]",
      style: { "border-style": "dashed", "border-width": 3, "border-color": "#555", "background-opacity": 0.45 },
    },
    { selector: "node[?expanded]", style: { "border-width": 3, "border-color": "#1c2833" } },
    // a group node stands for neighbours not drawn (common/groups.js): larger, a double ring, its count
    {
      selector: "node[?group]",
      style: { width: 44, height: 44, "border-style": "double", "border-width": 5, "border-color": "#566573", "font-weight": "bold" },
    },
    {
      selector: "edge",
      style: {
        width: 1.5,
        "curve-style": "bezier",
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.8,
        "line-color": "#99a3a4",
        "target-arrow-color": "#99a3a4",
        // labels level (never turned along the line) on an opaque box the line passes behind
        label: (edge) => language.pick(edge.data()),
        "font-size": 11,
        color: "#34495e",
        "text-rotation": "none",
        "text-background-color": "#ffffff",
        "text-background-opacity": 1,
        "text-background-padding": 2,
        "text-background-shape": "round-rectangle",
        "text-border-color": "#d5d8dc",
        "text-border-width": 1,
        "text-border-opacity": 1,
      },
    },
    // many edges in view (EDGE_LABEL_LIMIT): labels only where the reader is looking —
    // the hovered edge, the selected one, the selected node's, a path's
    // (no label at all rather than an invisible one: each would still be measured at every change)
    {
      selector: "edge.quiet",
      style: { label: "", "text-opacity": 0, "text-background-opacity": 0, "text-border-opacity": 0 },
    },
    {
      selector: "edge.quiet.hover, edge.quiet:selected, edge.quiet.near, edge.quiet.on-path",
      style: {
        label: (edge) => language.pick(edge.data()),
        "text-opacity": 1,
        "text-background-opacity": 1,
        "text-border-opacity": 1,
        "z-index": 10,
      },
    },
    { selector: 'edge[kind = "inferred"]', style: { "line-style": "dashed" } },
    { selector: 'edge[kind = "curated"]', style: { "line-style": "dotted", width: 2 } },
    { selector: 'edge[kind = "synthetic"]', style: { "line-color": "#cacfd2", "target-arrow-color": "#cacfd2" } },
    // Passages are provenance: small, behind the subjects they quote
    { selector: 'node[type = "Passage"]', style: { width: 14, height: 14, "font-size": 9, color: "#717d7e" } },
    // selection is a halo behind the node (an underlay), never a tint over its fill: colour is its class
    {
      selector: "node:selected",
      style: { "underlay-color": "#f1c40f", "underlay-opacity": 0.7, "underlay-padding": 8, "underlay-shape": "ellipse" },
    },
    {
      selector: "edge:selected",
      style: { "underlay-color": "#f1c40f", "underlay-opacity": 0.6, "underlay-padding": 4 },
    },
    // a path's edges drawn thick; its nodes keep their size and get a ring (a width here would squash them)
    { selector: "edge.on-path", style: { "line-color": "#f39c12", "target-arrow-color": "#f39c12", width: 4 } },
    { selector: "node.on-path", style: { "border-color": "#f39c12", "border-width": 4 } },
    { selector: ".faded", style: { opacity: 0.15 } },
    { selector: ".hidden", style: { display: "none" } },
    // added but not drawn yet: the view draws a large addition a few nodes a frame (view.js, reveal)
    { selector: "node.pending", style: { display: "none" } },
  ];
}

// A node's caption is cut here, by its characters, rather than by Cytoscape's "text-wrap: ellipsis",
// which measures the text a character at a time for every node it draws or moves: with hundreds of
// nodes that measuring was the largest part of a click's work. 13 CJK characters are about 150 px at
// 11 px; a Latin character counts about half of one.
const CAPTION_WIDTH = 13;

/** `text` as a node's caption: whole when it fits, else cut with an ellipsis. */
export function caption(text) {
  let width = 0;
  const characters = [...(text || "")];
  for (let index = 0; index < characters.length; index += 1) {
    width += characters[index].codePointAt(0) >= 0x2e80 ? 1 : 0.55;
    if (width > CAPTION_WIDTH) return `${characters.slice(0, index).join("")}…`;
  }
  return text || "";
}

/** A GraphNode or GraphEdge of the API as a Cytoscape element (the API's fields kept in data). */
export function element(item, isEdge) {
  const provenance = item.provenance || {};
  const data = {
    ...item,
    kind: provenance.kind || "unknown",
    synthetic: Boolean(provenance.synthetic),
  };
  return isEdge ? { group: "edges", data } : { group: "nodes", data };
}
