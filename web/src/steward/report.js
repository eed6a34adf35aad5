// An upload's report: what the file made and what would load, then the findings grouped by rule
// (Violations first), each group with its count and its first rows, messages in the page's language.
import { add, clear, h } from "../common/dom.js";
import { reportRecordsText, rowsText } from "./counts.js";

const ROWS_SHOWN = 20;

export function renderReport(report, language, { summary, verdict, rules, notices }) {
  const t = (key, values) => language.t(key, values);
  // the file, then its rows and records in the words the job and the history use (counts.js)
  add(clear(summary),
    h("span", { className: "report-file" }, t("reportFile", { file: report.file, kind: report.kind })),
    h("span", { className: "count-rows", dataset: { read: report.rowsRead, rejected: report.rejectedRows } },
      rowsText(language, report.rowsRead, report.rejectedRows)),
    h("span", { className: "count-records", dataset: { rejected: report.recordsRejected } }, reportRecordsText(language, report)),
  );
  verdict.textContent = report.conforms ? t("conforms") : t("rejectedRows", { n: language.number(report.rejectedRows) });
  verdict.className = report.conforms ? "ok" : "warn";
  clear(rules);
  for (const group of report.rules) {
    const shown = group.findings.slice(0, ROWS_SHOWN);
    add(rules,
      h(
        "details",
        { className: `rule severity-${group.severity.toLowerCase()}`, open: group.severity === "Violation", dataset: { rule: group.rule } },
        h(
          "summary",
          {},
          h("span", { className: `badge severity-${group.severity.toLowerCase()}` }, group.severity),
          " ",
          h("code", {}, group.rule),
          " ",
          h("span", { className: "count" }, t(group.count === 1 ? "oneFinding" : "findings", { n: language.number(group.count) })),
          group.count > shown.length ? h("span", { className: "muted" }, ` ${t("firstRows", { n: shown.length })}`) : null,
        ),
        h(
          "table",
          { className: "rows" },
          h(
            "thead",
            {},
            h("tr", {}, [t("row"), t("field"), t("value"), t("message")].map((label) => h("th", { scope: "col" }, label))),
          ),
          h(
            "tbody",
            {},
            shown.map((finding) =>
              h(
                "tr",
                {},
                h("td", { dataset: { column: "row" } }, finding.row === null ? "—" : String(finding.row)),
                h("td", { dataset: { column: "field" } }, finding.field || "—"),
                h("td", { dataset: { column: "value" } }, finding.value ?? "—"),
                h("td", { dataset: { column: "message" } }, language.lang === "zh" ? finding.messageZh : finding.messageEn),
              ),
            ),
          ),
        ),
      ),
    );
  }
  clear(notices);
  if (report.notices.length) {
    add(notices,
      h("h4", {}, t("notices")),
      h("ul", {}, report.notices.map((n) => h("li", {}, `${n.file}${n.row ? `, ${n.row}` : ""}: ${n.message}`))),
    );
  }
  // link ends the name resolver found (not an id, not an exact name): which row, to what, how
  const linked = report.linkedByName || [];
  if (linked.length) {
    add(notices,
      h("h4", {}, t("linkedByName", { n: language.number(linked.length) })),
      h("ul", { className: "linked-by-name" }, linked.map((k) =>
        h("li", { dataset: { row: String(k.row) } }, t("linkedByNameItem", {
          row: k.row, field: k.field, value: k.value, name: k.targetName, id: k.target, matched: k.matched, form: k.matchedForm,
        })))),
    );
  }
}
