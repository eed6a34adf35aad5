// The ingest history (GET /runs) and one run's changes (GET /runs/{run}), each entity a link into
// the explorer. Counts first, in the words of the report and the job (counts.js): a run's records
// come from the graph, its rows from the upload's job (GET /ingest) when it was one; the files, by
// name, folded away (a folder load reads dozens).
import { getJson } from "../common/api.js";
import { add, byId, clear, h } from "../common/dom.js";
import { recordsText, rowsText } from "./counts.js";

const EXPLORER_LINK_IDS = 300;

export class RunHistory {
  constructor({ language, ontology, onError }) {
    this.language = language;
    this.ontology = ontology;
    this.onError = onError;
    this.table = byId("runs-table");
    this.detail = byId("run-detail");
    this.page = null;
    this.jobs = new Map();
    this.shown = null;
    byId("runs-refresh").addEventListener("click", () => this.load());
    language.onChange(() => {
      this.renderTable();
      this.renderDetail();
    });
  }

  async load() {
    try {
      const [page, jobs] = await Promise.all([getJson("/runs", { limit: 50 }), getJson("/ingest", { limit: 50 })]);
      this.page = page;
      this.jobs = new Map(jobs.filter((job) => job.runId).map((job) => [job.runId, job]));
      this.renderTable();
    } catch (error) {
      this.onError(error);
    }
  }

  renderTable() {
    if (!this.page) return;
    const t = (key, values) => this.language.t(key, values);
    add(clear(this.table),
      h(
        "table",
        { className: "rows runs" },
        h(
          "thead",
          {},
          h("tr", {}, ["runRecords", "runRows", "runStarted", "runBy", "runFiles"].map((key) => h("th", { scope: "col" }, t(key)))),
        ),
        h("tbody", {}, this.page.runs.map((run) => this.row(run, t))),
      ),
    );
  }

  row(run, t) {
    const job = this.jobs.get(run.runId);
    const records = run.counts ? recordsText(this.language, run.counts) : t("runUnfinished");
    const rows = job && job.counts ? rowsText(this.language, job.progress.rowsRead, job.rejectedRows) : rowsText(this.language, null);
    const files = run.files.length
      ? h(
          "details",
          { className: "run-files" },
          h("summary", {}, run.files.length === 1 ? t("runOneFile") : t("runFilesCount", { n: this.language.number(run.files.length) })),
          h("ul", {}, run.files.map((name) => h("li", {}, name))),
        )
      : "—";
    return h(
      "tr",
      { dataset: { run: run.runId } },
      h("td", { dataset: { column: "counts", rejected: run.counts ? run.counts.rejected : "" } }, records),
      h("td", { dataset: { column: "rows", rejected: job && job.counts ? job.rejectedRows : "" } }, rows),
      h("td", {}, h("button", { type: "button", className: "link", onclick: () => this.show(run.runId) }, run.startedAt || run.runId)),
      h("td", {}, run.startedBy || "—"),
      h("td", { dataset: { column: "files" } }, files),
    );
  }

  async show(runId) {
    try {
      this.shown = await getJson(`/runs/${encodeURIComponent(runId)}`);
      this.renderDetail();
    } catch (error) {
      this.onError(error);
    }
  }

  renderDetail() {
    const run = this.shown;
    if (!run) return;
    const t = (key, values) => this.language.t(key, values);
    const ids = run.changes.flatMap((group) => group.entities.map((e) => e.id));
    const all = new URL("/", location.origin);
    for (const id of ids.slice(0, EXPLORER_LINK_IDS)) all.searchParams.append("n", id);
    all.searchParams.set("lang", this.language.lang);
    this.detail.hidden = false;
    add(clear(this.detail),
      h("h3", {}, `${t("runChanges")}: `, h("code", {}, run.runId)),
      ids.length ? h("p", {}, h("a", { href: all.pathname + all.search, id: "run-open-all" }, t("openAllInExplorer"))) : null,
      ...run.changes.map((group) =>
        h(
          "details",
          { open: true, className: "change-group" },
          h(
            "summary",
            {},
            group.type ? this.ontology.typeLabel(group.type, this.language) : "—",
            ` · ${t("change_created")} ${group.created} · ${t("change_updated")} ${group.updated}`,
          ),
          h(
            "ul",
            {},
            group.entities.map((entity) => {
              const link = new URL("/", location.origin);
              link.searchParams.append("n", entity.id);
              link.searchParams.set("sel", entity.id);
              link.searchParams.set("lang", this.language.lang);
              return h(
                "li",
                {},
                h("span", { className: `badge change-${entity.change}` }, t(`change_${entity.change}`)),
                " ",
                h("a", { href: link.pathname + link.search, dataset: { id: entity.id } }, entity.name || entity.id),
              );
            }),
          ),
        ),
      ),
    );
  }
}
