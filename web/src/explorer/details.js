// The details panel: an entity's class, properties and provenance (how the fact is known, the
// quoted passage and its source document), the passages that name it, and its relationships by
// type with a button to draw each group; or a relationship's provenance.
import { getJson } from "../common/api.js";
import { add, byId, clear, h } from "../common/dom.js";
import { closedValueText } from "../common/i18n.js";

const KINDS = ["documented", "curated", "inferred", "synthetic", "reference"];
const CJK = /[\u3400-\u9fff]/;

export class DetailsPanel {
  constructor({ view, ontology, language, actions, onError }) {
    this.view = view;
    this.ontology = ontology;
    this.language = language;
    this.actions = actions; // expand, expandGroup, focus, remove, pathFrom, pathTo
    this.onError = onError;
    this.body = byId("details-body");
    this.current = null; // {kind, id}
    this.cache = new Map();
    language.onChange(() => this.render());
  }

  async show(selection) {
    this.current = selection;
    if (selection && selection.kind === "node" && !this.cache.has(selection.id)) {
      add(clear(this.body), h("p", { className: "muted" }, this.language.t("loading")));
      try {
        this.cache.set(selection.id, await getJson(`/entities/${encodeURIComponent(selection.id)}`));
      } catch (error) {
        this.onError(error);
        return;
      }
      if (this.current !== selection) return; // another selection meanwhile
    }
    this.render();
  }

  render() {
    const t = (key, values) => this.language.t(key, values);
    clear(this.body);
    const selection = this.current;
    if (!selection) {
      add(this.body, h("p", { className: "muted" }, t("nothingSelected")));
      return;
    }
    if (selection.kind === "edge") {
      const edge = this.view.cy.getElementById(selection.id);
      if (edge.empty()) return;
      this.renderEdge(edge.data());
      return;
    }
    const detail = this.cache.get(selection.id);
    if (detail) this.renderNode(detail);
  }

  renderNode(detail) {
    const t = (key, values) => this.language.t(key, values);
    const node = detail.node;
    const other = this.language.lang === "zh" ? node.captionEn : node.captionZh;
    add(this.body,
      h("h3", { className: "entity-name" }, this.language.pick(node)),
      other && other !== this.language.pick(node) ? h("p", { className: "other-name" }, other) : null,
      h("p", { className: "entity-type" }, this.ontology.typeLabel(node.type, this.language), h("code", {}, node.id)),
      h(
        "div",
        { className: "actions" },
        h("button", { type: "button", onclick: () => this.actions.expand(node.id), id: "action-expand" }, t("expand")),
        h("button", { type: "button", onclick: () => this.actions.focus(node.id) }, t("focus")),
        h("button", { type: "button", onclick: () => this.actions.pathFrom(node) }, t("pathFrom")),
        h("button", { type: "button", onclick: () => this.actions.pathTo(node) }, t("pathTo")),
        h("button", { type: "button", onclick: () => this.actions.remove(node.id) }, t("remove")),
      ),
    );
    add(this.body, this.provenanceBlock(node.provenance, detail.properties));
    add(this.body, h("h4", {}, t("properties")), this.propertyTable(detail.properties));
    if (detail.relationshipCounts.length) {
      add(this.body,
        h("h4", {}, t("relationships")),
        h(
          "ul",
          { className: "counts" },
          detail.relationshipCounts.map((count) =>
            h(
              "li",
              {},
              h(
                "button",
                {
                  type: "button",
                  className: "link",
                  onclick: () => this.actions.expandGroup(node.id, count),
                },
                `${this.ontology.relationshipLabel(count.relationship, this.language)} ${count.direction === "out" ? "→" : "←"} `,
                `${this.ontology.typeLabel(count.type, this.language)} `,
                h("span", { className: "count" }, this.language.number(count.count)),
              ),
            ),
          ),
        ),
      );
    }
    if (detail.mentions.length) {
      add(this.body,
        h("h4", {}, t("mentions")),
        h(
          "ul",
          { className: "mentions" },
          detail.mentions.map((mention) =>
            h(
              "li",
              {},
              mention.quote ? h("blockquote", { className: "quote" }, mention.quote) : null,
              mention.source ? this.sourceLabel(mention.source) : h("span", { className: "source" }, mention.captionZh),
            ),
          ),
        ),
      );
    }
  }

  renderEdge(edge) {
    const t = (key, values) => this.language.t(key, values);
    const source = this.view.node(edge.source);
    const target = this.view.node(edge.target);
    add(this.body,
      h("h3", { className: "entity-name" }, this.ontology.relationshipLabel(edge.type, this.language)),
      h(
        "p",
        { className: "entity-type" },
        source ? this.language.pick(source.data()) : edge.source,
        " → ",
        target ? this.language.pick(target.data()) : edge.target,
      ),
      h("p", {}, h("code", {}, edge.type)),
      this.provenanceBlock(edge.provenance, {}),
    );
  }

  provenanceBlock(provenance, properties) {
    const t = (key, values) => this.language.t(key, values);
    const kind = provenance && KINDS.includes(provenance.kind) ? provenance.kind : "unknown";
    const block = h(
      "section",
      { className: `provenance kind-${kind}` },
      h("h4", {}, t("provenance")),
      h(
        "p",
        {},
        h("span", { className: `badge kind-${kind}`, id: "provenance-kind" }, t(`kind_${kind}`)),
        " ",
        t(`kindExplained_${kind}`),
      ),
    );
    if (!provenance) return block;
    if (provenance.quote) {
      add(block, h("p", { className: "label" }, t("quote")), h("blockquote", { className: "quote" }, provenance.quote));
    }
    if (provenance.source) {
      // a provenance cites its document itself, in the shape `sources` lists it
      const cited = { document: provenance.document, section: provenance.section };
      add(block, h("p", {}, h("span", { className: "label" }, `${t("source")}: `), this.sourceLabel(provenance.source, cited)));
    }
    if (provenance.note) add(block, this.noteLine(provenance.note));
    if (provenance.sourceRow != null) {
      add(block, h("p", {}, h("span", { className: "label" }, `${t("sourceRow")}: `), String(provenance.sourceRow)));
    }
    const rule = (properties && properties.derivedBy) || provenance.derivedBy;
    if (rule) {
      const named = this.language.has(`rule_${rule}`);
      add(block,
        h("p", { id: "derived-by" },
          h("span", { className: "label" }, `${t("derivedBy")}: `),
          named ? t(`rule_${rule}`) : rule,
          named ? h("span", { className: "muted" }, ` — ${t(`ruleExplained_${rule}`)}`) : null,
        ),
      );
    }
    return block;
  }

  /**
   * A source (file#section) as a reader names it: the document's title and number, then the
   * section (`cited`, else the API's `sources` of any entity loaded); the stored form stays in the tooltip.
   */
  sourceLabel(source, cited = null) {
    for (const detail of cited ? [] : this.cache.values()) {
      cited = (detail.sources || []).find((one) => one.source === source) || cited;
      if (cited) break;
    }
    const document = cited && cited.document;
    if (!document) return h("span", { className: "source", title: source }, source);
    const title = this.language.lang === "en" && document.titleEn ? document.titleEn : document.titleZh;
    return h(
      "span",
      { className: "source", title: source, dataset: { document: document.id } },
      h("cite", {}, title),
      document.number ? (this.language.lang === "zh" ? `（${document.number}）` : ` (${document.number})`) : "",
      cited.section ? ` · ${cited.section}` : "",
    );
  }

  /** A curator's note is data and stays as written; one in English is marked so in Chinese mode. */
  noteLine(note) {
    const english = !CJK.test(note);
    return h(
      "p",
      { className: "note" },
      h("span", { className: "label" }, `${this.language.t("note")}: `),
      h("span", { lang: english ? "en" : "zh-CN", className: "data" }, note),
      english && this.language.lang === "zh" ? h("span", { className: "muted" }, this.language.t("noteInEnglish")) : null,
    );
  }

  /** A value of a closed set (stage, level, status…) in the page's language; other data as it is. */
  valueText(name, value) {
    if (Array.isArray(value)) return value.map((one) => this.valueText(name, one)).join("、");
    if (value !== null && typeof value === "object") return JSON.stringify(value);
    if (typeof value === "boolean") return this.language.t(`value_${value}`);
    if (name === "provenanceKind" && KINDS.includes(value)) return this.language.t(`kind_${value}`);
    if (name === "derivedBy" && this.language.has(`rule_${value}`)) return this.language.t(`rule_${value}`);
    return closedValueText(this.language, name, value) ?? String(value);
  }

  propertyTable(properties) {
    const shown = Object.entries(properties).filter(([name]) => !["quote", "source", "note", "derivedBy"].includes(name));
    return h(
      "table",
      { className: "properties" },
      h(
        "tbody",
        {},
        shown.map(([name, value]) =>
          h(
            "tr",
            {},
            h("th", { scope: "row", title: name }, this.ontology.propertyLabel(name, this.language)),
            // a value turned into the page's words is chrome; any other is data, shown as stored
            h("td", { dataset: { property: name }, className: this.valueText(name, value) === String(value) ? "data" : "" }, this.valueText(name, value)),
          ),
        ),
      ),
    );
  }
}
