// The path finder: two ends (from search or from a node's "path from/to here"), the hop limit,
// and the shortest paths drawn into the view, highlighted, and listed as text step by step (a
// node in the list focuses it in the view); a list the API cut says so.
import { getJson } from "../common/api.js";
import { byId, clear, h } from "../common/dom.js";
import { Suggest } from "../common/suggest.js";

export class PathFinder {
  constructor({ view, ontology, language, say, onError, onPickNode }) {
    this.view = view;
    this.say = say; // the page's status line, written again on a language switch
    this.onPickNode = onPickNode;
    this.language = language;
    this.onError = onError;
    this.ends = { from: null, to: null };
    this.inputs = { from: byId("path-from"), to: byId("path-to") };
    this.hops = byId("path-hops");
    this.list = byId("path-list");
    this.answer = null;
    for (const end of ["from", "to"]) {
      new Suggest(this.inputs[end], { language, ontology, onError, onPick: (node) => this.setEnd(end, node) });
    }
    byId("path-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.find();
    });
    language.onChange(() => {
      for (const end of ["from", "to"]) if (this.ends[end]) this.inputs[end].value = language.pick(this.ends[end]);
      this.render();
    });
  }

  setEnd(end, node) {
    this.ends[end] = node;
    this.inputs[end].value = this.language.pick(node);
  }

  async find() {
    const { from, to } = this.ends;
    if (!from || !to) {
      this.say(() => this.language.t("pickTwo"), "error");
      return;
    }
    try {
      const answer = await getJson("/paths", { from: from.id, to: to.id, maxHops: this.hops.value });
      this.answer = answer.paths.length ? answer : null;
      this.render();
      if (!answer.paths.length) {
        this.say(() => this.language.t("noPath"), "info");
        return;
      }
      const nodes = answer.paths.flatMap((path) => path.nodes);
      this.view.add(nodes, answer.paths.flatMap((path) => path.edges)); // one batch, one layout
      this.view.markPath(answer.paths);
      const found = () => this.language.t("pathsFound", { n: answer.paths.length, hops: answer.paths[0].edges.length });
      this.say(() => (answer.truncated ? `${found()} ${this.language.t("pathsCut")}` : found()));
    } catch (error) {
      this.onError(error);
    }
  }

  /** The paths as text: each a list of its nodes, with the relationship and its direction between. */
  render() {
    clear(this.list);
    const answer = this.answer;
    this.list.hidden = !answer;
    if (!answer) return;
    const language = this.language;
    const paths = answer.paths.map((path) => {
      const steps = [];
      path.nodes.forEach((node, index) => {
        if (index > 0) {
          const edge = path.edges[index - 1];
          const forward = edge.source === path.nodes[index - 1].id;
          steps.push(h("span", { className: "path-link" }, `${forward ? "→" : "←"} ${language.pick(edge)} ${forward ? "→" : "←"}`));
        }
        steps.push(
          h(
            "button",
            { type: "button", className: "path-node", dataset: { id: node.id }, onclick: () => this.onPickNode(node.id) },
            language.pick(node),
          ),
        );
      });
      return h("li", {}, ...steps);
    });
    this.list.append(h("h3", {}, language.t("pathsListed")), h("ol", {}, ...paths));
    if (answer.truncated) this.list.append(h("p", { className: "muted" }, language.t("pathsCut")));
  }
}
