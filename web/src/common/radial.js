// A radial tree layout for an answer's graph: the rows' first entities (the headline's science cities)
// on the inner ring, what hangs from them (chains, then narrower chains, supporters, group nodes,
// places) on rings further out, each subtree in a sector as wide as its leaves. One breadth-first
// walk and one pass over the tree: linear in the graph's size, where a force-directed layout of the
// headline's ~650 nodes blocked the page for about a second (issue 30).

const RING = 180; // px between rings
const MIN_GAP = 26; // px between neighbours on the outermost ring, at least

/**
 * Positions for every node (ids, `nodeIds`) of the graph `edges` ({source, target}) join, keyed by id:
 * `roots` (ids) on the inner ring; a node no root reaches starts a tree of its own, beside the rest.
 * Plain data in, plain data out: the positions are known before anything is drawn.
 */
export function radialPositions(nodeIds, edges, roots) {
  const adjacent = new Map(nodeIds.map((id) => [id, []]));
  for (const edge of edges) {
    if (!adjacent.has(edge.source) || !adjacent.has(edge.target)) continue;
    adjacent.get(edge.source).push(edge.target);
    adjacent.get(edge.target).push(edge.source);
  }
  for (const list of adjacent.values()) list.sort();
  const children = new Map();
  const depth = new Map();
  const order = [];
  const walk = (starts) => {
    const queue = [];
    for (const id of starts) {
      if (depth.has(id)) continue;
      depth.set(id, 0);
      children.set(id, []);
      order.push(id);
      queue.push(id);
    }
    for (let head = 0; head < queue.length; head += 1) {
      const id = queue[head];
      for (const next of adjacent.get(id)) {
        if (depth.has(next)) continue;
        depth.set(next, depth.get(id) + 1);
        children.set(next, []);
        children.get(id).push(next);
        order.push(next);
        queue.push(next);
      }
    }
  };
  const tops = [...new Set(roots)].filter((id) => adjacent.has(id));
  walk(tops);
  for (const id of nodeIds) {
    if (!depth.has(id)) {
      tops.push(id);
      walk([id]);
    }
  }
  // leaves under each node, deepest first, so every sector is as wide as what it holds
  const leaves = new Map();
  for (let i = order.length - 1; i >= 0; i -= 1) {
    const id = order[i];
    const kids = children.get(id);
    leaves.set(id, kids.length ? kids.reduce((sum, kid) => sum + leaves.get(kid), 0) : 1);
  }
  const total = tops.reduce((sum, id) => sum + leaves.get(id), 0) || 1;
  const deepest = Math.max(1, ...depth.values());
  // the outermost ring wide enough for its leaves
  const ring = Math.max(RING, (total * MIN_GAP) / (2 * Math.PI * (deepest + 1)));
  const positions = {};
  const inner = tops.length > 1 ? 1 : 0; // one root sits at the centre; several on the first ring
  const place = (id, from, to) => {
    const angle = (from + to) / 2;
    const radius = ring * (depth.get(id) + inner);
    positions[id] = { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
    let at = from;
    for (const kid of children.get(id)) {
      const width = ((to - from) * leaves.get(kid)) / leaves.get(id);
      place(kid, at, at + width);
      at += width;
    }
  };
  let at = 0;
  for (const id of tops) {
    const width = (2 * Math.PI * leaves.get(id)) / total;
    place(id, at, at + width);
    at += width;
  }
  return positions;
}
