// The mapping templates (GET /templates): pick a class, download its CSV header and the mapping
// that reads it. Downloads go through fetch, as the API key travels in a header, not in a link.
import { getFile, getJson } from "../common/api.js";
import { add, byId, clear, download, h } from "../common/dom.js";

export class Templates {
  constructor({ language, ontology, onError }) {
    this.language = language;
    this.ontology = ontology;
    this.onError = onError;
    this.select = byId("template-class");
    this.classes = [];
    byId("template-csv").addEventListener("click", () => this.fetch("csv"));
    byId("template-mapping").addEventListener("click", () => this.fetch("mapping.yaml"));
    language.onChange(() => this.render());
  }

  async load() {
    try {
      this.classes = await getJson("/templates");
      this.render();
    } catch (error) {
      this.onError(error);
    }
  }

  render() {
    const chosen = this.select.value;
    const label = (name) => this.ontology.typeLabel(name, this.language);
    const sorted = [...this.classes].sort((a, b) => label(a).localeCompare(label(b), this.language.lang === "zh" ? "zh-CN" : "en"));
    add(clear(this.select), ...sorted.map((name) => h("option", { value: name }, label(name) === name ? name : `${label(name)} (${name})`)));
    if (chosen) this.select.value = chosen;
  }

  async fetch(suffix) {
    const name = this.select.value;
    if (!name) return;
    try {
      const file = await getFile(`/templates/${encodeURIComponent(name)}.${suffix}`, `${name}.${suffix}`);
      download(file.blob, file.filename);
    } catch (error) {
      this.onError(error);
    }
  }
}
