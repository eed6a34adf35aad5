// Where the nodes of an addition go, computed here in a few milliseconds instead of a layout of the
// whole view: the nodes already drawn keep their places. A node's new neighbours go on rings around
// it (outside the rings of its earlier pages, turned away from the rest of the graph); any other new
// node (a path's steps) starts beside its placed neighbours and settles by a short relaxation in
// which only the new nodes move. A whole relayout stays the layout button's (GraphView.layout).

export const SPACING = 80; // px between two neighbours on a ring: a node and most of a caption
export const FIRST_RING = 140;
const RING_GAP = 90;
const RELAX_ROUNDS = 60;
const EDGE_LENGTH = 110; // the relaxation's rest length of a relationship, fcose's idealEdgeLength
const NEAR = 70; // closer than this, two nodes push each other apart
const CAPTION_HALF_WIDTH = 75; // half the widest caption graphstyle.js's caption() leaves (150 px)
const NODE_HALF = 15;
const CAPTION_HEIGHT = 20; // one line of 11 px under the node, and its margin

/** `count` points on rings around `origin`, from radius `inner` outwards, spread over the whole
 * circle or over `sector` radians centred on the angle `facing`. */
export function ringPoints(origin, count, { inner = FIRST_RING, facing = 0, sector = 2 * Math.PI } = {}) {
  const points = [];
  const whole = sector >= 2 * Math.PI - 1e-9;
  for (let radius = inner, ring = 0; points.length < count; radius += RING_GAP, ring += 1) {
    const capacity = Math.max(1, Math.floor((sector * radius) / SPACING));
    const n = Math.min(capacity, count - points.length);
    for (let i = 0; i < n; i += 1) {
      // a whole ring starts half a step further than the one inside it, so captions do not line up
      const angle = whole ? facing + (2 * Math.PI * (i + (ring % 2) / 2)) / n : facing - sector / 2 + (sector * (i + 0.5)) / n;
      points.push({ x: origin.x + radius * Math.cos(angle), y: origin.y + radius * Math.sin(angle) });
    }
  }
  return points;
}

/** The rings for new neighbours of `anchor` (a Cytoscape node) given the ids of the new ones: past
 * the leaves it already has (its earlier pages), turned away from its other neighbours. */
export function ringAround(anchor, freshIds) {
  const origin = anchor.position();
  let outer = 0;
  let pull = { x: 0, y: 0, n: 0 };
  anchor.neighborhood("node").forEach((other) => {
    if (freshIds.has(other.id())) return;
    const p = other.position();
    const distance = Math.hypot(p.x - origin.x, p.y - origin.y);
    if (other.degree(false) <= 1) outer = Math.max(outer, distance); // a leaf of an earlier page
    else pull = { x: pull.x + p.x, y: pull.y + p.y, n: pull.n + 1 };
  });
  const inner = outer ? outer + RING_GAP : FIRST_RING;
  if (!pull.n) return ringPoints(origin, freshIds.size, { inner });
  const facing = Math.atan2(origin.y - pull.y / pull.n, origin.x - pull.x / pull.n);
  return ringPoints(origin, freshIds.size, { inner, facing, sector: (4 * Math.PI) / 3 });
}

/** Positions for `nodes` (new Cytoscape nodes not on an anchor's ring), the rest of `cy` fixed: each
 * starts at the middle of its placed neighbours (or beside the drawing when it has none), then a
 * short relaxation (springs along relationships, pushes between close nodes) moves the new ones only.
 * Cost: rounds × new nodes × (their edges + the nodes near them), a few ms for a batch of paths. */
export function settle(cy, nodes) {
  const freshIds = new Set(nodes.map((node) => node.id()));
  const moving = new Map(nodes.map((node, index) => [node.id(), start(cy, node, index, freshIds)]));
  const fixed = cy
    .nodes()
    .filter((node) => !moving.has(node.id()))
    .map((node) => node.position());
  const at = (node) => moving.get(node.id()) || node.position();
  for (let round = 0; round < RELAX_ROUNDS; round += 1) {
    const step = 0.5 * (1 - round / RELAX_ROUNDS); // cooling: big moves first, then settle
    for (const node of nodes) {
      const here = moving.get(node.id());
      const force = { x: 0, y: 0 };
      node.neighborhood("node").forEach((other) => spring(force, here, at(other)));
      for (const other of moving.values()) if (other !== here) push(force, here, other);
      for (const other of fixed) push(force, here, other);
      here.x += step * force.x;
      here.y += step * force.y;
    }
  }
  return moving;
}

/** The box around `nodes`' centres widened by a node and its caption (Cytoscape's boundingBox
 * measures every caption: too slow to call on hundreds of nodes at each click). Infinite when empty. */
export function positionBox(nodes) {
  const box = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  nodes.forEach((node) => {
    const { x, y } = node.position();
    box.x1 = Math.min(box.x1, x - CAPTION_HALF_WIDTH);
    box.x2 = Math.max(box.x2, x + CAPTION_HALF_WIDTH);
    box.y1 = Math.min(box.y1, y - NODE_HALF);
    box.y2 = Math.max(box.y2, y + NODE_HALF + CAPTION_HEIGHT);
  });
  return box;
}

function start(cy, node, index, freshIds) {
  const placed = node.neighborhood("node").filter((other) => !freshIds.has(other.id()));
  if (placed.nonempty()) {
    const sum = placed.reduce((acc, other) => ({ x: acc.x + other.position().x, y: acc.y + other.position().y }), { x: 0, y: 0 });
    const jitter = ((index % 7) - 3) * 15; // apart from the start, or pushes cannot separate them
    return { x: sum.x / placed.length + jitter, y: sum.y / placed.length - jitter };
  }
  const box = positionBox(cy.nodes().filter((other) => !freshIds.has(other.id())));
  const right = Number.isFinite(box.x2) ? box.x2 + EDGE_LENGTH : 0;
  const top = Number.isFinite(box.y1) ? box.y1 : 0;
  return { x: right + (index % 5) * SPACING, y: top + Math.floor(index / 5) * SPACING };
}

function spring(force, here, there) {
  const dx = there.x - here.x;
  const dy = there.y - here.y;
  const distance = Math.hypot(dx, dy) || 1;
  const stretch = (distance - EDGE_LENGTH) / distance / 2;
  force.x += dx * stretch;
  force.y += dy * stretch;
}

function push(force, here, there) {
  const dx = here.x - there.x;
  const dy = here.y - there.y;
  if (Math.abs(dx) > NEAR || Math.abs(dy) > NEAR) return;
  const distance = Math.hypot(dx, dy);
  if (distance >= NEAR) return;
  const away = distance || 1;
  const strength = (NEAR - distance) / away;
  force.x += (distance ? dx : 1) * strength;
  force.y += (distance ? dy : 0) * strength;
}
