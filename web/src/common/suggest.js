// A search box with suggestions as you type, from GET /api/v1/search (entities only: quotes=0):
// arrow keys move through them, Enter or a click picks one, Escape closes the list (the ARIA
// combobox pattern). The explorer's search box and the query page's entity parameters use it.
import { getJson } from "./api.js";
import { clear, debounce, h } from "./dom.js";

let counter = 0;

export class Suggest {
  /**
   * @param input the text input
   * @param options.onPick called with the picked SearchResult's node
   * @param options.language the page's Language
   * @param options.ontology the page's Ontology (for class captions)
   * @param options.onError called with an error from the API
   * @param options.type only entities of this class and its subclasses (the API's `type`)
   * @param options.fill the text a picked node leaves in the box (its caption in the page's language)
   */
  constructor(input, { onPick, language, ontology, onError, type = null, fill = null }) {
    this.input = input;
    this.onPick = onPick;
    this.type = type;
    this.fill = fill || ((node) => language.pick(node));
    this.language = language;
    this.ontology = ontology;
    this.onError = onError;
    this.results = [];
    this.active = -1;
    this.picked = null;
    this.list = h("ul", { className: "suggestions", role: "listbox", id: `suggestions-${++counter}` });
    this.list.hidden = true;
    input.after(this.list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);
    input.autocomplete = "off";
    const lookUp = debounce(() => this.lookUp(), 180);
    input.addEventListener("input", lookUp);
    input.addEventListener("keydown", (event) => this.key(event));
    input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
  }

  async lookUp() {
    const text = this.input.value.trim();
    if (!text) return this.close();
    try {
      const query = { q: text, limit: 12, quotes: 0 };
      if (this.type) query.type = this.type;
      const answer = await getJson("/search", query);
      if (this.input.value.trim() !== text) return; // typed on meanwhile: a newer answer is coming
      this.results = answer.results;
      this.active = this.results.length ? 0 : -1;
      this.render();
    } catch (error) {
      this.close();
      this.onError(error);
    }
  }

  render() {
    clear(this.list);
    if (!this.results.length) {
      this.list.append(h("li", { className: "empty" }, this.language.t("noMatches")));
    }
    this.results.forEach((result, index) => {
      const node = result.node;
      const style = this.ontology.style(node.type);
      const swatch = h("span", { className: "swatch", ariaHidden: "true" });
      swatch.style.backgroundColor = style.color;
      const item = h(
        "li",
        {
          role: "option",
          id: `${this.list.id}-${index}`,
          ariaSelected: String(index === this.active),
          className: index === this.active ? "active" : "",
          onmousedown: (event) => {
            event.preventDefault(); // keep the focus in the box
            this.pick(index);
          },
        },
        swatch,
        h("span", { className: "name", title: this.language.t(`matched_${result.matched}`) }, this.language.pick(node)),
        h("span", { className: "type" }, this.ontology.typeLabel(node.type, this.language)),
        node.provenance && node.provenance.synthetic
          ? h("span", { className: "badge synthetic" }, this.language.t("kind_synthetic"))
          : null,
      );
      this.list.append(item);
    });
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    if (this.active >= 0) this.input.setAttribute("aria-activedescendant", `${this.list.id}-${this.active}`);
  }

  key(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (this.list.hidden || !this.results.length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + this.results.length) % this.results.length;
      this.render();
    } else if (event.key === "Enter") {
      if (this.list.hidden && this.input.form && this.picked !== null && this.input.value === this.picked) return; // submits
      event.preventDefault();
      if (this.active >= 0 && !this.list.hidden) this.pick(this.active);
      else this.lookUp();
    } else if (event.key === "Escape") {
      this.close();
    }
  }

  pick(index) {
    const result = this.results[index];
    if (!result) return;
    this.close();
    this.input.value = this.fill(result.node);
    this.picked = this.input.value; // Enter on the picked text, list closed, goes on to the form
    this.onPick(result.node);
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }
}
