// The path finder: two ends (from search or from a node's "path from/to here"), the hop limit,
// and the shortest paths drawn into the view and highlighted.
import { getJson } from "../common/api.js";
import { announce, byId } from "../common/dom.js";
import { Suggest } from "../common/suggest.js";

export class PathFinder {
  constructor({ view, ontology, language, onError }) {
    this.view = view;
    this.language = language;
    this.onError = onError;
    this.ends = { from: null, to: null };
    this.inputs = { from: byId("path-from"), to: byId("path-to") };
    this.hops = byId("path-hops");
    for (const end of ["from", "to"]) {
      new Suggest(this.inputs[end], { language, ontology, onError, onPick: (node) => this.setEnd(end, node) });
    }
    byId("path-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.find();
    });
    language.onChange(() => {
      for (const end of ["from", "to"]) if (this.ends[end]) this.inputs[end].value = language.pick(this.ends[end]);
    });
  }

  setEnd(end, node) {
    this.ends[end] = node;
    this.inputs[end].value = this.language.pick(node);
  }

  async find() {
    const { from, to } = this.ends;
    if (!from || !to) {
      announce(this.language.t("pickTwo"), "error");
      return;
    }
    try {
      const answer = await getJson("/paths", { from: from.id, to: to.id, max_hops: this.hops.value });
      if (!answer.paths.length) {
        announce(this.language.t("noPath"), "info");
        return;
      }
      for (const path of answer.paths) this.view.add(path.nodes, path.edges);
      this.view.markPath(answer.paths);
      announce(this.language.t("pathsFound", { n: answer.paths.length, hops: answer.paths[0].edges.length }));
    } catch (error) {
      this.onError(error);
    }
  }
}
