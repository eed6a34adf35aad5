// The first screen, over the empty canvas: the headline question (a link to the query page), the
// science cities as buttons that draw them, example searches that fill the search box, and the
// steward page. The cities come from the graph (a search by class), not from a list in the page.
import { getJson, postJson } from "../common/api.js";
import { byId, clear, h } from "../common/dom.js";

const CITY_LIMIT = 20; // the search's page; the curated graph has ten
// searches that show what the box understands: a Chinese name, an English one, pinyin
const EXAMPLES = ["稀土", "Ganzhou", "中国科学院赣江创新研究院", "xijin"];

export class StartScreen {
  constructor({ view, language, onError, onDraw }) {
    this.view = view;
    this.language = language;
    this.onError = onError;
    this.onDraw = onDraw; // (nodes, edges, selectedId)
    this.cities = [];
    this.citiesBox = byId("start-cities");
    this.examplesBox = byId("start-examples");
    language.onChange(() => this.render());
  }

  async load() {
    try {
      const answer = await getJson("/search", { q: "科创城", type: "ScienceCity", limit: CITY_LIMIT, quotes: 0 });
      this.cities = answer.results.map((result) => result.node);
    } catch (error) {
      this.onError(error);
    }
    this.render();
  }

  render() {
    const t = (key) => this.language.t(key);
    clear(this.citiesBox);
    if (!this.cities.length) this.citiesBox.append(h("p", { className: "muted" }, t("startNoCities")));
    for (const city of this.cities) {
      this.citiesBox.append(
        h("button", { type: "button", dataset: { id: city.id }, onclick: () => this.onDraw([city], [], city.id) }, this.language.pick(city)),
      );
    }
    if (this.cities.length > 1) {
      this.citiesBox.append(h("button", { type: "button", id: "start-all", className: "primary", onclick: () => this.drawAll() }, t("startAllCities")));
    }
    clear(this.examplesBox);
    for (const text of EXAMPLES) {
      this.examplesBox.append(h("button", { type: "button", className: "example data", onclick: () => this.search(text) }, text));
    }
  }

  async drawAll() {
    try {
      const graph = await postJson("/subgraph", { ids: this.cities.map((city) => city.id) });
      this.onDraw(graph.nodes, graph.edges, null);
    } catch (error) {
      this.onError(error);
    }
  }

  /** Put an example in the search box as if typed: its suggestions open. */
  search(text) {
    const box = byId("search");
    box.value = text;
    box.focus();
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }
}
