// A large neighbourhood is summarised, not drawn whole: "Ganzhou has 2,314 neighbours; only the
// first 50 are drawn", then its groups by relationship and class, each with a button to draw 50
// of that group, and a button for the next page of all of them. It is docked beside the canvas
// (explorer.html's .stage; the view fits its drawing again when the canvas narrows or widens) and
// closes with the selection (Esc, a tap on the background) or its own button.
import { add, byId, clear, h } from "../common/dom.js";
import { PAGE_SIZE } from "./view.js";

export class NeighbourhoodSummary {
  constructor({ view, ontology, language, onShowMore, onShowGroup, onClose }) {
    this.view = view;
    this.ontology = ontology;
    this.language = language;
    this.onShowMore = onShowMore;
    this.onShowGroup = onShowGroup;
    this.onClose = onClose;
    this.box = byId("summary");
    this.id = null;
    view.addEventListener("change", () => this.render());
    language.onChange(() => this.render());
  }

  showFor(id) {
    this.id = id;
    this.render();
  }

  render() {
    clear(this.box);
    const state = this.id ? this.view.neighbourhoods.get(this.id) : null;
    const node = this.id ? this.view.node(this.id) : null;
    if (!state || !node || state.total <= state.drawn) {
      this.box.hidden = true;
      return;
    }
    const t = (key, values) => this.language.t(key, values);
    const number = (n) => this.language.number(n);
    this.box.hidden = false;
    add(this.box,
      h(
        "div",
        { className: "summary-head" },
        h("h2", { id: "summary-title" }, t("neighbourhood")),
        h("button", { type: "button", id: "summary-close", ariaLabel: t("closeSummary"), onclick: () => this.onClose() }, "×"),
      ),
      h(
        "p",
        {},
        t("largeNeighbourhood", {
          name: this.language.pick(node.data()),
          total: number(state.total),
          shown: number(state.drawn),
        }),
      ),
      h(
        "ul",
        {},
        state.summary.map((group) =>
          h(
            "li",
            {},
            t("summaryRow", {
              count: number(group.count),
              type: this.ontology.typeLabel(group.type, this.language),
              rel: this.ontology.relationshipLabel(group.relationship, this.language),
            }),
            " ",
            h(
              "button",
              { type: "button", onclick: () => this.onShowGroup(this.id, group) },
              t("showGroup", { n: number(Math.min(PAGE_SIZE, group.count)) }),
            ),
          ),
        ),
      ),
      state.nextCursor
        ? h("button", { type: "button", onclick: () => this.onShowMore(this.id) }, t("showMore", { n: PAGE_SIZE }))
        : null,
    );
  }
}
