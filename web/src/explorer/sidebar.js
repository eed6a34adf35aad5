// The sidebar: filters by entity type and relationship type (of what is in the view), the legend
// of colours and shapes, and the nodes in the view as a list a keyboard can reach.
import { byId, clear, h } from "../common/dom.js";
import { shapeIcon } from "./shapes.js";

export class Sidebar {
  constructor({ view, ontology, language, onPickNode }) {
    this.view = view;
    this.ontology = ontology;
    this.language = language;
    this.onPickNode = onPickNode;
    this.types = byId("filter-types");
    this.relationships = byId("filter-relationships");
    this.legend = byId("legend-types");
    this.list = byId("node-list");
    view.addEventListener("change", () => this.render());
    language.onChange(() => this.render());
  }

  render() {
    const nodes = this.view.nodes();
    const edges = this.view.edges();
    const typeCounts = countBy(nodes, (n) => n.type);
    const relCounts = countBy(edges, (e) => e.type);
    this.renderChecks(this.types, typeCounts, "type", (name) => this.ontology.typeLabel(name, this.language));
    this.renderChecks(this.relationships, relCounts, "relationship", (name) =>
      this.ontology.relationshipLabel(name, this.language),
    );
    clear(this.legend);
    for (const name of [...typeCounts.keys()].sort()) {
      const style = this.ontology.style(name);
      this.legend.append(
        h(
          "li",
          { dataset: { type: name, color: style.color, shape: style.shape } },
          shapeIcon(style.shape, style.color),
          h("span", {}, this.ontology.typeLabel(name, this.language)),
        ),
      );
    }
    clear(this.list);
    // one collator for the sort: localeCompare with a locale builds one per comparison
    const collator = new Intl.Collator("zh-CN");
    const sorted = [...nodes].sort((a, b) => collator.compare(this.language.pick(a), this.language.pick(b)));
    for (const node of sorted) {
      this.list.append(
        h(
          "li",
          {},
          h(
            "button",
            { type: "button", className: "link", dataset: { id: node.id }, onclick: () => this.onPickNode(node.id) },
            this.language.pick(node),
          ),
          h("span", { className: "type" }, this.ontology.typeLabel(node.type, this.language)),
        ),
      );
    }
  }

  renderChecks(list, counts, kind, caption) {
    clear(list);
    const hidden = kind === "type" ? this.view.hiddenTypes : this.view.hiddenRelationships;
    for (const name of [...counts.keys()].sort()) {
      const id = `filter-${kind}-${name}`;
      const box = h("input", {
        type: "checkbox",
        id,
        checked: !hidden.has(name),
        dataset: { name },
        onchange: (event) => this.view.setHidden(kind === "type" ? "type" : "relationship", name, !event.target.checked),
      });
      list.append(h("li", {}, box, h("label", { htmlFor: id }, `${caption(name)} (${counts.get(name)})`)));
    }
  }
}

function countBy(items, key) {
  const counts = new Map();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) || 0) + 1);
  return counts;
}
