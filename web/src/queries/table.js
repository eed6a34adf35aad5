// A question's rows as a table, each column headed by its label in the page's language: scalar cells as text, lists as lists, maps by their name (the
// whole value in the cell's title), so nested answers such as the headline's supporters stay readable;
// a count by class or by provenance (the headline's summaries) as the class's or the kind's label
// in the page's language and the number; a value of a closed set (stage, level, …) in the page's language.
import { h } from "../common/dom.js";
import { closedValueText } from "../common/i18n.js";

/** `labels`: a column's `{zh, en}` label by its name, where the question gives one; the header
 * shows it in the page's language, the column's name as its tooltip. */
export function answerTable(columns, rows, language, ontology, labels = {}) {
  if (!rows.length) return h("p", { className: "muted" }, language.t("noRows"));
  return h(
    "table",
    { className: "rows" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        columns.map((column) =>
          h("th", { scope: "col", title: labels[column] ? column : undefined, dataset: { column } }, labels[column] ? language.pick(labels[column]) : column),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((row) =>
        h(
          "tr",
          {},
          columns.map((column) =>
            h("td", { dataset: { column } }, closedValue(column, row[column], language) ?? cell(row[column], language, ontology)),
          ),
        ),
      ),
    ),
  );
}

/** A value of a closed set (stage, level, certainty, role, status, comparator, a year's basis) in
 * the page's language, the stored value as its title; null for any other value. The graph keeps the
 * English value: only what is shown changes. */
function closedValue(column, value, language) {
  const property = /YearBasis$/.test(column) ? "yearBasis" : column;
  const values = Array.isArray(value) ? value : [value];
  const texts = values.map((one) => (typeof one === "string" ? closedValueText(language, property, one) : null));
  if (!texts.length || texts.includes(null)) return null;
  const shown = texts.join(language.lang === "zh" ? "、" : ", ");
  return h("span", { className: "cell-value", title: values.join(", ") }, shown);
}

function cell(value, language, ontology) {
  if (value === null || value === undefined) return h("span", { className: "null" }, "—");
  if (Array.isArray(value)) {
    if (!value.length) return h("span", { className: "null" }, "[]");
    return h("ul", { className: "cell-list" }, value.map((item) => h("li", {}, cell(item, language, ontology))));
  }
  if (typeof value === "object" && typeof value.count === "number") {
    const label = countLabel(value, language, ontology);
    if (label !== null) return h("span", { className: "cell-count" }, `${label} ${language.number(value.count)}`);
  }
  if (typeof value === "object" && "passageId" in value && "kind" in value) return provenanceCell(value, language);
  if (typeof value === "object") {
    const name = value.nameZh || value.name || value.caption || value.place || value.id;
    return h("span", { className: "cell-map", title: JSON.stringify(value, null, 1) }, name ? String(name) : JSON.stringify(value));
  }
  return String(value);
}

/** The label of a {class, count} or {provenance, count} map; null for any other map with a count. */
function countLabel(value, language, ontology) {
  const keys = Object.keys(value).filter((key) => key !== "count");
  if (keys.length !== 1) return null;
  if (keys[0] === "class") return ontology ? ontology.typeLabel(value.class, language) : value.class;
  if (keys[0] === "provenance") return language.t(`kind_${value.provenance || "unknown"}`);
  return null;
}

/** A fact's provenance (the API's Provenance, in rows as on edges): how it is known, then the
 * document by its title and number and the section (the stored source when it names no document);
 * the quote and the note in the cell's title. */
function provenanceCell(value, language) {
  const { document } = value;
  const title = document ? (language.lang === "en" && document.titleEn) || document.titleZh : value.source;
  const number = document && document.number ? (language.lang === "zh" ? `（${document.number}）` : ` (${document.number})`) : "";
  const cited = title ? [h("cite", {}, title), number, value.section && document ? ` · ${value.section}` : ""] : [];
  const hover = [value.quote && `「${value.quote}」`, value.note, value.source].filter(Boolean).join("\n");
  return h(
    "span",
    { className: "cell-provenance", title: hover, dataset: { passage: value.passageId || "" } },
    h("span", { className: `kind kind-${value.kind || "unknown"}` }, language.t(`kind_${value.kind || "unknown"}`)),
    cited.length ? " " : "",
    ...cited,
  );
}
