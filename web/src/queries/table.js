// A question's rows as a table: scalar cells as text, lists as lists, maps by their name (the
// whole value in the cell's title), so nested answers such as the headline's supporters stay readable.
import { h } from "../common/dom.js";

export function answerTable(columns, rows, language) {
  if (!rows.length) return h("p", { className: "muted" }, language.t("noRows"));
  return h(
    "table",
    { className: "rows" },
    h("thead", {}, h("tr", {}, columns.map((column) => h("th", { scope: "col" }, column)))),
    h(
      "tbody",
      {},
      rows.map((row) => h("tr", {}, columns.map((column) => h("td", { dataset: { column } }, cell(row[column]))))),
    ),
  );
}

function cell(value) {
  if (value === null || value === undefined) return h("span", { className: "null" }, "—");
  if (Array.isArray(value)) {
    if (!value.length) return h("span", { className: "null" }, "[]");
    return h("ul", { className: "cell-list" }, value.map((item) => h("li", {}, cell(item))));
  }
  if (typeof value === "object") {
    const name = value.nameZh || value.name || value.caption || value.place || value.id;
    return h("span", { className: "cell-map", title: JSON.stringify(value, null, 1) }, name ? String(name) : JSON.stringify(value));
  }
  return String(value);
}
